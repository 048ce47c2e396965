using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// This part: TransactWriteItems, all or nothing across tables. The tables' locks are taken in
    /// ordinal name order (so two transactions never wait on each other in a cycle), every condition is
    /// decided, and only when all hold is any item written. A ClientRequestToken makes a repeat within
    /// ten minutes of the commit a no-op (<see cref="TransactionTokens"/>).
    /// </summary>
    public sealed partial class EmbeddedTableStore
    {
        private const int MaxTransactItems = 100;

        /// <summary>DynamoDB's bound on a ClientRequestToken's length.</summary>
        private const int MaxClientRequestToken = 36;

        private readonly TransactionTokens _tokens = new TransactionTokens();

        public Task<TransactWriteItemsResponse> TransactWriteItemsAsync(TransactWriteItemsRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            var items = request.TransactItems ?? new List<TransactWriteItem>();
            if (items.Count < 1 || items.Count > MaxTransactItems)
                throw TableErrors.Validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
            var token = CheckToken(request.ClientRequestToken);
            if (token == null)
            {
                Transact(items);
                return new TransactWriteItemsResponse();
            }
            // A repeat within the window is answered as the first was, without applying anything again.
            if (!_tokens.Claim(token, TransactionFingerprint.Of(request), _time.GetUtcNow())) return new TransactWriteItemsResponse();
            try
            {
                Transact(items);
            }
            catch
            {
                _tokens.Release(token);
                throw;
            }
            _tokens.Commit(token, _time.GetUtcNow());
            return new TransactWriteItemsResponse();
        });

        private static string? CheckToken(string? token)
        {
            if (token == null) return null;
            if (token.Length > MaxClientRequestToken)
                throw TableErrors.Validation("1 validation error detected: Value '" + token + "' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to " + MaxClientRequestToken);
            if (token.Length == 0)
                throw TableErrors.Validation("1 validation error detected: Value '' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 1");
            return token;
        }

        // Every item prepared, the tables locked in name order, every condition decided, then the writes.
        private void Transact(List<TransactWriteItem> items)
        {
            var writes = items.Select(PrepareTransactItem).ToList();
            RefuseDuplicates(writes.Select(w => (w.Table, w.Key)), "Transaction request cannot include multiple operations on one item");
            var tables = writes.Select(w => w.Table).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            var held = new List<StoredTable>();
            try
            {
                foreach (var table in tables)
                {
                    Monitor.Enter(table.Gate);
                    held.Add(table);
                    LiveOrGone(table);
                }
                Decide(writes);
            }
            finally
            {
                for (var i = held.Count - 1; i >= 0; i--) Monitor.Exit(held[i].Gate);
            }
        }

        // Under every table's lock: each condition, then each new item, then the writes.
        private static void Decide(List<PreparedWrite> writes)
        {
            var failed = writes.Select(w => !w.ConditionHolds()).ToList();
            if (failed.Any(f => f))
                throw TableErrors.TransactionCanceled(writes.Select((w, i) => failed[i] ? ConditionReason(w) : NoReason()).ToList());
            var afters = new List<Dictionary<string, AttributeValue>?>();
            for (var i = 0; i < writes.Count; i++)
            {
                try
                {
                    afters.Add(writes[i].Change == null ? null : writes[i].Compute());
                }
                catch (AmazonDynamoDBException e) when (e.ErrorCode == "ValidationException")
                {
                    throw TableErrors.TransactionCanceled(writes.Select((_, j) => j == i
                        ? new CancellationReason { Code = "ValidationError", Message = e.Message }
                        : NoReason()).ToList());
                }
            }
            for (var i = 0; i < writes.Count; i++)
                if (writes[i].Change != null) writes[i].Commit(afters[i]);
        }

        private static CancellationReason ConditionReason(PreparedWrite write) => new CancellationReason
        {
            Code = "ConditionalCheckFailed",
            Message = "The conditional request failed",
            Item = write.OldItemForFailure(),
        };

        private static CancellationReason NoReason() => new CancellationReason { Code = "None" };

        private PreparedWrite PrepareTransactItem(TransactWriteItem item)
        {
            var actions = new object?[] { item.ConditionCheck, item.Put, item.Update, item.Delete }.Count(a => a != null);
            if (actions != 1)
                throw TableErrors.Validation("TransactItems can only contain one of Check, Put, Update or Delete");
            if (item.ConditionCheck is { } check)
            {
                var prepared = PrepareDelete(TableNamed(check.TableName, forItems: true), check.Key, check.ConditionExpression ?? throw TableErrors.Validation("The ConditionExpression of a ConditionCheck must be specified"),
                    check.ExpressionAttributeNames, check.ExpressionAttributeValues, check.ReturnValuesOnConditionCheckFailure?.Value == "ALL_OLD" ? ReturnValuesOnConditionCheckFailure.ALL_OLD : null);
                return new PreparedWrite(prepared.Table, prepared.Key, prepared.Condition, prepared.Context, null, prepared.ReturnOldOnFailure);
            }
            if (item.Put is { } put)
                return PreparePut(TableNamed(put.TableName, forItems: true), put.Item, put.ConditionExpression, put.ExpressionAttributeNames, put.ExpressionAttributeValues, OnFailure(put.ReturnValuesOnConditionCheckFailure));
            if (item.Update is { } update)
                return PrepareUpdate(TableNamed(update.TableName, forItems: true), update.Key, update.UpdateExpression, update.ConditionExpression,
                    update.ExpressionAttributeNames, update.ExpressionAttributeValues, OnFailure(update.ReturnValuesOnConditionCheckFailure)).Write;
            var delete = item.Delete!;
            return PrepareDelete(TableNamed(delete.TableName, forItems: true), delete.Key, delete.ConditionExpression, delete.ExpressionAttributeNames, delete.ExpressionAttributeValues, OnFailure(delete.ReturnValuesOnConditionCheckFailure));
        }

        private static ReturnValuesOnConditionCheckFailure? OnFailure(ReturnValuesOnConditionCheckFailure? requested) =>
            requested?.Value == "ALL_OLD" ? ReturnValuesOnConditionCheckFailure.ALL_OLD : null;
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables.Expressions;
using Condition = SqsDemo.Engine.Tables.Expressions.Condition;
using Projection = SqsDemo.Engine.Tables.Expressions.Projection;

namespace SqsDemo.Engine.Tables
{
    /// <summary>This part: single-item operations (put, get, update, delete) and the conditional write they share.</summary>
    public sealed partial class EmbeddedTableStore
    {
        public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            RefuseLegacy(request.Expected, "Expected", "ConditionExpression");
            var returnValues = ReturnValuesOf(request.ReturnValues, "NONE", "ALL_OLD");
            var write = PreparePut(TableNamed(request.TableName, forItems: true), request.Item, request.ConditionExpression,
                request.ExpressionAttributeNames, request.ExpressionAttributeValues, request.ReturnValuesOnConditionCheckFailure);
            var (old, _) = Execute(write);
            return new PutItemResponse { Attributes = returnValues == "ALL_OLD" ? CopyOrNull(old) : null };
        });

        public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            RefuseLegacy(request.AttributesToGet, "AttributesToGet", "ProjectionExpression");
            var table = TableNamed(request.TableName, forItems: true);
            var key = table.Schema.KeyOf(request.Key);
            var context = new ExpressionContext(request.ExpressionAttributeNames, null);
            var projection = Projection.Parse(request.ProjectionExpression, context);
            context.CheckAllUsed();
            lock (table.Gate)
            {
                var item = LiveOrGone(table).Get(key);
                return new GetItemResponse { Item = item == null ? null : projection?.Apply(item) ?? AttributeValues.CloneItem(item) };
            }
        });

        public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            RefuseLegacy(request.Expected, "Expected", "ConditionExpression");
            RefuseLegacy(request.AttributeUpdates, "AttributeUpdates", "UpdateExpression");
            var returnValues = ReturnValuesOf(request.ReturnValues, "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
            var (write, update) = PrepareUpdate(TableNamed(request.TableName, forItems: true), request.Key, request.UpdateExpression, request.ConditionExpression,
                request.ExpressionAttributeNames, request.ExpressionAttributeValues, request.ReturnValuesOnConditionCheckFailure);
            var (old, after) = Execute(write);
            return new UpdateItemResponse { Attributes = UpdateReturnValues(returnValues, update, old, after) };
        });

        public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            RefuseLegacy(request.Expected, "Expected", "ConditionExpression");
            var returnValues = ReturnValuesOf(request.ReturnValues, "NONE", "ALL_OLD");
            var write = PrepareDelete(TableNamed(request.TableName, forItems: true), request.Key, request.ConditionExpression,
                request.ExpressionAttributeNames, request.ExpressionAttributeValues, request.ReturnValuesOnConditionCheckFailure);
            var (old, _) = Execute(write);
            return new DeleteItemResponse { Attributes = returnValues == "ALL_OLD" ? CopyOrNull(old) : null };
        });

        private static PreparedWrite PreparePut(StoredTable table, Dictionary<string, AttributeValue>? item, string? condition,
            Dictionary<string, string>? names, Dictionary<string, AttributeValue>? values, ReturnValuesOnConditionCheckFailure? onFailure)
        {
            var stored = IncomingValues.NormalizeItem(item ?? throw TableErrors.Validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null"));
            var key = table.Schema.KeyOfItem(stored);
            if (AttributeValues.SizeOfItem(stored) > MaxItemBytes) throw TableErrors.Validation("Item size has exceeded the maximum allowed size");
            var context = new ExpressionContext(names, values);
            var bound = BindCondition(condition, ExpressionParser.ConditionKind, context);
            context.CheckAllUsed();
            return new PreparedWrite(table, key, bound, context, _ => stored, onFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }

        private static (PreparedWrite Write, UpdateExpression? Update) PrepareUpdate(StoredTable table, Dictionary<string, AttributeValue>? keyAttributes, string? updateText,
            string? condition, Dictionary<string, string>? names, Dictionary<string, AttributeValue>? values, ReturnValuesOnConditionCheckFailure? onFailure)
        {
            var key = table.Schema.KeyOf(keyAttributes);
            var context = new ExpressionContext(names, values);
            var update = updateText == null ? null : ExpressionBinder.Bind(ExpressionParser.ParseUpdate(updateText), context);
            if (update != null) UpdateApplier.CheckActions(update, table.Schema.KeyNames);
            var bound = BindCondition(condition, ExpressionParser.ConditionKind, context);
            context.CheckAllUsed();
            var keyItem = table.Schema.KeyAttributes(IncomingValues.NormalizeItem(keyAttributes!));
            Dictionary<string, AttributeValue> Change(Dictionary<string, AttributeValue>? old) =>
                update == null ? AttributeValues.CloneItem(old ?? keyItem) : UpdateApplier.Apply(update, old ?? keyItem, context);
            return (new PreparedWrite(table, key, bound, context, Change, onFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD), update);
        }

        private static PreparedWrite PrepareDelete(StoredTable table, Dictionary<string, AttributeValue>? keyAttributes, string? condition,
            Dictionary<string, string>? names, Dictionary<string, AttributeValue>? values, ReturnValuesOnConditionCheckFailure? onFailure)
        {
            var key = table.Schema.KeyOf(keyAttributes);
            var context = new ExpressionContext(names, values);
            var bound = BindCondition(condition, ExpressionParser.ConditionKind, context);
            context.CheckAllUsed();
            return new PreparedWrite(table, key, bound, context, _ => null, onFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }

        private static Condition? BindCondition(string? text, string kind, ExpressionContext context) =>
            text == null ? null : ExpressionBinder.Bind(ExpressionParser.ParseCondition(text, kind), context);

        /// <summary>Decides and applies one write under its table's lock; answers the item before and after.</summary>
        private static (Dictionary<string, AttributeValue>? Old, Dictionary<string, AttributeValue>? After) Execute(PreparedWrite write)
        {
            lock (write.Table.Gate)
            {
                LiveOrGone(write.Table);
                if (!write.ConditionHolds()) throw TableErrors.ConditionFailed(write.OldItemForFailure());
                var old = write.Current;
                var after = write.Compute();
                write.Commit(after);
                return (old, after);
            }
        }

        private static StoredTable LiveOrGone(StoredTable table) => table.Deleted ? throw TableErrors.ItemTableNotFound() : table;

        private static Dictionary<string, AttributeValue>? UpdateReturnValues(string returnValues, UpdateExpression? update,
            Dictionary<string, AttributeValue>? old, Dictionary<string, AttributeValue>? after)
        {
            // UPDATED_*: the top-level attributes the actions touched (DynamoDB narrows nested paths further).
            var touched = new HashSet<string>(update?.Actions.Select(a => DocumentPaths.TopName(a.Path)) ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            var source = returnValues.EndsWith("OLD", StringComparison.Ordinal) ? old : after;
            if (returnValues == "NONE" || source == null) return null;
            var chosen = returnValues.StartsWith("UPDATED", StringComparison.Ordinal)
                ? source.Where(kv => touched.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)
                : source;
            return chosen.Count == 0 ? null : AttributeValues.CloneItem(chosen);
        }

        private static Dictionary<string, AttributeValue>? CopyOrNull(Dictionary<string, AttributeValue>? item) => item == null ? null : AttributeValues.CloneItem(item);

        private static string ReturnValuesOf(ReturnValue? requested, params string[] allowed)
        {
            var value = requested?.Value ?? "NONE";
            if (!allowed.Contains(value)) throw TableErrors.Validation("Return values set to invalid value");
            return value;
        }

        /// <summary>The pre-expression parameters are not served: say which expression replaces them.</summary>
        private static void RefuseLegacy(object? parameter, string name, string expression)
        {
            if (parameter is ICollection collection && collection.Count > 0 || parameter != null && !(parameter is ICollection))
                throw TableErrors.Validation("SqsDemo's embedded table store supports expressions only: use " + expression + " instead of the legacy parameter " + name);
        }
    }
}

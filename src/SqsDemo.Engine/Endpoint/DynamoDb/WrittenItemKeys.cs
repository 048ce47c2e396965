using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// Which items a write put or updated, as "table/key" (a composite key as "table/hash/range"), so the journal can
    /// say which side effect a client wrote and how often: every write counts, an unconditional put over the same key
    /// included; a delete writes no side effect. A put names its key only inside the item, so each table's key schema
    /// is read once and kept.
    /// </summary>
    internal sealed class WrittenItemKeys
    {
        private readonly ITableStore _store;
        private readonly ConcurrentDictionary<string, string[]> _keyNames = new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);

        public WrittenItemKeys(ITableStore store) => _store = store;

        /// <summary>The items <paramref name="call"/> puts or updates (null for a read, a delete or a table operation).</summary>
        public async Task<IReadOnlyList<string>?> OfAsync(AmazonDynamoDBRequest call, CancellationToken cancellationToken)
        {
            switch (call)
            {
                case PutItemRequest put: return new[] { await OfItemAsync(put.TableName, put.Item, cancellationToken).ConfigureAwait(false) };
                case UpdateItemRequest update: return new[] { Name(update.TableName, update.Key, null) };
                case BatchWriteItemRequest batch: return await OfBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                case TransactWriteItemsRequest transaction: return await OfTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
                case DeleteTableRequest dropped:
                    _keyNames.TryRemove(dropped.TableName ?? "", out _);
                    return null;
                default: return null;
            }
        }

        private async Task<IReadOnlyList<string>> OfBatchAsync(BatchWriteItemRequest batch, CancellationToken cancellationToken)
        {
            var keys = new List<string>();
            foreach (var table in batch.RequestItems ?? new Dictionary<string, List<WriteRequest>>())
                foreach (var write in table.Value ?? new List<WriteRequest>())
                {
                    if (write.PutRequest != null) keys.Add(await OfItemAsync(table.Key, write.PutRequest.Item, cancellationToken).ConfigureAwait(false));
                }
            return keys;
        }

        private async Task<IReadOnlyList<string>> OfTransactionAsync(TransactWriteItemsRequest transaction, CancellationToken cancellationToken)
        {
            var keys = new List<string>();
            foreach (var item in transaction.TransactItems ?? new List<TransactWriteItem>())
            {
                if (item.Put != null) keys.Add(await OfItemAsync(item.Put.TableName, item.Put.Item, cancellationToken).ConfigureAwait(false));
                else if (item.Update != null) keys.Add(Name(item.Update.TableName, item.Update.Key, null));
            }
            return keys;
        }

        private async Task<string> OfItemAsync(string? table, Dictionary<string, AttributeValue>? item, CancellationToken cancellationToken)
        {
            var names = await KeyNamesAsync(table ?? "", cancellationToken).ConfigureAwait(false);
            return Name(table, item, names);
        }

        private async Task<string[]> KeyNamesAsync(string table, CancellationToken cancellationToken)
        {
            if (_keyNames.TryGetValue(table, out var known)) return known;
            var description = await _store.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken).ConfigureAwait(false);
            var names = description.Table.KeySchema.OrderBy(k => k.KeyType == KeyType.HASH ? 0 : 1).Select(k => k.AttributeName).ToArray();
            return _keyNames.GetOrAdd(table, names);
        }

        /// <summary>"table/value[/range]": the key attributes in schema order (a key map's own order when the schema is not needed).</summary>
        private static string Name(string? table, Dictionary<string, AttributeValue>? attributes, string[]? keyNames)
        {
            attributes = attributes ?? new Dictionary<string, AttributeValue>();
            var values = (keyNames ?? attributes.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray())
                .Select(name => attributes.TryGetValue(name, out var value) ? Text(value) : "");
            return (table ?? "") + "/" + string.Join("/", values);
        }

        private static string Text(AttributeValue value) => value.S ?? value.N ?? (value.B != null ? Convert.ToBase64String(value.B.ToArray()) : "");
    }
}

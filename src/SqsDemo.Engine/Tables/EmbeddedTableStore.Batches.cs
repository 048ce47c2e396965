using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>This part: BatchWriteItem and BatchGetItem (all items processed, none left unprocessed).</summary>
    public sealed partial class EmbeddedTableStore
    {
        private const int MaxBatchWrite = 25;
        private const int MaxBatchGet = 100;

        public Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            var requests = (request.RequestItems ?? new Dictionary<string, List<WriteRequest>>())
                .SelectMany(kv => (kv.Value ?? new List<WriteRequest>()).Select(w => (Table: kv.Key, Write: w))).ToList();
            if (requests.Count < 1 || requests.Count > MaxBatchWrite)
                throw TableErrors.Validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
            // Every request is checked before any is applied, so a malformed one writes nothing.
            var writes = requests.Select(r => PrepareBatchWrite(TableNamed(r.Table, forItems: true), r.Write)).ToList();
            RefuseDuplicates(writes.Select(w => (w.Table, w.Key)), "Provided list of item keys contains duplicates");
            foreach (var write in writes) Execute(write);
            return new BatchWriteItemResponse { UnprocessedItems = new Dictionary<string, List<WriteRequest>>() };
        });

        private static PreparedWrite PrepareBatchWrite(StoredTable table, WriteRequest write)
        {
            if (write.PutRequest != null && write.DeleteRequest == null)
                return PreparePut(table, write.PutRequest.Item, null, null, null, null);
            if (write.DeleteRequest != null && write.PutRequest == null)
                return PrepareDelete(table, write.DeleteRequest.Key, null, null, null, null);
            throw TableErrors.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }

        public Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            var requested = request.RequestItems ?? new Dictionary<string, KeysAndAttributes>();
            var total = requested.Values.Sum(k => k?.Keys?.Count ?? 0);
            if (total > MaxBatchGet) throw TableErrors.Validation("Too many items requested for the BatchGetItem call");
            if (total < 1)
                throw TableErrors.Validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
            var responses = new Dictionary<string, List<Dictionary<string, AttributeValue>>>(StringComparer.Ordinal);
            foreach (var entry in requested)
                responses[entry.Key] = GetMany(TableNamed(entry.Key, forItems: true), entry.Value);
            return new BatchGetItemResponse { Responses = responses, UnprocessedKeys = new Dictionary<string, KeysAndAttributes>() };
        });

        private static List<Dictionary<string, AttributeValue>> GetMany(StoredTable table, KeysAndAttributes wanted)
        {
            RefuseLegacy(wanted.AttributesToGet, "AttributesToGet", "ProjectionExpression");
            var keys = wanted.Keys.Select(table.Schema.KeyOf).ToList();
            RefuseDuplicates(keys.Select(k => (table, k)), "Provided list of item keys contains duplicates");
            var context = new Expressions.ExpressionContext(wanted.ExpressionAttributeNames, null);
            var projection = Expressions.Projection.Parse(wanted.ProjectionExpression, context);
            context.CheckAllUsed();
            lock (table.Gate)
            {
                LiveOrGone(table);
                return keys.Select(table.Get).Where(item => item != null)
                    .Select(item => projection?.Apply(item!) ?? AttributeValues.CloneItem(item!)).ToList();
            }
        }

        private static void RefuseDuplicates(IEnumerable<(StoredTable Table, ItemKey Key)> keys, string message)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (table, key) in keys)
                if (!seen.Add(table.Name + "\u0000" + key.Identity)) throw TableErrors.Validation(message);
        }
    }
}

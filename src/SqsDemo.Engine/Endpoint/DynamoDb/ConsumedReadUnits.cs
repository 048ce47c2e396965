using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Cost;
using SqsDemo.Engine.Tables;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// The read request units a read consumed, as DynamoDB bills them on demand: a GetItem is its item's size rounded
    /// up to 4 KB (a missing item still one unit), halved for an eventually consistent read; a BatchGetItem the same
    /// for each key; a Query or Scan the sum of the items it returned, rounded up once. DynamoDB bills what it read,
    /// whole items before any filter; items a filter dropped, attributes a projection left out and the items behind a
    /// Select COUNT are not in the answer, so those reads are counted low.
    /// </summary>
    internal static class ConsumedReadUnits
    {
        /// <summary>Null for a call that is not a read.</summary>
        public static double? Of(AmazonDynamoDBRequest call, AmazonWebServiceResponse response)
        {
            switch (call)
            {
                case GetItemRequest get when response is GetItemResponse got:
                    return DynamoDbBilling.ReadUnits(SizeOf(got.Item), Consistency(get.ConsistentRead));
                // A Select COUNT answers with no items (null): the minimum, counted low as a filtered read is.
                case QueryRequest query when response is QueryResponse answer:
                    return DynamoDbBilling.ReadUnits(SizeOf(answer.Items), Consistency(query.ConsistentRead));
                case ScanRequest scan when response is ScanResponse answer:
                    return DynamoDbBilling.ReadUnits(SizeOf(answer.Items), Consistency(scan.ConsistentRead));
                case BatchGetItemRequest batch when response is BatchGetItemResponse answer:
                    return OfBatch(batch, answer);
                default:
                    return null;
            }
        }

        /// <summary>Each table's found items by size, and each key asked for and not found (nor left unprocessed) at the minimum.</summary>
        private static double OfBatch(BatchGetItemRequest batch, BatchGetItemResponse answer)
        {
            double units = 0;
            foreach (var table in batch.RequestItems ?? new Dictionary<string, KeysAndAttributes>())
            {
                var consistency = Consistency(table.Value.ConsistentRead);
                var found = answer.Responses != null && answer.Responses.TryGetValue(table.Key, out var items) ? items : new List<Dictionary<string, AttributeValue>>();
                var unprocessed = answer.UnprocessedKeys != null && answer.UnprocessedKeys.TryGetValue(table.Key, out var left) ? left.Keys?.Count ?? 0 : 0;
                var missing = System.Math.Max(0, (table.Value.Keys?.Count ?? 0) - found.Count - unprocessed);
                units += found.Sum(item => DynamoDbBilling.ReadUnits(SizeOf(item), consistency)) + missing * DynamoDbBilling.ReadUnits(0, consistency);
            }
            return units;
        }

        private static long SizeOf(List<Dictionary<string, AttributeValue>>? items) => items == null ? 0 : items.Sum(SizeOf);

        private static long SizeOf(Dictionary<string, AttributeValue>? item) => item == null || item.Count == 0 ? 0 : AttributeValues.SizeOfItem(item);

        private static ReadConsistency Consistency(bool? consistentRead) => consistentRead == true ? ReadConsistency.Strong : ReadConsistency.Eventual;
    }
}

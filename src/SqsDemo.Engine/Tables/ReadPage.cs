using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables.Expressions;
using Condition = SqsDemo.Engine.Tables.Expressions.Condition;
using Projection = SqsDemo.Engine.Tables.Expressions.Projection;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// One page of a Query or Scan: items are evaluated in order until Limit items (or 1 MB) have been
    /// read, the filter then drops some (they still count as scanned), and the last item read becomes
    /// LastEvaluatedKey when the page stopped early, as DynamoDB does even if nothing follows.
    /// </summary>
    internal sealed class ReadPage
    {
        private const long MaxPageBytes = 1024 * 1024;

        public List<Dictionary<string, AttributeValue>> Items { get; } = new List<Dictionary<string, AttributeValue>>();
        public int ScannedCount { get; private set; }
        public Dictionary<string, AttributeValue>? LastEvaluatedKey { get; private set; }

        public static ReadPage Read(IEnumerable<Dictionary<string, AttributeValue>> candidates, TableSchema schema, Condition? filter,
            ExpressionContext context, Projection? projection, int? limit)
        {
            var page = new ReadPage();
            long bytes = 0;
            foreach (var item in candidates)
            {
                page.ScannedCount++;
                bytes += AttributeValues.SizeOfItem(item);
                if (filter == null || ConditionEvaluator.Holds(filter, item, context))
                    page.Items.Add(projection?.Apply(item) ?? AttributeValues.CloneItem(item));
                if (page.ScannedCount == limit || bytes >= MaxPageBytes)
                {
                    page.LastEvaluatedKey = schema.KeyAttributes(item);
                    break;
                }
            }
            return page;
        }
    }
}

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
    /// <summary>This part: Query (one partition in sort-key order) and Scan (the whole table), with paging.</summary>
    public sealed partial class EmbeddedTableStore
    {
        public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            RefuseLegacy(request.KeyConditions, "KeyConditions", "KeyConditionExpression");
            RefuseLegacy(request.QueryFilter, "QueryFilter", "FilterExpression");
            RefuseLegacy(request.AttributesToGet, "AttributesToGet", "ProjectionExpression");
            var table = TableNamed(request.TableName, forItems: true);
            RefuseIndex(request.IndexName);
            var limit = CheckLimit(request.Limit);
            if (request.KeyConditionExpression == null)
                throw TableErrors.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
            var context = new ExpressionContext(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
            var key = KeyCondition.From(BindCondition(request.KeyConditionExpression, ExpressionParser.KeyConditionKind, context)!, table.Schema, context);
            var filter = BindCondition(request.FilterExpression, ExpressionParser.FilterKind, context);
            RefuseKeyInFilter(filter, table.Schema);
            var projection = Projection.Parse(request.ProjectionExpression, context);
            context.CheckAllUsed();
            var forward = request.ScanIndexForward ?? true;
            var start = request.ExclusiveStartKey?.Count > 0 ? table.Schema.KeyOf(request.ExclusiveStartKey) : null;
            lock (table.Gate)
            {
                var candidates = LiveOrGone(table).Partition(key.HashValue, forward)
                    .Where(item => start == null || After(table.Schema, item, start, forward))
                    .Where(item => key.RangeCondition == null || ConditionEvaluator.Holds(key.RangeCondition, item, context));
                var page = ReadPage.Read(candidates, table.Schema, filter, context, projection, limit);
                return new QueryResponse
                {
                    Items = IsCount(request.Select) ? null : page.Items,
                    Count = page.Items.Count,
                    ScannedCount = page.ScannedCount,
                    LastEvaluatedKey = page.LastEvaluatedKey,
                };
            }
        });

        public Task<ScanResponse> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            RefuseLegacy(request.ScanFilter, "ScanFilter", "FilterExpression");
            RefuseLegacy(request.AttributesToGet, "AttributesToGet", "ProjectionExpression");
            var table = TableNamed(request.TableName, forItems: true);
            RefuseIndex(request.IndexName);
            if (request.TotalSegments.HasValue || request.Segment.HasValue)
                throw TableErrors.Validation("SqsDemo's embedded table store does not split a Scan into segments: leave Segment and TotalSegments out");
            var limit = CheckLimit(request.Limit);
            var context = new ExpressionContext(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
            var filter = BindCondition(request.FilterExpression, ExpressionParser.FilterKind, context);
            var projection = Projection.Parse(request.ProjectionExpression, context);
            context.CheckAllUsed();
            var start = request.ExclusiveStartKey?.Count > 0 ? table.Schema.KeyOf(request.ExclusiveStartKey) : null;
            lock (table.Gate)
            {
                var candidates = LiveOrGone(table).All().Where(item => start == null || After(table.Schema, item, start, forward: true));
                var page = ReadPage.Read(candidates, table.Schema, filter, context, projection, limit);
                return new ScanResponse
                {
                    Items = IsCount(request.Select) ? null : page.Items,
                    Count = page.Items.Count,
                    ScannedCount = page.ScannedCount,
                    LastEvaluatedKey = page.LastEvaluatedKey,
                };
            }
        });

        /// <summary>A Query's filter may not name the key attributes: the key condition is where they go.</summary>
        private static void RefuseKeyInFilter(Condition? filter, TableSchema schema)
        {
            var key = filter == null ? null : WrittenPaths.Of(filter).Select(DocumentPaths.TopName).FirstOrDefault(schema.KeyNames.Contains);
            if (key != null)
                throw TableErrors.Validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: " + key);
        }

        private static bool IsCount(Select? select) => select == Select.COUNT;

        private static void RefuseIndex(string? indexName)
        {
            if (indexName != null) throw TableErrors.Validation("The table does not have the specified index: " + indexName);
        }

        private static int? CheckLimit(int? limit)
        {
            if (limit < 1)
                throw TableErrors.Validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
            return limit;
        }

        /// <summary>Whether an item comes after the ExclusiveStartKey in reading order (partition first, then sort key).</summary>
        private static bool After(TableSchema schema, Dictionary<string, AttributeValue> item, ItemKey start, bool forward)
        {
            var order = KeyValueComparer.Instance.Compare(item[schema.HashKey], start.Hash);
            if (order == 0 && schema.RangeKey != null) order = KeyValueComparer.Instance.Compare(item[schema.RangeKey], start.Range!);
            return forward ? order > 0 : order < 0;
        }
    }
}

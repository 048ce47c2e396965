using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// DynamoDB in memory: tables, items, expressions and DynamoDB's errors as the SDK's exception types.
    /// Thread-safe with one lock per table; a transaction takes its tables' locks in name order, so
    /// conditional writes and transactions are atomic under concurrency without deadlock.
    /// This part: the tables themselves (create, describe, delete, list).
    /// </summary>
    public sealed partial class EmbeddedTableStore : ITableStore
    {
        /// <summary>DynamoDB's item size limit, 400 KB.</summary>
        public const int MaxItemBytes = 400 * 1024;

        private readonly ConcurrentDictionary<string, StoredTable> _tables = new ConcurrentDictionary<string, StoredTable>(StringComparer.Ordinal);
        private readonly TimeProvider _time;

        public EmbeddedTableStore(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

        public Task<CreateTableResponse> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            var schema = TableSchema.From(request);
            var table = new StoredTable(Copy(request), schema, _time.GetUtcNow().UtcDateTime);
            if (!_tables.TryAdd(request.TableName, table)) throw TableErrors.TableExists(request.TableName);
            return new CreateTableResponse { TableDescription = Describe(table, TableStatus.ACTIVE) };
        });

        public Task<DescribeTableResponse> DescribeTableAsync(DescribeTableRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            var table = TableNamed(request.TableName, forItems: false);
            lock (table.Gate) return new DescribeTableResponse { Table = Describe(table, TableStatus.ACTIVE) };
        });

        public Task<DeleteTableResponse> DeleteTableAsync(DeleteTableRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            if (request.TableName == null || !_tables.TryRemove(request.TableName, out var table))
                throw TableErrors.TableNotFound(request.TableName ?? "");
            lock (table.Gate)
            {
                table.Deleted = true;
                return new DeleteTableResponse { TableDescription = Describe(table, TableStatus.DELETING) };
            }
        });

        public Task<ListTablesResponse> ListTablesAsync(ListTablesRequest request, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
        {
            var limit = request.Limit ?? 100;
            if (limit < 1 || limit > 100)
                throw TableErrors.Validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
            var names = _tables.Keys.OrderBy(n => n, StringComparer.Ordinal)
                .Where(n => request.ExclusiveStartTableName == null || string.CompareOrdinal(n, request.ExclusiveStartTableName) > 0)
                .Take(limit + 1).ToList();
            var more = names.Count > limit;
            if (more) names.RemoveAt(limit);
            return new ListTablesResponse { TableNames = names, LastEvaluatedTableName = more ? names[names.Count - 1] : null };
        });

        private static CreateTableRequest Copy(CreateTableRequest request) => new CreateTableRequest
        {
            TableName = request.TableName,
            KeySchema = request.KeySchema.Select(k => new KeySchemaElement(k.AttributeName, k.KeyType)).ToList(),
            AttributeDefinitions = request.AttributeDefinitions.Select(d => new AttributeDefinition(d.AttributeName, d.AttributeType)).ToList(),
            BillingMode = request.BillingMode ?? BillingMode.PROVISIONED,
            ProvisionedThroughput = request.ProvisionedThroughput,
        };

        private static TableDescription Describe(StoredTable table, TableStatus status)
        {
            var definition = table.Definition;
            var onDemand = definition.BillingMode == BillingMode.PAY_PER_REQUEST;
            return new TableDescription
            {
                TableName = table.Name,
                TableArn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + table.Name,
                TableStatus = status,
                CreationDateTime = table.CreatedAt,
                KeySchema = definition.KeySchema.Select(k => new KeySchemaElement(k.AttributeName, k.KeyType)).ToList(),
                AttributeDefinitions = definition.AttributeDefinitions.Select(d => new AttributeDefinition(d.AttributeName, d.AttributeType)).ToList(),
                ItemCount = table.ItemCount,
                TableSizeBytes = table.SizeBytes,
                BillingModeSummary = new BillingModeSummary { BillingMode = definition.BillingMode },
                ProvisionedThroughput = new ProvisionedThroughputDescription
                {
                    ReadCapacityUnits = onDemand ? 0 : definition.ProvisionedThroughput.ReadCapacityUnits,
                    WriteCapacityUnits = onDemand ? 0 : definition.ProvisionedThroughput.WriteCapacityUnits,
                },
            };
        }

        /// <summary>The live table of that name; item operations get DynamoDB's unnamed not-found message.</summary>
        private StoredTable TableNamed(string? name, bool forItems)
        {
            TableSchema.CheckTableName(name);
            if (_tables.TryGetValue(name!, out var table)) return table;
            throw forItems ? TableErrors.ItemTableNotFound() : TableErrors.TableNotFound(name!);
        }

        /// <summary>The store works synchronously in memory; a request that fails faults the task (never throws from the call), as the SDK's would.</summary>
        private static Task<T> Run<T>(CancellationToken cancellationToken, Func<T> operation)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
            try
            {
                return Task.FromResult(operation());
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }
    }
}

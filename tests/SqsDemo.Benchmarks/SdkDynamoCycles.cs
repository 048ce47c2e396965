using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// The ledger's kind of DynamoDB traffic through HTTP with AmazonDynamoDBClient: one cycle is a
    /// conditional PutItem (attribute_not_exists, as a consumer claims a message), a consistent GetItem,
    /// and an UpdateItem (SET status, attempts = attempts + 1), each on a new key. The same code runs against
    /// the endpoint and against moto, on a table of the seeds' schema (hash key <c>message_id</c>) it creates.
    /// </summary>
    internal sealed class SdkDynamoCycles : IDisposable
    {
        private readonly AmazonDynamoDBClient _client;
        private readonly string _table;
        private readonly string _prefix = Guid.NewGuid().ToString("N").Substring(0, 8) + "-";
        private long _next;

        public SdkDynamoCycles(Uri endpoint, string table)
        {
            _client = new AmazonDynamoDBClient(new BasicAWSCredentials("bench", "bench"),
                new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = MotoProcess.Region, MaxErrorRetry = 0 });
            _table = table;
            _client.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition("message_id", ScalarAttributeType.S) },
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement("message_id", KeyType.HASH) },
            }).GetAwaiter().GetResult();
        }

        /// <summary>Stopwatch ticks in each kind of call over the last run.</summary>
        public long PutTicks, GetTicks, UpdateTicks, Cycles;

        /// <summary><paramref name="cycles"/> cycles; cycles per second.</summary>
        public double Run(int cycles)
        {
            PutTicks = GetTicks = UpdateTicks = Cycles = 0;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < cycles; i++) Cycle();
            watch.Stop();
            return cycles / watch.Elapsed.TotalSeconds;
        }

        public void Cycle()
        {
            var key = new Dictionary<string, AttributeValue> { ["message_id"] = new AttributeValue(_prefix + (_next++).ToString(CultureInfo.InvariantCulture)) };
            var t0 = Stopwatch.GetTimestamp();
            _client.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = new Dictionary<string, AttributeValue>(key)
                {
                    ["status"] = new AttributeValue("STARTED"),
                    ["attempts"] = new AttributeValue { N = "1" },
                },
                ConditionExpression = "attribute_not_exists(message_id)",
            }).GetAwaiter().GetResult();
            var t1 = Stopwatch.GetTimestamp();
            var got = _client.GetItemAsync(new GetItemRequest { TableName = _table, Key = key, ConsistentRead = true }).GetAwaiter().GetResult();
            var t2 = Stopwatch.GetTimestamp();
            if (got.Item == null || got.Item.Count == 0) throw new InvalidOperationException("GetItem did not find the item just put.");
            _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = key,
                UpdateExpression = "SET #s = :done, attempts = attempts + :one",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#s"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":done"] = new AttributeValue("COMPLETED"),
                    [":one"] = new AttributeValue { N = "1" },
                },
            }).GetAwaiter().GetResult();
            var t3 = Stopwatch.GetTimestamp();
            PutTicks += t1 - t0;
            GetTicks += t2 - t1;
            UpdateTicks += t3 - t2;
            Cycles++;
        }

        /// <summary>Mean microseconds of one PutItem, GetItem and UpdateItem in the last run.</summary>
        public (double Put, double Get, double Update) MeanCallMicroseconds() => Cycles == 0 ? (0, 0, 0) :
            (PutTicks * 1e6 / Stopwatch.Frequency / Cycles, GetTicks * 1e6 / Stopwatch.Frequency / Cycles, UpdateTicks * 1e6 / Stopwatch.Frequency / Cycles);

        public void Dispose()
        {
            try
            {
                _client.DeleteTableAsync(_table).GetAwaiter().GetResult();
            }
            finally
            {
                _client.Dispose();
            }
        }
    }
}

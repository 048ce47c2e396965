using System.Collections.Generic;
using System.Threading.Tasks;
using SqsDemo.Engine.Tables;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// Rows as a consumer of the seeds' kind writes them, straight through the SDK: the seeds' attribute
    /// names, Python's isoformat() times, and no owner token.
    /// </summary>
    internal static class SeedRows
    {
        /// <summary>What Python's datetime.now(timezone.utc).isoformat() writes: microseconds and an offset.</summary>
        public const string PythonTime = "2026-03-01T12:34:56.123456+00:00";

        public static Task PutStartedAsync(ITableStore client, string statusTable, string messageId, int attempts, string status = "STARTED", string lastUpdated = PythonTime) =>
            client.PutItemAsync(new PutItemRequest
            {
                TableName = statusTable,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["message_id"] = new AttributeValue { S = messageId },
                    ["status"] = new AttributeValue { S = status },
                    ["attempts"] = new AttributeValue { N = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    ["last_updated"] = new AttributeValue { S = lastUpdated },
                    ["payload_digest"] = new AttributeValue { S = "seed-digest" },
                },
            });

        public static Task PutSideEffectAsync(ITableStore client, string sideEffectsTable, string key, string originalMessageId, string performedAt = PythonTime) =>
            client.PutItemAsync(new PutItemRequest
            {
                TableName = sideEffectsTable,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["message_id"] = new AttributeValue { S = key },
                    ["performed_at"] = new AttributeValue { S = performedAt },
                    ["payload_digest"] = new AttributeValue { S = "seed-digest" },
                    ["original_message_id"] = new AttributeValue { S = originalMessageId },
                },
            });
    }
}

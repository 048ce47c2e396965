// Which items each write touched, in the journal: how a verdict counts a side effect's writes, an
// unconditional put over the same key included.
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    public sealed class EndpointTableWriteJournalTests
    {
        private static Dictionary<string, AttributeValue> Item(string key, string extra = "x") =>
            new Dictionary<string, AttributeValue> { ["message_id"] = new AttributeValue { S = key }, ["performed_at"] = new AttributeValue { S = extra } };

        private static Dictionary<string, AttributeValue> Key(string key) =>
            new Dictionary<string, AttributeValue> { ["message_id"] = new AttributeValue { S = key } };

        [Fact]
        public async Task Every_successful_put_or_update_names_the_items_it_wrote_and_a_refused_one_or_a_delete_names_none()
        {
            var run = DemoRun.CreateEmbedded(1, 18);
            using var endpoint = DemoEndpoint.Start(run, 0);
            using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("consumer-2", "dummy"),
                new AmazonDynamoDBConfig { ServiceURL = endpoint.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = "effects", BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement("message_id", KeyType.HASH) },
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition("message_id", ScalarAttributeType.S) },
            });

            await client.PutItemAsync(new PutItemRequest { TableName = "effects", Item = Item("pay-1") });
            await client.PutItemAsync(new PutItemRequest { TableName = "effects", Item = Item("pay-1", "again") }); // the naive overwrite
            await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
            {
                TableName = "effects", Item = Item("pay-1"), ConditionExpression = "attribute_not_exists(message_id)",
            }));
            await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = "effects", Key = Key("pay-2"), UpdateExpression = "SET performed_at = :now",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = new AttributeValue { S = "t" } },
            });
            await client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new Dictionary<string, List<WriteRequest>> { ["effects"] = new List<WriteRequest> { new WriteRequest(new PutRequest(Item("pay-3"))), new WriteRequest(new DeleteRequest(Key("pay-2"))) } },
            });
            await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems = new List<TransactWriteItem> { new TransactWriteItem { Put = new Put { TableName = "effects", Item = Item("pay-4") } } },
            });
            await client.DeleteItemAsync(new DeleteItemRequest { TableName = "effects", Key = Key("pay-4") });
            await client.GetItemAsync(new GetItemRequest { TableName = "effects", Key = Key("pay-1") });

            var writes = run.Journal.Snapshot().Where(e => e.Kind == JournalEventKind.TableRequest && e.Actor == "consumer-2").Skip(1)
                .Select(e => (e.Operation, e.ErrorCode, Keys: e.ItemKeys == null ? null : string.Join(" ", e.ItemKeys))).ToArray();
            Assert.Equal(new (string?, string?, string?)[]
            {
                ("PutItem", null, "effects/pay-1"),
                ("PutItem", null, "effects/pay-1"),
                ("PutItem", "ConditionalCheckFailedException", null),
                ("UpdateItem", null, "effects/pay-2"),
                ("BatchWriteItem", null, "effects/pay-3"),
                ("TransactWriteItems", null, "effects/pay-4"),
                ("DeleteItem", null, null),
                ("GetItem", null, null),
            }, writes);
        }
    }
}

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
            using var rig = await EndpointTableRig.StartAsync("consumer-2", "effects", "message_id");
            var (run, client) = (rig.Run, rig.Client);

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
    
        [Fact]
        public async Task Each_written_item_is_journaled_with_what_it_held_after_the_write_and_the_client_gets_only_what_it_asked_for()
        {
            using var rig = await EndpointTableRig.StartAsync("consumer-3", "versions", "entity_id");
            var (run, client) = (rig.Run, rig.Client);
            var entity = new Dictionary<string, AttributeValue> { ["entity_id"] = new AttributeValue { S = "acct-1" } };
            UpdateItemRequest SetVersion(int version, ReturnValue? returnValues = null) => new UpdateItemRequest
            {
                TableName = "versions", Key = entity, ReturnValues = returnValues,
                UpdateExpression = "SET version = :v", ConditionExpression = "attribute_not_exists(version) OR version < :v",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = new AttributeValue { N = version.ToString() } },
            };

            // Asked for nothing back: the endpoint sees the new item, the client still gets nothing.
            var quiet = await client.UpdateItemAsync(SetVersion(3));
            Assert.True(quiet.Attributes == null || quiet.Attributes.Count == 0);
            await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.UpdateItemAsync(SetVersion(2)));
            var asked = await client.UpdateItemAsync(SetVersion(7, ReturnValue.ALL_NEW));
            Assert.Equal("7", asked.Attributes["version"].N);
            await client.UpdateItemAsync(SetVersion(8, ReturnValue.UPDATED_NEW));
            await client.UpdateItemAsync(SetVersion(9, ReturnValue.ALL_OLD));
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = "versions",
                Item = new Dictionary<string, AttributeValue> { ["entity_id"] = new AttributeValue { S = "acct-1" }, ["version"] = new AttributeValue { N = "1" }, ["naive"] = new AttributeValue { BOOL = true } },
            });

            var writes = run.Journal.Snapshot().Where(e => e.Kind == JournalEventKind.TableRequest && e.Actor == "consumer-3").Skip(1)
                .Select(e => e.ItemValues == null ? "-" : string.Join(" | ", e.ItemValues.Select(v => v == null ? "unseen" : string.Join(",", v.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value))))).ToArray();
            Assert.Equal(new[]
            {
                "entity_id=acct-1,version=3",
                "-", // refused by its condition: nothing written
                "entity_id=acct-1,version=7",
                "entity_id=acct-1,version=8",
                "unseen", // it asked for the old item: the new one is not seen
                "entity_id=acct-1,naive=true,version=1",
            }, writes);
        }
    }
}

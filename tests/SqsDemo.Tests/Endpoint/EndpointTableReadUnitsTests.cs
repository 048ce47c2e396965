// What each read consumed, in the journal, as DynamoDB bills it on demand: how Get-DemoCost prices an outside
// consumer's reads.
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Cost;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    public sealed class EndpointTableReadUnitsTests
    {
        private static Dictionary<string, AttributeValue> Key(string key) =>
            new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = key } };

        [Fact]
        public async Task Each_read_is_journaled_with_the_units_DynamoDB_bills_for_its_size_and_consistency()
        {
            using var rig = await EndpointTableRig.StartAsync("reader-1", "orders", "pk");
            var (run, client) = (rig.Run, rig.Client);
            // "big": 2 + 3 + 4 + 5,000 bytes, two 4 KB units; "small": well under one.
            var big = Key("big");
            big["body"] = new AttributeValue { S = new string('x', 5000) };
            await client.PutItemAsync(new PutItemRequest { TableName = "orders", Item = big });
            var small = Key("small");
            small["body"] = new AttributeValue { S = "tiny" };
            await client.PutItemAsync(new PutItemRequest { TableName = "orders", Item = small });

            await client.GetItemAsync(new GetItemRequest { TableName = "orders", Key = Key("big"), ConsistentRead = true });   // 2
            await client.GetItemAsync(new GetItemRequest { TableName = "orders", Key = Key("big") });                          // 1: eventually consistent, half
            await client.GetItemAsync(new GetItemRequest { TableName = "orders", Key = Key("none") });                         // 0.5: a missing item still reads
            await client.BatchGetItemAsync(new BatchGetItemRequest
            {
                RequestItems = new Dictionary<string, KeysAndAttributes> { ["orders"] = new KeysAndAttributes { Keys = new List<Dictionary<string, AttributeValue>> { Key("big"), Key("small"), Key("none") }, ConsistentRead = true } },
            });                                                                                                                  // 2 + 1 + 1
            await client.ScanAsync(new ScanRequest { TableName = "orders" });                                                  // 5,000-odd bytes once: 2 units, halved
            await client.ScanAsync(new ScanRequest { TableName = "orders", Select = Select.COUNT });                           // no items in the answer: the minimum, halved
            await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.GetItemAsync(new GetItemRequest { TableName = "missing", Key = Key("big") }));

            var reads = run.Journal.Snapshot().Where(e => e.Kind == JournalEventKind.TableRequest && e.Actor == "reader-1" && e.Operation != "PutItem" && e.Operation != "CreateTable")
                .Select(e => (e.Operation, e.ReadUnits)).ToArray();
            Assert.Equal(new (string?, double?)[] { ("GetItem", 2), ("GetItem", 1), ("GetItem", 0.5), ("BatchGetItem", 4), ("Scan", 1), ("Scan", 0.5), ("GetItem", null) }, reads);

            // Get-DemoCost prices those units, and no unit for the refused read.
            var priced = JournalCost.Price(run.Journal.Snapshot(), PriceList.Default(), freeTier: false).Where(r => r.Unit == "ReadRequestUnit").ToArray();
            Assert.Equal(2 + 1 + 0.5 + 4 + 1 + 0.5, priced.Sum(r => r.BilledUnits));
            Assert.Contains(priced, r => r.Note != null && r.Note.StartsWith("Refused (ResourceNotFoundException)"));
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// The AWS SDK for JavaScript v3 (@aws-sdk/client-sqs and client-dynamodb from npm, tests/clients/node/lifecycle.mjs)
    /// in a node process against the endpoint: its typed exceptions, its MD5 checks, and the run's journal and tables.
    /// </summary>
    public sealed class EndpointNodeClientTests
    {
        private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(120);

        [NodeFact]
        public async Task The_javascript_sdk_does_a_whole_sqs_and_dynamodb_lifecycle_and_catches_typed_exceptions()
        {
            Assert.True(NodeClient.InstallProblem() is null, NodeClient.InstallProblem());
            using var endpoint = new RunningEndpoint();
            var script = Path.Combine(NodeClient.Folder, "lifecycle.mjs");
            var outcome = await ExternalClient.RunAsync(NodeClient.Node!, new[] { script, "node-orders" }, endpoint.Endpoint.Url, "consumer-node", ClientTimeout);
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            using var seen = JsonDocument.Parse(outcome.Output);
            var root = seen.RootElement;
            string? Seen(string name) => root.GetProperty(name).GetString();

            Assert.Equal(endpoint.Endpoint.Url + "/000000000000/node-orders", Seen("queue_url"));
            // The SDK itself refused any body MD5 that differs from its own; the attributes' MD5 is checked here against
            // SQS's documented algorithm, computed in the script, for String, Number and Binary attributes.
            Assert.Equal(Seen("expected_md5_attributes"), Seen("sent_md5_attributes"));
            Assert.Equal(Seen("expected_md5_attributes"), Seen("received_md5_attributes"));
            Assert.Equal(Seen("sent_md5_body"), Seen("received_md5_body"));
            Assert.Equal(new[] { "amount:Number", "blob:Binary", "kind:String" },
                root.GetProperty("received_attribute_types").EnumerateObject().Select(p => p.Name + ":" + p.Value.GetString()).OrderBy(s => s, StringComparer.Ordinal));
            Assert.Equal(Seen("sent_id"), Seen("dead_letter_id"));
            Assert.Equal("arn:aws:sqs:us-east-1:000000000000:node-orders", Seen("dead_letter_source"));
            Assert.Equal(0, root.GetProperty("left_in_queue").GetInt32());
            Assert.Equal("QueueDoesNotExist", Seen("typed_error"));
            Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", Seen("typed_error_code"));

            Assert.Equal("ACTIVE", Seen("table_status"));
            Assert.Equal("ConditionalCheckFailedException", Seen("conditional_error"));
            Assert.Equal("placed", Seen("conditional_old_state"));
            Assert.Equal("placed", Seen("got_state"));
            Assert.Equal("paid", root.GetProperty("updated").GetProperty("state").GetString());
            Assert.Equal("1", root.GetProperty("updated").GetProperty("tries").GetString());
            Assert.Equal(new[] { "3", "2" }, root.GetProperty("queried_seqs").EnumerateArray().Select(s => s.GetString()));
            Assert.Equal("ResourceNotFoundException", Seen("missing_table_error"));

            AssertJournaledAs("consumer-node", endpoint, Seen("sent_id")!, Seen("deleted_id")!);
            await AssertTheRunHoldsTheItem(endpoint, Seen("table")!);
        }

        private static void AssertJournaledAs(string caller, RunningEndpoint endpoint, string deadLettered, string deleted)
        {
            var journal = endpoint.Run.Journal.Snapshot();
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Sent && e.MessageId == deadLettered && e.Actor == caller);
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Received && e.MessageId == deadLettered && e.Actor == caller);
            Assert.Contains(journal, e => e.Kind == JournalEventKind.MovedToDeadLetterQueue && e.MessageId == deadLettered);
            Assert.Contains(journal, e => e.Kind == JournalEventKind.VisibilityChanged && e.MessageId == deleted && e.Actor == caller);
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Deleted && e.MessageId == deleted && e.Actor == caller);
        }

        // What node wrote through HTTP is in the run's own item store, the one SqsDemo's ledger uses.
        private static async Task AssertTheRunHoldsTheItem(RunningEndpoint endpoint, string table)
        {
            var store = endpoint.Run.Tables ?? throw new InvalidOperationException("the embedded run has no item store");
            var item = (await store.GetItemAsync(new GetItemRequest
            {
                TableName = table,
                Key = new Dictionary<string, AttributeValue> { ["customer"] = new AttributeValue { S = "c1" }, ["seq"] = new AttributeValue { N = "1" } },
                ConsistentRead = true,
            })).Item;
            Assert.Equal("paid", item["state"].S);
            Assert.Equal("1", item["tries"].N);
        }
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>Clients nobody here wrote (boto3, the aws CLI) in their own processes, against the endpoint; what they do lands in the run's journal under their access key ids.</summary>
    public sealed class EndpointClientTests
    {
        private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(120);

        [Fact]
        public async Task Boto3_does_a_whole_lifecycle_and_catches_QueueDoesNotExist_by_its_type()
        {
            using var endpoint = new RunningEndpoint();
            var script = Path.Combine(RepoPaths.Root, "tests", "clients", "python", "sqs_lifecycle.py");
            var outcome = await ExternalClient.RunAsync("python3", new[] { script, "boto-orders" }, endpoint.Endpoint.Url, "consumer-py", ClientTimeout);
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            using var seen = JsonDocument.Parse(outcome.Output);
            var root = seen.RootElement;
            Assert.Equal(endpoint.Endpoint.Url + "/000000000000/boto-orders", root.GetProperty("queue_url").GetString());
            Assert.Equal(root.GetProperty("sent_md5_attributes").GetString(), root.GetProperty("received_md5_attributes").GetString());
            Assert.Equal("2", root.GetProperty("second_receive_count").GetString());
            Assert.Equal("arn:aws:sqs:us-east-1:000000000000:boto-orders", root.GetProperty("dead_letter_source").GetString());
            Assert.Equal("QueueDoesNotExist", root.GetProperty("typed_error").GetString());
            Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", root.GetProperty("typed_error_code").GetString());

            var journal = endpoint.Run.Journal.Snapshot();
            var deletedId = root.GetProperty("deleted_id").GetString();
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Deleted && e.MessageId == deletedId && e.Actor == "consumer-py");
            Assert.Contains(journal, e => e.Kind == JournalEventKind.MovedToDeadLetterQueue && e.MessageId == root.GetProperty("sent_id").GetString());
        }

        [Fact]
        public async Task Aws_cli_sends_as_one_caller_and_deletes_as_another_and_the_journal_names_both()
        {
            // Real time: a CLI call takes seconds on a loaded machine, which at x10 outlasts a 60 s visibility timeout.
            using var endpoint = new RunningEndpoint(timeScale: 1);
            var url = endpoint.Endpoint.Url;
            Task<ExternalClient.Outcome> Cli(string caller, params string[] arguments) =>
                ExternalClient.RunAsync("aws", new[] { "sqs" }.Concat(arguments).Concat(new[] { "--endpoint-url", url, "--output", "json" }), url, caller, ClientTimeout);
            async Task<JsonElement> Ok(string caller, params string[] arguments)
            {
                var outcome = await Cli(caller, arguments);
                Assert.True(outcome.ExitCode == 0, string.Join(" ", arguments) + ": " + outcome);
                return outcome.Output.Length == 0 ? default : JsonDocument.Parse(outcome.Output).RootElement.Clone();
            }

            await Ok("admin", "create-queue", "--queue-name", "cli-dlq");
            var redrive = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:cli-dlq\",\"maxReceiveCount\":\"1\"}";
            var queue = (await Ok("admin", "create-queue", "--queue-name", "cli-orders", "--attributes", JsonSerializer.Serialize(new { RedrivePolicy = redrive })))
                .GetProperty("QueueUrl").GetString()!;
            Assert.Equal(url + "/000000000000/cli-orders", queue);

            var sent = await Ok("producer-x", "send-message", "--queue-url", queue, "--message-body", "order-7",
                "--message-attributes", "{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"order\"}}");
            var messageId = sent.GetProperty("MessageId").GetString();
            var received = (await Ok("consumer-y", "receive-message", "--queue-url", queue, "--wait-time-seconds", "20", "--message-attribute-names", "All"))
                .GetProperty("Messages")[0];
            Assert.Equal("order", received.GetProperty("MessageAttributes").GetProperty("kind").GetProperty("StringValue").GetString());
            var handle = received.GetProperty("ReceiptHandle").GetString()!;
            await Ok("consumer-y", "change-message-visibility", "--queue-url", queue, "--receipt-handle", handle, "--visibility-timeout", "60");
            await Ok("consumer-y", "delete-message", "--queue-url", queue, "--receipt-handle", handle);

            // A second message, received and let go: maxReceiveCount 1 sends it to the DLQ on the next receive.
            var doomed = (await Ok("producer-x", "send-message", "--queue-url", queue, "--message-body", "order-8")).GetProperty("MessageId").GetString();
            var doomedHandle = (await Ok("consumer-y", "receive-message", "--queue-url", queue, "--wait-time-seconds", "20")).GetProperty("Messages")[0].GetProperty("ReceiptHandle").GetString()!;
            await Ok("consumer-y", "change-message-visibility", "--queue-url", queue, "--receipt-handle", doomedHandle, "--visibility-timeout", "0");
            await Ok("consumer-y", "receive-message", "--queue-url", queue, "--wait-time-seconds", "1");
            var dead = (await Ok("consumer-y", "receive-message", "--queue-url", url + "/000000000000/cli-dlq", "--wait-time-seconds", "20")).GetProperty("Messages")[0];
            Assert.Equal(doomed, dead.GetProperty("MessageId").GetString());

            var missing = await Cli("admin", "get-queue-url", "--queue-name", "no-such-queue");
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("AWS.SimpleQueueService.NonExistentQueue", missing.Error);

            var journal = endpoint.Run.Journal.Snapshot();
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Sent && e.MessageId == messageId && e.Actor == "producer-x");
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Received && e.MessageId == messageId && e.Actor == "consumer-y");
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Deleted && e.MessageId == messageId && e.Actor == "consumer-y");
        }
    }
}

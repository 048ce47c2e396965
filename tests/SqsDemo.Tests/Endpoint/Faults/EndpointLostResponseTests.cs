// Lost responses and latency through the AWS SDK for .NET with its retries on: the call takes effect, the connection
// drops, and the SDK's retry is what the service sees next. A lost SendMessage response sends the message twice (the
// broker journals two Sent); a lost DeleteMessage response deletes the message, and the retry with the same receipt
// handle is answered 200, as SQS answers a delete of a message already gone, so nothing is delivered again.
using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Endpoint.Faults;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Endpoint.Faults
{
    public sealed class EndpointLostResponseTests
    {
        private static JournalEventKind[] Kinds(JournalEvent[] events) => events.Select(e => e.Kind).ToArray();

        [Fact]
        public async Task A_lost_SendMessage_response_retried_by_the_SDK_puts_the_message_in_the_queue_twice()
        {
            using var endpoint = new RunningEndpoint();
            using var client = FaultClients.Sqs(endpoint, "producer-1", retries: true);
            var url = (await client.CreateQueueAsync("orders")).QueueUrl;
            endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Name = "lost-send", Operations = { "SendMessage" }, LoseResponse = true, Count = 1 });

            var sent = await client.SendMessageAsync(url, "{\"id\":\"order-1\"}");

            var events = endpoint.Run.Journal.Snapshot().Where(e => e.Kind == JournalEventKind.Sent || e.Kind == JournalEventKind.FaultInjected).ToArray();
            Assert.Equal(new[] { JournalEventKind.Sent, JournalEventKind.FaultInjected, JournalEventKind.Sent }, Kinds(events));
            Assert.Equal((EndpointFaultEffect.LostResponse, "SendMessage"), (events[1].FaultEffect, events[1].Operation));
            // Two messages with one body: the first the caller never heard of, the second the id it got.
            Assert.Equal(new[] { "order-1", "order-1" }, new[] { events[0].BodyId, events[2].BodyId });
            Assert.NotEqual(events[0].MessageId, events[2].MessageId);
            Assert.Equal(sent.MessageId, events[2].MessageId);
            var depth = await client.GetQueueAttributesAsync(url, new System.Collections.Generic.List<string> { "ApproximateNumberOfMessages" });
            Assert.Equal(2, depth.ApproximateNumberOfMessages);
        }

        [Fact]
        public async Task A_lost_DeleteMessage_response_deletes_the_message_and_the_SDK_retry_of_the_gone_message_is_answered_200()
        {
            using var endpoint = new RunningEndpoint();
            using var client = FaultClients.Sqs(endpoint, "consumer-1", retries: true);
            var url = (await client.CreateQueueAsync("orders")).QueueUrl;
            await client.SendMessageAsync(url, "{\"id\":\"order-2\"}");
            var message = Assert.Single((await client.ReceiveMessageAsync(url)).Messages);
            endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Name = "lost-delete", Operations = { "DeleteMessage" }, LoseResponse = true, Count = 1 });

            await client.DeleteMessageAsync(url, message.ReceiptHandle); // no exception: the retry succeeded

            var events = endpoint.Run.Journal.Snapshot().Where(e => e.Kind == JournalEventKind.Deleted || e.Kind == JournalEventKind.FaultInjected).ToArray();
            // The delete took effect, its answer was lost, and the retry deleted nothing more: the journal records it
            // as a delete whose handle it no longer knows (the handle was retired by the first), without a message id.
            Assert.Equal(new[] { JournalEventKind.Deleted, JournalEventKind.FaultInjected, JournalEventKind.Deleted }, Kinds(events));
            Assert.Equal((message.MessageId, (string?)null), (events[0].MessageId, events[2].MessageId));
            var attributes = await client.GetQueueAttributesAsync(url, new System.Collections.Generic.List<string> { "All" });
            Assert.Equal((0, 0), (attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible));
            Assert.Empty((await client.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 })).Messages ?? new System.Collections.Generic.List<Amazon.SQS.Model.Message>());
        }

        [Fact]
        public async Task Latency_is_scenario_time_on_the_run_clock_so_a_scaled_clock_shortens_it_in_wall_time()
        {
            using var endpoint = new RunningEndpoint(timeScale: 10);
            using var client = FaultClients.Sqs(endpoint, "producer-1", retries: false);
            endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Name = "slow", Operations = { "ListQueues" }, LatencySeconds = 8 });

            var before = endpoint.Run.ScenarioTime;
            var wall = Stopwatch.StartNew();
            await client.ListQueuesAsync(new Amazon.SQS.Model.ListQueuesRequest());
            var waited = endpoint.Run.ScenarioTime - before;

            Assert.InRange(waited.TotalSeconds, 8, 8 + 30); // at x10, 0.8 s of wall time, with room for a loaded machine
            Assert.True(wall.Elapsed < TimeSpan.FromSeconds(8), "8 scenario seconds at x10 took " + wall.Elapsed + " of wall time.");
            var injected = Assert.Single(endpoint.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.FaultInjected);
            Assert.Equal((EndpointFaultEffect.Latency, (double?)8, (string?)null), (injected.FaultEffect, injected.LatencySeconds, injected.ErrorCode));
        }

        [Fact]
        public async Task A_lost_response_with_latency_takes_effect_at_once_and_drops_the_answer_after_the_wait()
        {
            using var endpoint = new RunningEndpoint(timeScale: 10);
            using var client = FaultClients.Sqs(endpoint, "producer-1", retries: true);
            var url = (await client.CreateQueueAsync("orders")).QueueUrl;
            endpoint.Endpoint.Faults.Add(new EndpointFaultRule { Name = "black-hole", Operations = { "SendMessage" }, LoseResponse = true, LatencySeconds = 5, Count = 1 });

            await client.SendMessageAsync(url, "sent, then sent again");

            var events = endpoint.Run.Journal.Snapshot().Where(e => e.Kind == JournalEventKind.Sent || e.Kind == JournalEventKind.FaultInjected).ToArray();
            Assert.Equal(new[] { JournalEventKind.Sent, JournalEventKind.FaultInjected, JournalEventKind.Sent }, Kinds(events));
            // The send took effect on arrival; the caller heard nothing for 5 scenario seconds, then the connection dropped.
            Assert.True(events[1].ScenarioTime - events[0].ScenarioTime >= TimeSpan.FromSeconds(5), "Sent at " + events[0].ScenarioTime + ", lost at " + events[1].ScenarioTime);
        }
    }
}

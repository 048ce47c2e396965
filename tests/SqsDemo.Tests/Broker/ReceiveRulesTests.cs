using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Receiving and visibility": parameters, long and short polling, order, receive counts, the in-flight limit.</summary>
    public sealed class ReceiveRulesTests : BrokerTestBase
    {
        [Theory]
        [InlineData("MaxNumberOfMessages", 0)]
        [InlineData("MaxNumberOfMessages", 11)]
        [InlineData("WaitTimeSeconds", -1)]
        [InlineData("WaitTimeSeconds", 21)]
        [InlineData("VisibilityTimeout", -1)]
        [InlineData("VisibilityTimeout", 43201)]
        public async Task Receive_parameters_out_of_range_fail_InvalidParameterValue(string parameter, int value)
        {
            var url = await CreateQueue("q");
            var request = new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 0 };
            switch (parameter)
            {
                case "MaxNumberOfMessages": request.MaxNumberOfMessages = value; break;
                case "WaitTimeSeconds": request.WaitTimeSeconds = value; break;
                default: request.VisibilityTimeout = value; break;
            }
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ReceiveMessageAsync(request));
            Assert.Contains("parameter " + parameter, error.Message);
        }

        // docs/sqs-rules.md, "Receiving and visibility": AWS's wording for WaitTimeSeconds.
        [Theory]
        [InlineData(-1)]
        [InlineData(21)]
        public async Task WaitTimeSeconds_out_of_range_says_Must_be_between_0_and_20_in_AWSs_wording(int wait)
        {
            var url = await CreateQueue("q");
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = wait }));
            Assert.Equal("Value " + wait + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.", error.Message);
        }

        [Fact]
        public async Task MaxNumberOfMessages_defaults_to_1_and_caps_the_receive()
        {
            var url = await CreateQueue("q");
            await SendMany(url, 15);
            Assert.Single(await Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }));
            Assert.Equal(10, (await Receive(url, 10)).Count);
        }

        [Fact]
        public async Task Long_polling_returns_as_soon_as_a_message_is_sent()
        {
            var url = await CreateQueue("q");
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
            Assert.False(poll.IsCompleted);
            await Send(url, "wake up");
            var messages = await Within(poll);
            Assert.Equal("wake up", Assert.Single(messages).Body);
        }

        [Fact]
        public async Task Long_polling_returns_empty_when_the_wait_ends()
        {
            var url = await CreateQueue("q");
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
            Clock.AdvanceSeconds(19);
            Assert.False(poll.IsCompleted);
            Clock.AdvanceSeconds(1);
            Assert.Empty(await Within(poll));
        }

        [Fact]
        public async Task Long_polling_uses_the_queue_ReceiveMessageWaitTimeSeconds_when_the_request_has_none()
        {
            var url = await CreateQueue("q", (QueueAttributeName.ReceiveMessageWaitTimeSeconds, "10"));
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url });
            Assert.False(poll.IsCompleted);
            Clock.AdvanceSeconds(10);
            Assert.Empty(await Within(poll));
        }

        [Fact]
        public async Task Long_polling_wakes_when_a_visibility_timeout_expires()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var first = await ReceiveOne(url, visibility: 5);
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
            Clock.AdvanceSeconds(4);
            Assert.False(poll.IsCompleted);
            Clock.AdvanceSeconds(1);
            var again = Assert.Single(await Within(poll));
            Assert.Equal(first.MessageId, again.MessageId);
            Assert.Equal(2, again.ApproximateReceiveCount);
        }

        [Fact]
        public async Task Long_polling_wakes_when_a_delayed_message_becomes_due()
        {
            var url = await CreateQueue("q");
            await Send(url, "delayed", delaySeconds: 8);
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
            Clock.AdvanceSeconds(7);
            Assert.False(poll.IsCompleted);
            Clock.AdvanceSeconds(1);
            Assert.Equal("delayed", Assert.Single(await Within(poll)).Body);
        }

        [Fact]
        public async Task Long_polling_is_cancelled_with_OperationCanceledException()
        {
            var url = await CreateQueue("q");
            using var cancel = new CancellationTokenSource();
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 }, cancel.Token);
            Assert.False(poll.IsCompleted);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(poll));
            // The cancelled poll took nothing: a message sent now is there for the next receive.
            await Send(url);
            Assert.Single(await Receive(url));
        }

        [Fact]
        public async Task Many_long_polls_share_the_messages_without_losing_a_wake_up()
        {
            var url = await CreateQueue("q");
            var polls = Enumerable.Range(0, 8).Select(_ => Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20, MaxNumberOfMessages = 1 })).ToList();
            await SendMany(url, 8);
            var all = await Within(Task.WhenAll(polls));
            Assert.Equal(8, all.SelectMany(m => m).Select(m => m.MessageId).Distinct().Count());
        }

        [Fact]
        public async Task Long_polling_on_the_scaled_scenario_clock_wakes_on_visibility_expiry_and_ends_with_the_wait()
        {
            var scaled = new SqsDemo.Engine.Clock.ScaledTimeProvider(200);
            var broker = new EmbeddedBroker(scaled, 9, new EmbeddedBrokerOptions());
            var url = await broker.CreateQueueAsync("q", null);
            await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x" });
            var first = Assert.Single(await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 2 }));
            var again = await Within(broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 }));
            Assert.Equal(first.MessageId, Assert.Single(again).MessageId);
            await broker.DeleteMessageAsync(url, again[0].ReceiptHandle);
            Assert.Empty(await Within(broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 2 })));
        }

        [Fact]
        public async Task Short_polling_a_standard_queue_may_return_fewer_than_available_but_at_least_one()
        {
            UseBroker(7, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 0.5 });
            var url = await CreateQueue("q");
            await SendMany(url, 10);
            var counts = new List<int>();
            for (var i = 0; i < 30; i++) counts.Add((await Receive(url, 10, visibility: 0)).Count);
            Assert.All(counts, c => Assert.InRange(c, 1, 10));
            Assert.Contains(counts, c => c < 10);
            // A long poll asks every server: everything available, up to the maximum.
            var all = await Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 0 });
            Assert.Equal(10, all.Count);
        }

        [Fact]
        public async Task Standard_queue_delivers_in_best_effort_order_reordering_within_the_window()
        {
            const int window = 3;
            UseBroker(11, new EmbeddedBrokerOptions { ReorderWindow = window, ShortPollSampleRate = 1 });
            var url = await CreateQueue("q");
            var sent = await SendMany(url, 60);
            var received = new List<string>();
            while (received.Count < sent.Count) received.AddRange((await Receive(url, 1)).Select(m => m.MessageId));
            Assert.NotEqual(sent, received);
            Assert.Equal(sent.OrderBy(x => x), received.OrderBy(x => x));
            for (var position = 0; position < received.Count; position++)
                Assert.True(sent.IndexOf(received[position]) <= position + window, "a message arrived more than " + window + " places early");
        }

        [Fact]
        public async Task ReorderWindow_0_delivers_in_send_order()
        {
            var url = await CreateQueue("q");
            var sent = await SendMany(url, 30);
            var received = new List<string>();
            while (received.Count < sent.Count) received.AddRange((await Receive(url, 7)).Select(m => m.MessageId));
            Assert.Equal(sent, received);
        }

        [Fact]
        public async Task The_same_seed_replays_message_ids_order_and_handles()
        {
            async Task<List<string>> Run()
            {
                var broker = new EmbeddedBroker(new ManualClock(), 1234, new EmbeddedBrokerOptions { ReorderWindow = 3, ShortPollSampleRate = 0.5 });
                var url = await broker.CreateQueueAsync("q", null);
                for (var i = 0; i < 20; i++) await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m" + i });
                var trace = new List<string>();
                for (var i = 0; i < 10; i++)
                    foreach (var m in await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 5 }))
                        trace.Add(m.Body + "|" + m.MessageId + "|" + m.ReceiptHandle);
                return trace;
            }
            Assert.Equal(await Run(), await Run());
        }

        [Fact]
        public async Task Each_receive_issues_a_new_receipt_handle_and_increments_ApproximateReceiveCount()
        {
            var url = await CreateQueue("q");
            var sentAt = Clock.GetUtcNow();
            await Send(url);
            Clock.AdvanceSeconds(3);
            var first = await ReceiveOne(url, visibility: 10);
            Assert.Equal(1, first.ApproximateReceiveCount);
            Assert.Equal(sentAt, first.SentTimestamp);
            Assert.Equal(sentAt.AddSeconds(3), first.ApproximateFirstReceiveTimestamp);
            Clock.AdvanceSeconds(10);
            var second = await ReceiveOne(url);
            Assert.Equal(2, second.ApproximateReceiveCount);
            Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
            Assert.Equal(sentAt.AddSeconds(3), second.ApproximateFirstReceiveTimestamp);
            Assert.Equal(sentAt, second.SentTimestamp);
        }

        [Fact]
        public async Task In_flight_limit_120000_makes_a_standard_receive_fail_OverLimit()
        {
            var url = await CreateQueue("big");
            var entries = Enumerable.Range(0, 10).Select(i => new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = "x" }).ToList();
            for (var i = 0; i < SqsLimits.InFlightLimitStandard / 10 + 1; i++) await Broker.SendMessageBatchAsync(url, entries);
            var inFlight = 0;
            while (inFlight < SqsLimits.InFlightLimitStandard) inFlight += (await Receive(url, 10, visibility: 600)).Count;
            Assert.Equal(SqsLimits.InFlightLimitStandard, await InFlight(url));
            await AssertSqsError(SqsErrorCode.OverLimit, () => Receive(url, 1));
            Clock.AdvanceSeconds(600); // visibility over: room again
            Assert.Single(await Receive(url, 1));
        }
    }
}

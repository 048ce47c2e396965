using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "FIFO" (receiving), and FIFO's receipt-handle and in-flight rules.</summary>
    public sealed class FifoReceiveRulesTests : FifoTestBase
    {
        [Fact]
        public async Task Messages_of_a_group_are_delivered_in_strict_send_order_even_with_a_reordering_broker()
        {
            UseBroker(7, new EmbeddedBrokerOptions { ReorderWindow = 10, ShortPollSampleRate = 0.05 });
            var url = await CreateFifo();
            var bodies = Enumerable.Range(0, 50).Select(i => "m" + i).ToArray();
            await SendGroup(url, "g", bodies);
            var received = new System.Collections.Generic.List<string>();
            for (var messages = await ReceiveFifo(url, 3); messages.Count > 0; messages = await ReceiveFifo(url, 3))
            {
                received.AddRange(Bodies(messages));
                await DeleteAll(url, messages);
            }
            Assert.Equal(bodies, received);
        }

        [Fact]
        public async Task The_messages_behind_an_in_flight_message_of_their_group_wait_for_it()
        {
            var url = await CreateFifo();
            await SendGroup(url, "g", "a", "b", "c");
            var first = await ReceiveFifo(url, 1);
            Assert.Equal(new[] { "a" }, Bodies(first));
            Assert.Empty(await ReceiveFifo(url)); // b and c wait for a
            Assert.Equal(2, await Visible(url)); // they are counted as available all the same
            await DeleteAll(url, first);
            Assert.Equal(new[] { "b", "c" }, Bodies(await ReceiveFifo(url)));
        }

        [Fact]
        public async Task A_group_stays_blocked_while_an_earlier_message_has_its_visibility_extended()
        {
            var url = await CreateFifo("orders.fifo", true, (QueueAttributeName.VisibilityTimeout, "30"));
            await SendGroup(url, "g", "a", "b");
            var a = Assert.Single(await ReceiveFifo(url, 1));
            await Broker.ChangeMessageVisibilityAsync(url, a.ReceiptHandle, 100);
            Clock.AdvanceSeconds(40); // past the receive's 30 s, within the extension
            Assert.Empty(await ReceiveFifo(url));
            Clock.AdvanceSeconds(60); // extension over: a comes back first
            Assert.Equal(new[] { "a", "b" }, Bodies(await ReceiveFifo(url)));
        }

        // docs/sqs-rules.md, "FIFO" (recorded on AWS): an in-flight message blocks only the messages behind it.
        [Fact]
        public async Task An_in_flight_message_does_not_block_an_earlier_message_of_its_group_made_visible_again()
        {
            var url = await CreateFifo();
            await SendGroup(url, "g", "a", "b");
            var both = await ReceiveFifo(url);
            await Broker.ChangeMessageVisibilityAsync(url, both[0].ReceiptHandle, 0); // a is visible again, b still in flight
            Assert.Equal(1, await Visible(url));
            Assert.Equal(new[] { "a" }, Bodies(await ReceiveFifo(url)));
        }

        [Theory]
        [InlineData(0, new string[0])]
        [InlineData(1, new[] { "m0" })]
        [InlineData(2, new[] { "m0", "m1" })]
        public async Task FIFO_in_flight_message_blocks_only_the_messages_behind_it_in_its_group(int extended, string[] expected)
        {
            // The probe recorded on AWS: m0, m1, m2 received together, one extended, the others expire.
            var url = await CreateFifo(attributes: (QueueAttributeName.VisibilityTimeout, "10"));
            await SendGroup(url, "g", "m0", "m1", "m2");
            var received = await ReceiveFifo(url);
            Assert.Equal(new[] { "m0", "m1", "m2" }, Bodies(received));
            await Broker.ChangeMessageVisibilityAsync(url, received[extended].ReceiptHandle, 60);
            Clock.AdvanceSeconds(11);
            Assert.Equal(expected, Bodies(await ReceiveFifo(url)));
        }

        [Fact]
        public async Task A_receive_returns_as_many_messages_of_one_group_as_it_can_then_other_groups()
        {
            var url = await CreateFifo();
            await SendGroup(url, "A", "a1", "a2", "a3");
            await SendGroup(url, "B", "b1", "b2", "b3");
            Assert.Equal(new[] { "a1", "a2", "a3", "b1", "b2" }, Bodies(await ReceiveFifo(url, 5)));
        }

        [Fact]
        public async Task Groups_interleave_across_receives_a_released_group_queues_behind_the_waiting_ones()
        {
            var url = await CreateFifo();
            await SendGroup(url, "A", "a1", "a2");
            await SendGroup(url, "B", "b1", "b2");
            await SendGroup(url, "C", "c1", "c2");
            var a1 = await ReceiveFifo(url, 1);
            Assert.Equal(new[] { "a1" }, Bodies(a1));
            await DeleteAll(url, a1); // A is ready again, behind B and C
            Assert.Equal(new[] { "b1" }, Bodies(await ReceiveFifo(url, 1)));
            Assert.Equal(new[] { "c1" }, Bodies(await ReceiveFifo(url, 1)));
            Assert.Equal(new[] { "a2" }, Bodies(await ReceiveFifo(url, 1)));
            Assert.Empty(await ReceiveFifo(url, 1));
        }

        [Fact]
        public async Task A_message_whose_visibility_ended_is_redelivered_before_the_later_messages_of_its_group()
        {
            var url = await CreateFifo();
            await SendGroup(url, "g", "a", "b");
            var a = await ReceiveFifo(url, 1, visibility: 10);
            Clock.AdvanceSeconds(10);
            var again = await ReceiveFifo(url);
            Assert.Equal(new[] { "a", "b" }, Bodies(again));
            Assert.Equal(2, again[0].ApproximateReceiveCount);
            Assert.Equal(a[0].MessageId, again[0].MessageId);
        }

        [Fact]
        public async Task A_FIFO_receipt_handle_used_after_its_visibility_expired_fails_InvalidParameterValue_The_receipt_handle_has_expired()
        {
            var url = await CreateFifo();
            await SendFifo(url, "slow");
            var old = Assert.Single(await ReceiveFifo(url, visibility: 10));
            Clock.AdvanceSeconds(10); // visible again, not yet received
            var delete = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.DeleteMessageAsync(url, old.ReceiptHandle));
            Assert.EndsWith("The receipt handle has expired.", delete.Message);
            var change = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ChangeMessageVisibilityAsync(url, old.ReceiptHandle, 30));
            Assert.EndsWith("The receipt handle has expired.", change.Message);
            // Received again by someone else: the old handle stays expired, per entry in batches too.
            var current = Assert.Single(await ReceiveFifo(url, visibility: 30));
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.DeleteMessageAsync(url, old.ReceiptHandle));
            var batch = await Broker.DeleteMessageBatchAsync(url, new[] { new DeleteMessageBatchRequestEntry { Id = "old", ReceiptHandle = old.ReceiptHandle } });
            Assert.Equal(SqsErrorCode.InvalidParameterValue, Assert.Single(batch.Failed).Code);
            Assert.Equal(1, await InFlight(url));
            // The current handle works; deleting again once the message is gone is fine.
            await Broker.DeleteMessageAsync(url, current.ReceiptHandle);
            await Broker.DeleteMessageAsync(url, current.ReceiptHandle);
            Assert.Equal(0, await InFlight(url) + await Visible(url));
        }

        [Fact]
        public async Task A_FIFO_receipt_handle_after_ChangeMessageVisibility_0_has_expired()
        {
            var url = await CreateFifo();
            await SendFifo(url, "x");
            var m = Assert.Single(await ReceiveFifo(url));
            await Broker.ChangeMessageVisibilityAsync(url, m.ReceiptHandle, 0);
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.DeleteMessageAsync(url, m.ReceiptHandle));
            Assert.Equal(1, await Visible(url));
        }

        [Fact]
        public async Task A_retried_receive_with_the_same_ReceiveRequestAttemptId_returns_the_same_messages_and_receipt_handles()
        {
            var url = await CreateFifo();
            await SendGroup(url, "A", "a1", "a2");
            await SendGroup(url, "B", "b1");
            var first = await ReceiveFifo(url, 10, attemptId: "attempt-1");
            Clock.AdvanceSeconds(5);
            var retry = await ReceiveFifo(url, 10, attemptId: "attempt-1");
            Assert.Equal(first.Select(m => m.MessageId), retry.Select(m => m.MessageId));
            Assert.Equal(first.Select(m => m.ReceiptHandle), retry.Select(m => m.ReceiptHandle));
            Assert.Equal(first.Select(m => m.ApproximateReceiveCount), retry.Select(m => m.ApproximateReceiveCount));
            Assert.Equal(3, await InFlight(url));
            await DeleteAll(url, retry); // the handles are live
            Assert.Equal(0, await InFlight(url) + await Visible(url));
        }

        [Fact]
        public async Task A_retried_receive_resets_the_visibility_timeout_of_its_messages()
        {
            var url = await CreateFifo();
            await SendFifo(url, "x");
            var first = Assert.Single(await ReceiveFifo(url, visibility: 30, attemptId: "r"));
            Clock.AdvanceSeconds(20);
            Assert.Equal(first.ReceiptHandle, Assert.Single(await ReceiveFifo(url, visibility: 30, attemptId: "r")).ReceiptHandle);
            Clock.AdvanceSeconds(20); // 40 s after the receive, 20 s after the retry
            Assert.Equal(1, await InFlight(url));
            Clock.AdvanceSeconds(10);
            Assert.Equal(1, await Visible(url));
        }

        [Fact]
        public async Task A_ReceiveRequestAttemptId_replays_only_while_its_messages_are_in_flight_unmodified_and_within_5_minutes()
        {
            var url = await CreateFifo();
            await SendGroup(url, "g", "a", "b", "c");
            // Modified (deleted): the retry is a new receive, which the attempt id then names.
            var first = await ReceiveFifo(url, 1, visibility: 600, attemptId: "r1");
            await DeleteAll(url, first);
            var b = await ReceiveFifo(url, 1, visibility: 600, attemptId: "r1");
            Assert.Equal(new[] { "b" }, Bodies(b));
            // Modified (visibility changed): a new receive, with a new handle.
            await Broker.ChangeMessageVisibilityAsync(url, b[0].ReceiptHandle, 0);
            var fresh = await ReceiveFifo(url, 1, visibility: 600, attemptId: "r1");
            Assert.Equal(new[] { "b" }, Bodies(fresh));
            Assert.NotEqual(b[0].ReceiptHandle, fresh[0].ReceiptHandle);
            Assert.Equal(2, fresh[0].ApproximateReceiveCount);
            // Unmodified: replayed up to 5 minutes after the receive, forgotten after.
            Clock.AdvanceSeconds(299);
            Assert.Equal(fresh[0].ReceiptHandle, Assert.Single(await ReceiveFifo(url, 1, visibility: 600, attemptId: "r1")).ReceiptHandle);
            Clock.AdvanceSeconds(1);
            Assert.Empty(await ReceiveFifo(url, 1, attemptId: "r1")); // a new receive: b is in flight, c waits behind it
        }

        [Fact]
        public async Task A_ReceiveRequestAttemptId_is_1_to_128_alphanumeric_or_punctuation_characters_else_InvalidParameterValue()
        {
            var url = await CreateFifo();
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => ReceiveFifo(url, attemptId: "has space"));
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => ReceiveFifo(url, attemptId: new string('a', 129)));
            Assert.Empty(await ReceiveFifo(url, attemptId: new string('a', 128)));
        }

        [Fact]
        public async Task In_flight_limit_120000_on_a_FIFO_queue_returns_nothing_more_without_an_error()
        {
            var url = await CreateFifo(contentBased: false);
            const int limit = 120_000;
            for (var g = 0; g < limit / 10 + 1; g++)
            {
                var group = "g" + g;
                await Broker.SendMessageBatchAsync(url, Enumerable.Range(0, 10).Select(i =>
                    new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = "x", MessageGroupId = group, MessageDeduplicationId = group + "-" + i }).ToList());
            }
            var inFlight = 0;
            while (inFlight < limit) inFlight += (await ReceiveFifo(url, 10, visibility: 600)).Count;
            Assert.Equal(limit, await InFlight(url));
            Assert.Empty(await ReceiveFifo(url, 10)); // no OverLimit on FIFO
            Assert.Equal(10, await Visible(url));
            Clock.AdvanceSeconds(600);
            Assert.Equal(10, (await ReceiveFifo(url, 10)).Count);
        }

        [Fact]
        public async Task A_long_poll_waits_while_every_group_with_visible_messages_is_blocked_and_wakes_when_one_is_released()
        {
            var url = await CreateFifo();
            await SendGroup(url, "g", "a", "b");
            var a = await ReceiveFifo(url, 1);
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 20 });
            await Task.Delay(50);
            Assert.False(poll.IsCompleted); // b is visible but blocked: the poll keeps waiting (and does not spin)
            await DeleteAll(url, a);
            Assert.Equal(new[] { "b" }, Bodies(await Within(poll)));
        }

        [Fact]
        public async Task A_long_poll_wakes_when_an_in_flight_message_of_a_blocked_group_times_out()
        {
            var url = await CreateFifo();
            await SendGroup(url, "g", "a", "b");
            await ReceiveFifo(url, 1, visibility: 5);
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 20 });
            Assert.False(poll.IsCompleted);
            Clock.AdvanceSeconds(5);
            Assert.Equal(new[] { "a", "b" }, Bodies(await Within(poll)));
        }

        [Fact]
        public async Task A_FIFO_message_past_retention_disappears_and_its_group_moves_on()
        {
            var url = await CreateFifo("short.fifo", true, (QueueAttributeName.MessageRetentionPeriod, "60"));
            await SendFifo(url, "old");
            Clock.AdvanceSeconds(30);
            await SendFifo(url, "young");
            await ReceiveFifo(url, 1, visibility: 120); // "old" in flight, then it expires in flight
            Clock.AdvanceSeconds(30);
            Assert.Equal(new[] { "young" }, Bodies(await ReceiveFifo(url)));
            Assert.Single(NotificationsOf(BrokerNotificationKind.RetentionExpired));
        }

        [Fact]
        public async Task Receiving_and_deleting_a_single_group_of_100000_messages_does_not_scan_the_backlog()
        {
            var url = await CreateFifo(contentBased: false);
            const int total = 100_000;
            for (var i = 0; i < total / 10; i++)
                await Broker.SendMessageBatchAsync(url, Enumerable.Range(0, 10).Select(j =>
                    new SendMessageBatchRequestEntry { Id = "e" + j, MessageBody = "x", MessageGroupId = "one", MessageDeduplicationId = i + "-" + j }).ToList());
            var watch = Stopwatch.StartNew();
            var done = 0;
            for (var messages = await ReceiveFifo(url); messages.Count > 0; messages = await ReceiveFifo(url))
            {
                var result = await Broker.DeleteMessageBatchAsync(url, messages.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = "d" + i, ReceiptHandle = m.ReceiptHandle }).ToList());
                Assert.Empty(result.Failed);
                done += messages.Count;
            }
            Assert.Equal(total, done);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "draining took " + watch.Elapsed);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// docs/sqs-rules.md, "Message move tasks (DLQ redrive)". The mover runs on the broker's clock:
    /// the manual clock fires its ticks synchronously inside <see cref="ManualClock.Advance"/>, so each
    /// assertion after an advance sees exactly the ticks that time allows (a task with
    /// MaxNumberOfMessagesPerSecond R moves up to R per second, one without up to 100 per 0.1 s).
    /// </summary>
    public sealed class MessageMoveTaskRulesTests : FifoTestBase
    {
        private const string NotADeadLetterQueue = "Source queue must be configured as a Dead Letter Queue.";

        /// <summary>orders (maxReceiveCount 1, visibility 10 s) dead-letters into orders-dlq.</summary>
        private async Task<(string Source, string Dlq, string DlqArn)> SourceWithDlq(string name = "orders")
        {
            var dlq = await CreateQueue(name + "-dlq");
            var dlqArn = await Arn(dlq);
            var source = await CreateQueue(name, (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, 1)), (QueueAttributeName.VisibilityTimeout, "10"));
            return (source, dlq, dlqArn);
        }

        /// <summary>Sends <paramref name="count"/> messages to <paramref name="source"/> and lets each fail once, so the next receive dead-letters them (in send order).</summary>
        private async Task<List<string>> DeadLetter(string source, int count, string prefix = "m")
        {
            var ids = await SendMany(source, count, prefix);
            var received = 0;
            while (received < count)
            {
                var batch = await Receive(source, 10);
                Assert.NotEmpty(batch);
                received += batch.Count;
            }
            Clock.AdvanceSeconds(10);
            Assert.Empty(await Receive(source, 10)); // past maxReceiveCount: all of them move instead
            return ids;
        }

        private async Task<MessageMoveTask> Latest(string sourceArn) => Assert.Single(await Broker.ListMessageMoveTasksAsync(sourceArn));

        private async Task<List<Message>> ReceiveAll(string url)
        {
            var all = new List<Message>();
            while (true)
            {
                var batch = await Receive(url, 10, visibility: 300);
                if (batch.Count == 0) return all;
                all.AddRange(batch);
            }
        }

        [Fact]
        public async Task The_source_must_be_a_dead_letter_queue_of_some_queue_and_exist()
        {
            var plainArn = await Arn(await CreateQueue("plain"));
            var destinationArn = await Arn(await CreateQueue("destination"));
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.StartMessageMoveTaskAsync(plainArn, destinationArn, null));
            Assert.Equal(NotADeadLetterQueue, error.Message);

            // Naming it in a redrive policy makes it one.
            await CreateQueue("orders", (QueueAttributeName.RedrivePolicy, RedrivePolicy(plainArn, 3)));
            await Broker.StartMessageMoveTaskAsync(plainArn, destinationArn, null);

            var missing = await AssertSqsError(SqsErrorCode.ResourceNotFound, () =>
                Broker.StartMessageMoveTaskAsync("arn:aws:sqs:us-east-1:000000000000:nowhere", null, null));
            Assert.Equal("The resource that you specified for the SourceArn parameter doesn't exist.", missing.Message);
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.StartMessageMoveTaskAsync("not-an-arn", null, null));
            await AssertSqsError(SqsErrorCode.MissingParameter, () => Broker.StartMessageMoveTaskAsync("", null, null));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(501)]
        public async Task MaxNumberOfMessagesPerSecond_must_be_between_1_and_500(int rate)
        {
            var (_, _, dlqArn) = await SourceWithDlq();
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.StartMessageMoveTaskAsync(dlqArn, null, rate));
            Assert.Contains("MaxNumberOfMessagesPerSecond", error.Message);
            Assert.Empty(await Broker.ListMessageMoveTasksAsync(dlqArn));
            await Broker.StartMessageMoveTaskAsync(dlqArn, null, 500);
            Assert.Equal(500, (await Latest(dlqArn)).MaxNumberOfMessagesPerSecond);
        }

        [Fact]
        public async Task Only_one_active_task_per_source_a_second_start_is_refused_while_one_runs()
        {
            var (source, _, dlqArn) = await SourceWithDlq();
            await DeadLetter(source, 3);
            await Broker.StartMessageMoveTaskAsync(dlqArn, null, 1);
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.StartMessageMoveTaskAsync(dlqArn, null, null));
            Assert.StartsWith("There is already a task running.", error.Message);

            // Still refused while CANCELLING; allowed once the task has ended.
            await Broker.CancelMessageMoveTaskAsync((await Latest(dlqArn)).TaskHandle!);
            Assert.Equal(MessageMoveTaskStatus.Cancelling, (await Latest(dlqArn)).Status);
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.StartMessageMoveTaskAsync(dlqArn, null, null));
            Clock.AdvanceSeconds(1);
            Assert.Equal(MessageMoveTaskStatus.Cancelled, (await Latest(dlqArn)).Status);
            await Broker.StartMessageMoveTaskAsync(dlqArn, null, null);
            Assert.Equal(MessageMoveTaskStatus.Running, (await Latest(dlqArn)).Status);
        }

        [Fact]
        public async Task The_destination_must_exist_and_be_of_the_same_queue_type()
        {
            var (_, _, dlqArn) = await SourceWithDlq();
            var fifoArn = await Arn(await CreateFifo("elsewhere.fifo"));
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.StartMessageMoveTaskAsync(dlqArn, fifoArn, null));
            Assert.Contains("same type", error.Message);

            var missing = await AssertSqsError(SqsErrorCode.ResourceNotFound, () =>
                Broker.StartMessageMoveTaskAsync(dlqArn, "arn:aws:sqs:us-east-1:000000000000:nowhere", null));
            Assert.Equal("The resource that you specified for the DestinationArn parameter doesn't exist.", missing.Message);
            Assert.Empty(await Broker.ListMessageMoveTasksAsync(dlqArn));
        }

        [Fact]
        public async Task Without_a_destination_each_message_returns_to_the_queue_its_DeadLetterQueueSourceArn_names()
        {
            var dlq = await CreateQueue("shared-dlq");
            var dlqArn = await Arn(dlq);
            var orders = await CreateQueue("orders", (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, 1)), (QueueAttributeName.VisibilityTimeout, "10"));
            var invoices = await CreateQueue("invoices", (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, 1)), (QueueAttributeName.VisibilityTimeout, "10"));
            await DeadLetter(orders, 2, "order-");
            await DeadLetter(invoices, 3, "invoice-");
            Assert.Equal(5, await Visible(dlq));

            await Broker.StartMessageMoveTaskAsync(dlqArn, null, null);
            Clock.AdvanceSeconds(0.1);

            Assert.Equal(MessageMoveTaskStatus.Completed, (await Latest(dlqArn)).Status);
            Assert.Null((await Latest(dlqArn)).DestinationArn);
            Assert.Equal(new[] { "order-0", "order-1" }, (await ReceiveAll(orders)).Select(m => m.Body));
            Assert.Equal(new[] { "invoice-0", "invoice-1", "invoice-2" }, (await ReceiveAll(invoices)).Select(m => m.Body));
            Assert.Equal(0, await Visible(dlq));
        }

        [Fact]
        public async Task A_redriven_message_is_a_new_message_with_a_new_MessageId_enqueue_time_and_receive_count_zero()
        {
            var (source, dlq, dlqArn) = await SourceWithDlq();
            var sent = await Broker.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = source,
                MessageBody = "poison",
                MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["kind"] = new MessageAttributeValue { DataType = "String", StringValue = "bad" } },
            });
            var sentAt = Clock.GetUtcNow();
            await ReceiveOne(source);
            Clock.AdvanceSeconds(10);
            Assert.Empty(await Receive(source));
            var destination = await CreateQueue("retry");

            Clock.AdvanceSeconds(50);
            await Broker.StartMessageMoveTaskAsync(dlqArn, await Arn(destination), null);
            Clock.AdvanceSeconds(0.1);
            var movedAt = Clock.GetUtcNow();
            Assert.Equal(0, await Visible(dlq));

            var redriven = await ReceiveOne(destination);
            Assert.NotEqual(sent.MessageId, redriven.MessageId);
            Assert.Equal(1, redriven.ApproximateReceiveCount); // this receive is its first: it arrived with 0
            Assert.Equal(movedAt, redriven.SentTimestamp);
            Assert.NotEqual(sentAt, redriven.SentTimestamp);
            Assert.Null(redriven.DeadLetterQueueSourceArn);
            Assert.Equal("poison", redriven.Body);
            Assert.Equal(sent.MD5OfMessageBody, redriven.MD5OfBody);
            Assert.Equal("bad", redriven.MessageAttributes["kind"].StringValue);

            var note = Assert.Single(NotificationsOf(BrokerNotificationKind.MessageMoved));
            Assert.Equal(dlq, note.QueueUrl);
            Assert.Equal(sent.MessageId, note.MessageId);
            Assert.Equal(destination, note.TargetQueueUrl);
            Assert.Equal(redriven.MessageId, note.NewMessageId);
            Assert.Equal(movedAt, note.Time);
        }

        [Fact]
        public async Task Messages_are_redriven_oldest_first_and_interleave_with_new_traffic()
        {
            var (source, _, dlqArn) = await SourceWithDlq();
            await DeadLetter(source, 5);
            await Broker.StartMessageMoveTaskAsync(dlqArn, null, 2); // back to orders, 2 per second

            Clock.AdvanceSeconds(1);
            await Send(source, "live-1");
            Clock.AdvanceSeconds(1);
            await Send(source, "live-2");
            Clock.AdvanceSeconds(1);

            Assert.Equal(new[] { "m0", "m1", "live-1", "m2", "m3", "live-2", "m4" }, (await ReceiveAll(source)).Select(m => m.Body));
        }

        [Fact]
        public async Task MaxNumberOfMessagesPerSecond_is_honoured_in_clock_time()
        {
            var (source, dlq, dlqArn) = await SourceWithDlq();
            var destination = await CreateQueue("retry");
            await DeadLetter(source, 5);
            await Broker.StartMessageMoveTaskAsync(dlqArn, await Arn(destination), 2);

            var moved = new List<long>();
            var status = new List<string>();
            for (var second = 0; second <= 3; second++)
            {
                if (second > 0) Clock.AdvanceSeconds(0.5);
                var half = await Latest(dlqArn); // half a second later: no tick yet
                if (second > 0) Clock.AdvanceSeconds(0.5);
                var task = await Latest(dlqArn);
                Assert.True(second == 0 || half.ApproximateNumberOfMessagesMoved == moved[second - 1], "moved before its second was up");
                moved.Add(task.ApproximateNumberOfMessagesMoved);
                status.Add(task.Status);
                Assert.Equal(task.ApproximateNumberOfMessagesMoved, await Visible(destination));
            }
            Assert.Equal(new long[] { 0, 2, 4, 5 }, moved);
            Assert.Equal(new[] { "RUNNING", "RUNNING", "RUNNING", "COMPLETED" }, status);
            Assert.Equal(0, await Visible(dlq));
        }

        [Fact]
        public async Task Without_a_rate_a_task_moves_up_to_100_messages_every_tenth_of_a_second()
        {
            var (source, dlq, dlqArn) = await SourceWithDlq();
            var destination = await CreateQueue("retry");
            await DeadLetter(source, 250);
            await Broker.StartMessageMoveTaskAsync(dlqArn, await Arn(destination), null);
            Assert.Equal(0, (await Latest(dlqArn)).ApproximateNumberOfMessagesMoved);
            Clock.AdvanceSeconds(0.1);
            Assert.Equal(100, (await Latest(dlqArn)).ApproximateNumberOfMessagesMoved);
            Clock.AdvanceSeconds(0.1);
            Assert.Equal(200, (await Latest(dlqArn)).ApproximateNumberOfMessagesMoved);
            Clock.AdvanceSeconds(0.1);
            var done = await Latest(dlqArn);
            Assert.Equal(MessageMoveTaskStatus.Completed, done.Status);
            Assert.Equal(250, done.ApproximateNumberOfMessagesMoved);
            Assert.Equal(250, await Visible(destination));
            Assert.Equal(0, await Visible(dlq));
        }

        [Fact]
        public async Task ListMessageMoveTasks_returns_the_newest_first_and_maxResults_must_be_between_1_and_10()
        {
            var (source, _, dlqArn) = await SourceWithDlq();
            var destinations = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                await DeadLetter(source, 1, "round" + i + "-");
                var destination = await CreateQueue("retry-" + i);
                destinations.Add(await Arn(destination));
                await Broker.StartMessageMoveTaskAsync(dlqArn, destinations[i], null);
                Clock.AdvanceSeconds(1); // the task completes at its first tick
            }

            var newest = await Latest(dlqArn); // maxResults defaults to 1
            Assert.Equal(destinations[2], newest.DestinationArn);
            var all = await Broker.ListMessageMoveTasksAsync(dlqArn, 10);
            Assert.Equal(destinations.AsEnumerable().Reverse(), all.Select(t => t.DestinationArn));
            Assert.True(all[0].StartedTimestamp > all[1].StartedTimestamp && all[1].StartedTimestamp > all[2].StartedTimestamp);
            Assert.All(all, t =>
            {
                Assert.Equal(MessageMoveTaskStatus.Completed, t.Status);
                Assert.Equal(dlqArn, t.SourceArn);
                Assert.Null(t.TaskHandle); // only RUNNING tasks show their handle
                Assert.Null(t.MaxNumberOfMessagesPerSecond);
            });
            Assert.Equal(2, (await Broker.ListMessageMoveTasksAsync(dlqArn, 2)).Count);

            foreach (var bad in new[] { 0, 11 })
            {
                var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ListMessageMoveTasksAsync(dlqArn, bad));
                Assert.Contains("MaxResults", error.Message);
            }
            var missing = await AssertSqsError(SqsErrorCode.ResourceNotFound, () => Broker.ListMessageMoveTasksAsync("arn:aws:sqs:us-east-1:000000000000:nowhere"));
            Assert.Equal("The resource that you specified for the SourceArn parameter doesn't exist.", missing.Message);
            Assert.Empty(await Broker.ListMessageMoveTasksAsync(await Arn(source))); // a queue without tasks
        }

        [Fact]
        public async Task A_task_on_an_empty_dead_letter_queue_is_COMPLETED_at_its_first_tick()
        {
            var (_, _, dlqArn) = await SourceWithDlq();
            for (var i = 0; i < 12; i++) // more than ListMessageMoveTasks shows: older ones are forgotten
            {
                await Broker.StartMessageMoveTaskAsync(dlqArn, null, null);
                Assert.Equal(MessageMoveTaskStatus.Running, (await Latest(dlqArn)).Status);
                Clock.AdvanceSeconds(0.1);
                var done = await Latest(dlqArn);
                Assert.Equal(MessageMoveTaskStatus.Completed, done.Status);
                Assert.Equal(0, done.ApproximateNumberOfMessagesToMove);
                Assert.Equal(0, done.ApproximateNumberOfMessagesMoved);
            }
            Assert.Equal(10, (await Broker.ListMessageMoveTasksAsync(dlqArn, 10)).Count);
        }

        [Fact]
        public async Task Only_a_RUNNING_task_can_be_cancelled_and_moved_messages_stay_moved()
        {
            var (source, dlq, dlqArn) = await SourceWithDlq();
            var destination = await CreateQueue("retry");
            await DeadLetter(source, 5);
            var handle = await Broker.StartMessageMoveTaskAsync(dlqArn, await Arn(destination), 2);
            Assert.Equal(handle, (await Latest(dlqArn)).TaskHandle);
            Clock.AdvanceSeconds(1);

            Assert.Equal(2, await Broker.CancelMessageMoveTaskAsync(handle));
            var cancelling = await Latest(dlqArn);
            Assert.Equal(MessageMoveTaskStatus.Cancelling, cancelling.Status);
            Assert.Null(cancelling.TaskHandle);
            var again = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.CancelMessageMoveTaskAsync(handle));
            Assert.Contains("CANCELLING", again.Message);

            Clock.AdvanceSeconds(5); // the next tick ends the task and moves nothing more
            var cancelled = await Latest(dlqArn);
            Assert.Equal(MessageMoveTaskStatus.Cancelled, cancelled.Status);
            Assert.Equal(2, cancelled.ApproximateNumberOfMessagesMoved);
            Assert.Equal(5, cancelled.ApproximateNumberOfMessagesToMove);
            Assert.Equal(new[] { "m0", "m1" }, (await ReceiveAll(destination)).Select(m => m.Body)); // moved stay moved
            Assert.Equal(new[] { "m2", "m3", "m4" }, (await ReceiveAll(dlq)).Select(m => m.Body));
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.CancelMessageMoveTaskAsync(handle));

            // A completed task cannot be cancelled either; handles that name nothing are refused.
            var completed = await Broker.StartMessageMoveTaskAsync(dlqArn, await Arn(destination), null);
            Clock.AdvanceSeconds(0.1); // m2-m4 are in flight (received above): nothing to move, COMPLETED at the first tick
            Assert.Equal(MessageMoveTaskStatus.Completed, (await Latest(dlqArn)).Status);
            var notRunning = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.CancelMessageMoveTaskAsync(completed));
            Assert.Contains("COMPLETED", notRunning.Message);
            var invalid = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.CancelMessageMoveTaskAsync("foobared"));
            Assert.Equal("Value for parameter TaskHandle is invalid.", invalid.Message);
            var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"taskId\":\"" + Guid.NewGuid() + "\",\"sourceArn\":\"" + dlqArn + "\"}"));
            var unknown = await AssertSqsError(SqsErrorCode.ResourceNotFound, () => Broker.CancelMessageMoveTaskAsync(forged));
            Assert.Equal("Task does not exist.", unknown.Message);
        }

        [Fact]
        public async Task A_task_that_moved_everything_is_COMPLETED_with_its_counts()
        {
            var (source, dlq, dlqArn) = await SourceWithDlq();
            var destination = await CreateQueue("retry");
            await DeadLetter(source, 3);
            var startedAt = Clock.GetUtcNow();
            var handle = await Broker.StartMessageMoveTaskAsync(dlqArn, await Arn(destination), null);

            var running = await Latest(dlqArn);
            Assert.Equal(MessageMoveTaskStatus.Running, running.Status);
            Assert.Equal(handle, running.TaskHandle);
            Assert.Equal(3, running.ApproximateNumberOfMessagesToMove);
            Assert.Equal(0, running.ApproximateNumberOfMessagesMoved);
            Assert.Equal(startedAt, running.StartedTimestamp);

            Clock.AdvanceSeconds(0.1);
            var done = await Latest(dlqArn);
            Assert.Equal(MessageMoveTaskStatus.Completed, done.Status);
            Assert.Equal(3, done.ApproximateNumberOfMessagesToMove);
            Assert.Equal(3, done.ApproximateNumberOfMessagesMoved);
            Assert.Null(done.TaskHandle);
            Assert.Null(done.FailureReason);
            Assert.Equal(await Arn(destination), done.DestinationArn);
            Assert.Equal(startedAt, done.StartedTimestamp);
            Assert.Equal(0, await Visible(dlq));
            Assert.Equal(3, await Visible(destination));
            Assert.Equal(3, NotificationsOf(BrokerNotificationKind.MessageMoved).Count);
            Assert.Equal(0, Clock.ActiveTimers); // a finished task leaves no timer behind
        }

        [Fact]
        public async Task A_task_whose_destination_is_deleted_is_FAILED_with_a_FailureReason_and_the_rest_stays_in_the_DLQ()
        {
            var (source, dlq, dlqArn) = await SourceWithDlq();
            var destination = await CreateQueue("retry");
            await DeadLetter(source, 3);
            await Broker.StartMessageMoveTaskAsync(dlqArn, await Arn(destination), 1);
            Clock.AdvanceSeconds(1);
            Assert.Equal(1, (await Latest(dlqArn)).ApproximateNumberOfMessagesMoved);

            await Broker.DeleteQueueAsync(destination);
            Clock.AdvanceSeconds(1);
            var failed = await Latest(dlqArn);
            Assert.Equal(MessageMoveTaskStatus.Failed, failed.Status);
            Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", failed.FailureReason);
            Assert.Equal(1, failed.ApproximateNumberOfMessagesMoved);
            Assert.Null(failed.TaskHandle);
            Assert.Equal(2, await Visible(dlq));
            Assert.Equal(0, Clock.ActiveTimers);
        }

        [Fact]
        public async Task A_message_dead_lettered_again_while_the_task_runs_is_not_moved_a_second_time_and_in_flight_ones_stay()
        {
            var (source, dlq, dlqArn) = await SourceWithDlq();
            await DeadLetter(source, 3);
            await Broker.StartMessageMoveTaskAsync(dlqArn, null, 1); // back to orders, 1 per second
            Clock.AdvanceSeconds(1);
            // The redriven m0 fails again and lands in the DLQ once more, behind m1 and m2.
            Assert.Equal("m0", (await ReceiveOne(source, visibility: 0)).Body);
            Assert.Empty(await Receive(source));
            // Someone inspects m1 in the DLQ: in flight, so the task leaves it.
            Assert.Equal("m1", (await ReceiveOne(dlq, visibility: 300)).Body);

            Clock.AdvanceSeconds(1); // moves m2
            Clock.AdvanceSeconds(1); // m1 in flight, m0 arrived after the start: nothing left to move
            var task = await Latest(dlqArn);
            Assert.Equal(MessageMoveTaskStatus.Completed, task.Status);
            Assert.Equal(3, task.ApproximateNumberOfMessagesToMove);
            Assert.Equal(2, task.ApproximateNumberOfMessagesMoved);
            Assert.Equal(1, await Visible(dlq)); // m0
            Assert.Equal(1, await InFlight(dlq)); // m1
            Assert.Equal(new[] { "m2" }, (await ReceiveAll(source)).Select(m => m.Body));
        }

        [Fact]
        public async Task A_FIFO_dead_letter_queue_is_redriven_in_order_within_each_message_group()
        {
            var dlq = await CreateFifo("orders-dlq.fifo");
            var dlqArn = await Arn(dlq);
            var source = await CreateFifo("orders.fifo", true, (QueueAttributeName.RedrivePolicy, RedrivePolicy(dlqArn, 1)), (QueueAttributeName.VisibilityTimeout, "10"));
            await SendGroup(source, "a", "a1", "a2", "a3");
            await SendGroup(source, "b", "b1", "b2");
            Assert.Equal(5, (await ReceiveFifo(source, 10)).Count);
            Clock.AdvanceSeconds(10);
            Assert.Empty(await ReceiveFifo(source, 10));
            Assert.Equal(5, await Visible(dlq));

            await Broker.StartMessageMoveTaskAsync(dlqArn, null, null);
            Clock.AdvanceSeconds(0.1);
            Assert.Equal(MessageMoveTaskStatus.Completed, (await Latest(dlqArn)).Status);

            var redriven = new List<Message>();
            while (true)
            {
                var batch = await ReceiveFifo(source, 10);
                if (batch.Count == 0) break;
                redriven.AddRange(batch);
                await DeleteAll(source, batch);
            }
            Assert.Equal(new[] { "a1", "a2", "a3" }, Bodies(redriven.Where(m => m.MessageGroupId == "a")));
            Assert.Equal(new[] { "b1", "b2" }, Bodies(redriven.Where(m => m.MessageGroupId == "b")));
            Assert.All(redriven, m => Assert.False(string.IsNullOrEmpty(m.SequenceNumber)));
        }
    }
}

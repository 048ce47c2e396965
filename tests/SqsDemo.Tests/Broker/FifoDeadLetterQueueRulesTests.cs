using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Dead-letter queues" on FIFO queues.</summary>
    public sealed class FifoDeadLetterQueueRulesTests : FifoTestBase
    {
        private async Task<(string Source, string Dlq)> FifoSourceWithDlq(int maxReceiveCount, int dlqRetention = 345_600)
        {
            var dlq = await CreateFifo("orders-dlq.fifo", false, (QueueAttributeName.MessageRetentionPeriod, dlqRetention.ToString()));
            var source = await CreateFifo("orders.fifo", false,
                (QueueAttributeName.RedrivePolicy, RedrivePolicy(await Arn(dlq), maxReceiveCount)), (QueueAttributeName.VisibilityTimeout, "10"));
            return (source, dlq);
        }

        [Fact]
        public async Task A_FIFO_source_needs_a_FIFO_DLQ_and_a_standard_source_a_standard_DLQ_else_InvalidAttributeValue()
        {
            var fifoDlq = await CreateFifo("dlq.fifo");
            var standardDlq = await CreateQueue("dlq");
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () =>
                CreateFifo("orders.fifo", true, (QueueAttributeName.RedrivePolicy, RedrivePolicy("arn:aws:sqs:us-east-1:000000000000:dlq", 3))));
            Assert.Contains("same type", error.Message);
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () =>
                CreateQueue("orders", (QueueAttributeName.RedrivePolicy, RedrivePolicy("arn:aws:sqs:us-east-1:000000000000:dlq.fifo", 3))));
            await CreateFifo("orders.fifo", true, (QueueAttributeName.RedrivePolicy, RedrivePolicy(await Arn(fifoDlq), 3)));
            await CreateQueue("orders", (QueueAttributeName.RedrivePolicy, RedrivePolicy(await Arn(standardDlq), 3)));
        }

        [Fact]
        public async Task Receive_beyond_maxReceiveCount_moves_a_FIFO_message_to_its_FIFO_DLQ_lazily_at_receive_time()
        {
            var (source, dlq) = await FifoSourceWithDlq(2);
            await SendFifo(source, "poison", dedup: "p");
            await ReceiveFifo(source);
            Clock.AdvanceSeconds(10);
            await ReceiveFifo(source);
            Clock.AdvanceSeconds(10);
            Assert.Equal(1, await Visible(source)); // not moved at visibility expiry
            Assert.Equal(0, await Visible(dlq));
            Assert.Empty(await ReceiveFifo(source));
            Assert.Equal(0, await Visible(source));
            Assert.Equal(1, await Visible(dlq));
            var note = Assert.Single(NotificationsOf(BrokerNotificationKind.MovedToDeadLetterQueue));
            Assert.Equal(dlq, note.TargetQueueUrl);
        }

        [Fact]
        public async Task A_message_moved_to_a_FIFO_DLQ_keeps_MessageId_body_group_and_receive_count_and_its_deduplication_id_becomes_the_MessageId()
        {
            var (source, dlq) = await FifoSourceWithDlq(1);
            var sent = await Broker.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = source, MessageBody = "poison", MessageGroupId = "customer-7", MessageDeduplicationId = "order-42",
                MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["kind"] = new MessageAttributeValue { DataType = "String", StringValue = "bad" } },
            });
            var sentAt = Clock.GetUtcNow();
            await ReceiveFifo(source);
            Clock.AdvanceSeconds(10);
            Assert.Empty(await ReceiveFifo(source));
            var moved = Assert.Single(await ReceiveFifo(dlq));
            Assert.Equal(sent.MessageId, moved.MessageId);
            Assert.Equal("poison", moved.Body);
            Assert.Equal("customer-7", moved.MessageGroupId);
            Assert.Equal(sent.MessageId, moved.MessageDeduplicationId);
            Assert.Equal("bad", moved.MessageAttributes["kind"].StringValue);
            Assert.Equal(2, moved.ApproximateReceiveCount);
            Assert.Equal(sentAt, moved.SentTimestamp);
            Assert.Equal(await Arn(source), moved.DeadLetterQueueSourceArn);
            Assert.Equal(20, moved.SequenceNumber!.Length);
        }

        [Fact]
        public async Task A_FIFO_DLQ_resets_retention_to_the_time_of_the_move()
        {
            var (source, dlq) = await FifoSourceWithDlq(1, dlqRetention: 120);
            await SendFifo(source, "poison", dedup: "p");
            await ReceiveFifo(source, visibility: 100);
            Clock.AdvanceSeconds(100);
            await ReceiveFifo(source); // moved at t = 100 s
            Clock.AdvanceSeconds(110); // t = 210 s: 210 s after the send, 110 s after the move
            Assert.Equal(1, await Visible(dlq));
            Clock.AdvanceSeconds(10); // 120 s after the move
            Assert.Equal(0, await Visible(dlq));
            Assert.Single(NotificationsOf(BrokerNotificationKind.RetentionExpired));
        }

        [Fact]
        public async Task A_moved_message_does_not_block_its_group_the_next_message_comes_in_the_same_receive()
        {
            var (source, dlq) = await FifoSourceWithDlq(1);
            await SendFifo(source, "poison", "g", "p");
            await SendFifo(source, "fine-1", "g", "f1");
            await SendFifo(source, "fine-2", "g", "f2");
            Assert.Equal(new[] { "poison" }, Bodies(await ReceiveFifo(source, 1)));
            Clock.AdvanceSeconds(10);
            Assert.Equal(new[] { "fine-1", "fine-2" }, Bodies(await ReceiveFifo(source)));
            Assert.Equal(1, await Visible(dlq));
        }

        [Fact]
        public async Task The_FIFO_DLQ_keeps_each_group_in_its_move_order()
        {
            var (source, dlq) = await FifoSourceWithDlq(1);
            await SendFifo(source, "p1", "g", "p1");
            await SendFifo(source, "p2", "g", "p2");
            await ReceiveFifo(source); // both in flight, both reach maxReceiveCount
            Clock.AdvanceSeconds(10);
            Assert.Empty(await ReceiveFifo(source));
            Assert.Equal(new[] { "p1", "p2" }, Bodies(await ReceiveFifo(dlq)));
        }
    }
}

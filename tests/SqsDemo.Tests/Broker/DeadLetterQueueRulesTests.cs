using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Dead-letter queues".</summary>
    public sealed class DeadLetterQueueRulesTests : BrokerTestBase
    {
        private async Task<(string Source, string Dlq)> SourceWithDlq(int maxReceiveCount, int dlqRetention = 345_600)
        {
            var dlq = await CreateQueue("orders-dlq", (QueueAttributeName.MessageRetentionPeriod, dlqRetention.ToString()));
            var source = await CreateQueue("orders", (QueueAttributeName.RedrivePolicy, RedrivePolicy(await Arn(dlq), maxReceiveCount)), (QueueAttributeName.VisibilityTimeout, "10"));
            return (source, dlq);
        }

        [Fact]
        public async Task Receive_beyond_maxReceiveCount_moves_the_message_to_the_DLQ_lazily_at_receive_time()
        {
            var (source, dlq) = await SourceWithDlq(2);
            await Send(source);
            await ReceiveOne(source);
            Clock.AdvanceSeconds(10);
            await ReceiveOne(source);
            Clock.AdvanceSeconds(10);
            // Visibility expired after the 2nd receive: not moved yet (lazy), it is back in the source.
            Assert.Equal(1, await Visible(source));
            Assert.Equal(0, await Visible(dlq));
            // The 3rd receive would take the count above 2: the message moves instead of being delivered.
            Assert.Empty(await Receive(source));
            Assert.Equal(0, await Visible(source));
            Assert.Equal(1, await Visible(dlq));
        }

        [Fact]
        public async Task A_message_moved_to_the_DLQ_keeps_its_id_body_attributes_and_receive_count_and_gains_DeadLetterQueueSourceArn()
        {
            var (source, dlq) = await SourceWithDlq(1);
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
            var moved = await ReceiveOne(dlq);
            Assert.Equal(sent.MessageId, moved.MessageId);
            Assert.Equal("poison", moved.Body);
            Assert.Equal(sent.MD5OfMessageBody, moved.MD5OfBody);
            Assert.Equal("bad", moved.MessageAttributes["kind"].StringValue);
            Assert.Equal(2, moved.ApproximateReceiveCount); // 1 in the source, +1 now
            Assert.Equal(sentAt, moved.SentTimestamp);
            Assert.Equal(await Arn(source), moved.DeadLetterQueueSourceArn);
        }

        [Fact]
        public async Task A_DLQ_move_raises_MovedToDeadLetterQueue()
        {
            var (source, dlq) = await SourceWithDlq(1);
            var id = await Send(source);
            await ReceiveOne(source);
            Clock.AdvanceSeconds(10);
            await Receive(source);
            var note = Assert.Single(NotificationsOf(BrokerNotificationKind.MovedToDeadLetterQueue));
            Assert.Equal(id, note.MessageId);
            Assert.Equal(source, note.QueueUrl);
            Assert.Equal(dlq, note.TargetQueueUrl);
            Assert.Equal(1, note.ReceiveCount);
        }

        [Fact]
        public async Task A_receive_skips_dead_letters_and_delivers_the_next_messages()
        {
            var (source, dlq) = await SourceWithDlq(1);
            await Send(source, "poison");
            await ReceiveOne(source);
            Clock.AdvanceSeconds(10);
            await Send(source, "fine");
            var delivered = await Receive(source, 10);
            Assert.Equal("fine", Assert.Single(delivered).Body);
            Assert.Equal(1, await Visible(dlq));
        }

        [Fact]
        public async Task A_standard_DLQ_keeps_the_original_enqueue_time_for_retention()
        {
            var (source, dlq) = await SourceWithDlq(1, dlqRetention: 120);
            await Send(source);
            await ReceiveOne(source, visibility: 100);
            Clock.AdvanceSeconds(100);
            await Receive(source); // moved at t = 100 s, enqueued at t = 0
            Assert.Equal(1, await Visible(dlq));
            Clock.AdvanceSeconds(20); // t = 120 s: 120 s after the original send
            Assert.Equal(0, await Visible(dlq));
            Assert.Single(NotificationsOf(BrokerNotificationKind.RetentionExpired));
        }

        [Fact]
        public async Task A_DLQ_must_be_of_the_same_type_as_its_source_and_exist()
        {
            // 
            var url = await CreateQueue("orders");
            var error = await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => Broker.SetQueueAttributesAsync(url,
                Attributes((QueueAttributeName.RedrivePolicy, RedrivePolicy("arn:aws:sqs:us-east-1:000000000000:orders-dlq.fifo", 3)))));
            Assert.Contains("Dead letter target does not exist", error.Message);
        }

        // docs/sqs-rules.md, "Dead-letter queues": ListDeadLetterSourceQueues, paged.
        [Fact]
        public async Task ListDeadLetterSourceQueues_lists_the_queues_whose_redrive_policy_targets_the_queue_paged_by_MaxResults()
        {
            var dlq = await CreateQueue("orders-dlq");
            var policy = RedrivePolicy(await Arn(dlq), 3);
            var sources = new List<string>();
            foreach (var name in new[] { "c-orders", "a-orders", "b-orders" }) sources.Add(await CreateQueue(name, (QueueAttributeName.RedrivePolicy, policy)));
            await CreateQueue("unrelated");
            sources.Sort(StringComparer.Ordinal);

            var all = await Broker.ListDeadLetterSourceQueuesAsync(dlq);
            Assert.Equal(sources, all.QueueUrls);
            Assert.Null(all.NextToken);

            var first = await Broker.ListDeadLetterSourceQueuesAsync(dlq, maxResults: 2);
            Assert.Equal(sources.Take(2), first.QueueUrls);
            Assert.NotNull(first.NextToken);
            var second = await Broker.ListDeadLetterSourceQueuesAsync(dlq, maxResults: 2, nextToken: first.NextToken);
            Assert.Equal(sources.Skip(2), second.QueueUrls);
            Assert.Null(second.NextToken);

            Assert.Empty((await Broker.ListDeadLetterSourceQueuesAsync(sources[0])).QueueUrls);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1001)]
        public async Task ListDeadLetterSourceQueues_MaxResults_outside_1_to_1000_fails_InvalidParameterValue(int maxResults)
        {
            var dlq = await CreateQueue("orders-dlq");
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ListDeadLetterSourceQueuesAsync(dlq, maxResults));
            Assert.Contains("MaxResults", error.Message);
        }

        [Fact]
        public async Task ListDeadLetterSourceQueues_of_a_missing_queue_fails_QueueDoesNotExist_and_a_bad_token_InvalidParameterValue()
        {
            var dlq = await CreateQueue("orders-dlq");
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => Broker.ListDeadLetterSourceQueuesAsync(dlq.Replace("orders-dlq", "missing")));
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ListDeadLetterSourceQueuesAsync(dlq, 10, "not a token!"));
        }
    }
}

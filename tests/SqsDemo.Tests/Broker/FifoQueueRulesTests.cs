using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Queues" for FIFO: names, type, FIFO attributes.</summary>
    public sealed class FifoQueueRulesTests : FifoTestBase
    {
        [Fact]
        public async Task A_FIFO_queue_has_a_fifo_name_and_FifoQueue_true_and_reports_its_FIFO_attributes_with_their_defaults()
        {
            var url = await CreateQueue("orders.fifo", (QueueAttributeName.FifoQueue, "true"));
            Assert.EndsWith("/orders.fifo", url);
            Assert.Equal(url, await Broker.GetQueueUrlAsync("orders.fifo"));
            var all = await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.All });
            Assert.Equal("true", all[QueueAttributeName.FifoQueue]);
            Assert.Equal("false", all[QueueAttributeName.ContentBasedDeduplication]);
            Assert.Equal("queue", all[QueueAttributeName.DeduplicationScope]);
            Assert.Equal("perQueue", all[QueueAttributeName.FifoThroughputLimit]);
            Assert.EndsWith(":orders.fifo", all[QueueAttributeName.QueueArn]);
        }

        [Fact]
        public async Task A_FIFO_queue_name_is_at_most_80_characters_including_the_fifo_suffix()
        {
            var name = new string('a', 75) + ".fifo";
            var url = await CreateFifo(name);
            Assert.EndsWith("/" + name, url);
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => CreateFifo(new string('a', 76) + ".fifo"));
        }

        [Fact]
        public async Task A_queue_type_cannot_change_FifoQueue_false_fails_on_a_FIFO_queue_and_true_is_accepted()
        {
            // docs/sqs-rules.md, "Queues" (recorded on AWS): FifoQueue=true is accepted, false is InvalidAttributeValue.
            var url = await CreateFifo();
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.FifoQueue, "false"))));
            await Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.FifoQueue, "true")));
            Assert.Equal("true", (await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.FifoQueue }))[QueueAttributeName.FifoQueue]);
            // The name fixes the type: the standard twin of the name is another queue.
            var standard = await CreateQueue("orders");
            Assert.NotEqual(url, standard);
        }

        [Fact]
        public async Task Creating_an_existing_FIFO_queue_with_identical_attributes_returns_it_and_with_different_ones_fails_QueueAlreadyExists()
        {
            var url = await CreateFifo(contentBased: true);
            Assert.Equal(url, await CreateFifo(contentBased: true));
            Assert.Equal(url, await CreateQueue("orders.fifo", (QueueAttributeName.FifoQueue, "true")));
            var error = await AssertSqsError(SqsErrorCode.QueueAlreadyExists, () =>
                CreateQueue("orders.fifo", (QueueAttributeName.FifoQueue, "true"), (QueueAttributeName.ContentBasedDeduplication, "false")));
            Assert.Contains(QueueAttributeName.ContentBasedDeduplication, error.Message);
        }

        [Theory]
        [InlineData(QueueAttributeName.DeduplicationScope, "group")]
        [InlineData(QueueAttributeName.DeduplicationScope, "Queue")]
        [InlineData(QueueAttributeName.FifoThroughputLimit, "perGroup")]
        [InlineData(QueueAttributeName.FifoThroughputLimit, "")]
        [InlineData(QueueAttributeName.ContentBasedDeduplication, "yes")]
        public async Task DeduplicationScope_FifoThroughputLimit_and_ContentBasedDeduplication_outside_their_values_fail_InvalidAttributeValue(string attribute, string value)
        {
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateFifo("orders.fifo", false, (attribute, value)));
            var url = await CreateFifo();
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => Broker.SetQueueAttributesAsync(url, Attributes((attribute, value))));
        }

        [Fact]
        public async Task FifoThroughputLimit_perMessageGroupId_needs_DeduplicationScope_messageGroup_else_InvalidAttributeValue()
        {
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => CreateFifo("a.fifo", true, (QueueAttributeName.FifoThroughputLimit, "perMessageGroupId")));
            var url = await CreateFifo("b.fifo", true, (QueueAttributeName.FifoThroughputLimit, "perMessageGroupId"), (QueueAttributeName.DeduplicationScope, "messageGroup"));
            var attributes = await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.All });
            Assert.Equal("perMessageGroupId", attributes[QueueAttributeName.FifoThroughputLimit]);
            Assert.Equal("messageGroup", attributes[QueueAttributeName.DeduplicationScope]);
            // Back to queue scope while the limit is per group: refused; both at once: fine.
            await AssertSqsError(SqsErrorCode.InvalidAttributeValue, () => Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.DeduplicationScope, "queue"))));
            await Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.DeduplicationScope, "queue"), (QueueAttributeName.FifoThroughputLimit, "perQueue")));
            Assert.Equal("queue", (await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.DeduplicationScope }))[QueueAttributeName.DeduplicationScope]);
        }

        [Fact]
        public async Task FIFO_attributes_are_settable_on_a_FIFO_queue_and_unknown_on_a_standard_one()
        {
            var url = await CreateFifo(contentBased: false);
            await Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.ContentBasedDeduplication, "true"), (QueueAttributeName.DeduplicationScope, "messageGroup")));
            var attributes = await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.ContentBasedDeduplication, QueueAttributeName.DeduplicationScope });
            Assert.Equal("true", attributes[QueueAttributeName.ContentBasedDeduplication]);
            Assert.Equal("messageGroup", attributes[QueueAttributeName.DeduplicationScope]);
            var standard = await CreateQueue("plain");
            await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => Broker.SetQueueAttributesAsync(standard, Attributes((QueueAttributeName.DeduplicationScope, "queue"))));
            Assert.False((await Broker.GetQueueAttributesAsync(standard, new[] { QueueAttributeName.All })).ContainsKey(QueueAttributeName.DeduplicationScope));
        }
    }
}

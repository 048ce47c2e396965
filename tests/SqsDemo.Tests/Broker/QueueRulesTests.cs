using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Queues": names, identity, deletion, missing queues.</summary>
    public sealed class QueueRulesTests : BrokerTestBase
    {
        [Theory]
        [InlineData("a")]
        [InlineData("orders_2025-v1")]
        [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKLMNOP")] // 80
        public async Task Queue_names_are_1_to_80_characters_of_letters_digits_hyphens_and_underscores(string name)
        {
            var url = await Broker.CreateQueueAsync(name, null);
            Assert.EndsWith("/" + name, url);
        }

        [Theory]
        [InlineData("")]
        [InlineData("has space")]
        [InlineData("dot.name")]
        [InlineData("slash/name")]
        [InlineData("ümlaut")]
        [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQ")] // 81
        public async Task Queue_name_outside_1_to_80_of_letters_digits_hyphens_underscores_fails_InvalidParameterValue(string name)
        {
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.CreateQueueAsync(name, null));
            Assert.Contains("1 to 80 in length", error.Message);
        }

        [Fact]
        public async Task Queue_url_and_arn_name_the_region_account_and_queue_and_GetQueueUrl_agrees()
        {
            UseBroker(1, new EmbeddedBrokerOptions { Region = "eu-west-1", AccountId = "123456789012" });
            var url = await CreateQueue("orders");
            Assert.Equal("http://sqs.eu-west-1.embedded.sqsdemo/123456789012/orders", url);
            Assert.Equal(url, await Broker.GetQueueUrlAsync("orders"));
            Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:orders", await Arn(url));
        }

        [Fact]
        public async Task Creating_an_existing_queue_with_identical_attributes_returns_it()
        {
            var url = await CreateQueue("orders", (QueueAttributeName.VisibilityTimeout, "45"));
            await Send(url);
            Assert.Equal(url, await CreateQueue("orders", (QueueAttributeName.VisibilityTimeout, "45")));
            Assert.Equal(url, await CreateQueue("orders"));
            Assert.Equal(1, await Visible(url)); // the same queue, not a new one
        }

        [Theory]
        [InlineData(QueueAttributeName.VisibilityTimeout, "46")]
        [InlineData(QueueAttributeName.DelaySeconds, "5")]
        [InlineData(QueueAttributeName.MessageRetentionPeriod, "60")]
        public async Task Creating_an_existing_queue_with_different_attributes_fails_QueueAlreadyExists(string attribute, string value)
        {
            await CreateQueue("orders", (QueueAttributeName.VisibilityTimeout, "45"));
            var error = await AssertSqsError(SqsErrorCode.QueueAlreadyExists, () => CreateQueue("orders", (attribute, value)));
            Assert.Contains(attribute, error.Message);
        }

        [Fact]
        public async Task Recreating_a_queue_within_60_seconds_of_deleting_it_fails_QueueDeletedRecently()
        {
            var url = await CreateQueue("orders");
            await Broker.DeleteQueueAsync(url);
            Clock.AdvanceSeconds(59);
            await AssertSqsError(SqsErrorCode.QueueDeletedRecently, () => CreateQueue("orders"));
            Clock.AdvanceSeconds(1);
            Assert.Equal(url, await CreateQueue("orders"));
        }

        [Fact]
        public async Task A_missing_queue_is_QueueDoesNotExist_for_every_operation()
        {
            var url = await CreateQueue("gone");
            await Send(url);
            var handle = (await ReceiveOne(url)).ReceiptHandle;
            await Broker.DeleteQueueAsync(url);
            var never = url.Replace("/gone", "/never-created");
            foreach (var target in new[] { url, never, "not a url" })
            {
                var operations = new List<Func<Task>>
                {
                    () => Broker.GetQueueAttributesAsync(target, new[] { QueueAttributeName.All }),
                    () => Broker.SetQueueAttributesAsync(target, Attributes((QueueAttributeName.DelaySeconds, "1"))),
                    () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = target, MessageBody = "x" }),
                    () => Broker.SendMessageBatchAsync(target, new[] { new SendMessageBatchRequestEntry { Id = "a", MessageBody = "x" } }),
                    () => Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = target, WaitTimeSeconds = 0 }),
                    () => Broker.DeleteMessageAsync(target, handle),
                    () => Broker.DeleteMessageBatchAsync(target, new[] { new DeleteMessageBatchRequestEntry { Id = "a", ReceiptHandle = handle } }),
                    () => Broker.ChangeMessageVisibilityAsync(target, handle, 10),
                    () => Broker.ChangeMessageVisibilityBatchAsync(target, new[] { new ChangeMessageVisibilityBatchRequestEntry { Id = "a", ReceiptHandle = handle, VisibilityTimeout = 1 } }),
                    () => Broker.PurgeQueueAsync(target),
                    () => Broker.DeleteQueueAsync(target),
                };
                foreach (var operation in operations)
                {
                    var error = await AssertSqsError(SqsErrorCode.QueueDoesNotExist, operation);
                    Assert.Equal("The specified queue does not exist.", error.Message);
                }
            }
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => Broker.GetQueueUrlAsync("gone"));
        }

        [Fact]
        public async Task Deleting_a_queue_ends_its_long_polls_with_QueueDoesNotExist()
        {
            var url = await CreateQueue("orders");
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
            Assert.False(poll.IsCompleted);
            await Broker.DeleteQueueAsync(url);
            var error = await Assert.ThrowsAsync<SqsException>(() => Within(poll));
            Assert.Equal(SqsErrorCode.QueueDoesNotExist, error.ErrorCode);
        }

        [Theory]
        [InlineData("orders.fifo", null)]
        [InlineData("orders.fifo", "false")]
        [InlineData("orders", "true")]
        [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKL.fifo", "true")] // 81
        [InlineData("dot.name.fifo", "true")]
        [InlineData(".fifo", "true")]
        public async Task A_fifo_name_needs_FifoQueue_true_and_FifoQueue_true_needs_a_fifo_name_else_InvalidParameterValue(string name, string? fifoAttribute)
        {
            var attributes = fifoAttribute == null ? null : Attributes((QueueAttributeName.FifoQueue, fifoAttribute));
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.CreateQueueAsync(name, attributes));
            Assert.Contains("must end with .fifo suffix", error.Message);
        }

        [Fact]
        public async Task A_queue_type_cannot_change_FifoQueue_is_not_settable()
        {
            var url = await CreateQueue("orders");
            await AssertSqsError(SqsErrorCode.InvalidAttributeName, () => Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.FifoQueue, "true"))));
            Assert.False((await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.All })).ContainsKey(QueueAttributeName.FifoQueue));
        }

        [Fact]
        public async Task ListQueues_returns_urls_filtered_by_name_prefix()
        {
            var a = await CreateQueue("orders-a");
            var b = await CreateQueue("orders-b");
            var c = await CreateQueue("payments");
            Assert.Equal(new[] { a, b }, await Broker.ListQueuesAsync("orders"));
            Assert.Equal(new[] { a, b, c }, await Broker.ListQueuesAsync(null));
        }
    }
}

using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Receiving and visibility": visibility timeouts and ChangeMessageVisibility.</summary>
    public sealed class VisibilityRulesTests : BrokerTestBase
    {
        [Fact]
        public async Task A_received_message_is_invisible_for_the_queue_VisibilityTimeout()
        {
            var url = await CreateQueue("q", (QueueAttributeName.VisibilityTimeout, "20"));
            await Send(url);
            await ReceiveOne(url);
            Clock.AdvanceSeconds(19);
            Assert.Empty(await Receive(url));
            Clock.AdvanceSeconds(1);
            Assert.Single(await Receive(url));
        }

        [Fact]
        public async Task The_receive_VisibilityTimeout_overrides_the_queue_one()
        {
            var url = await CreateQueue("q", (QueueAttributeName.VisibilityTimeout, "20"));
            await Send(url);
            await ReceiveOne(url, visibility: 5);
            Clock.AdvanceSeconds(5);
            Assert.Single(await Receive(url));
        }

        [Fact]
        public async Task ChangeMessageVisibility_counts_from_the_call()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url, visibility: 30);
            Clock.AdvanceSeconds(20);
            await Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 30);
            Clock.AdvanceSeconds(29);
            Assert.Empty(await Receive(url));
            Clock.AdvanceSeconds(1);
            Assert.Single(await Receive(url));
        }

        [Fact]
        public async Task ChangeMessageVisibility_0_makes_the_message_visible_at_once()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url, visibility: 300);
            await Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 0);
            Assert.Equal(1, await Visible(url));
            Assert.Single(await Receive(url));
        }

        [Fact]
        public async Task ChangeMessageVisibility_0_wakes_a_long_poll()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url, visibility: 300);
            var poll = Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
            Assert.False(poll.IsCompleted);
            await Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 0);
            Assert.Equal(message.MessageId, Assert.Single(await Within(poll)).MessageId);
        }

        [Fact]
        public async Task ChangeMessageVisibility_does_not_carry_to_the_next_receive()
        {
            var url = await CreateQueue("q", (QueueAttributeName.VisibilityTimeout, "10"));
            await Send(url);
            var message = await ReceiveOne(url);
            await Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 600);
            Clock.AdvanceSeconds(600);
            await ReceiveOne(url); // back to the queue's 10 s
            Clock.AdvanceSeconds(10);
            Assert.Single(await Receive(url));
        }

        [Fact]
        public async Task Total_visibility_beyond_12_hours_from_the_receive_fails_InvalidParameterValue()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url, visibility: 43_200);
            Clock.AdvanceSeconds(100);
            await Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 43_100); // exactly 12 h from the receive
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 43_101));
            Assert.Contains("Total VisibilityTimeout for the message is beyond the limit [43200 seconds]", error.Message);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(43_201)]
        public async Task ChangeMessageVisibility_outside_0_to_43200_fails_InvalidParameterValue(int timeout)
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url);
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, timeout));
        }

        [Fact]
        public async Task ChangeMessageVisibility_on_a_deleted_message_fails_InvalidParameterValue()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url);
            await Broker.DeleteMessageAsync(url, message.ReceiptHandle);
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 10));
            Assert.Equal("Value " + message.ReceiptHandle + " for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.", error.Message);
        }

        // docs/sqs-rules.md, "Receiving and visibility" (recorded on AWS): a standard queue accepts an expired handle.
        [Fact]
        public async Task ChangeMessageVisibility_on_a_standard_queue_accepts_a_handle_whose_visibility_expired_and_hides_the_message_again()
        {
            var url = await CreateQueue("q", (QueueAttributeName.VisibilityTimeout, "10"));
            await Send(url);
            var message = await ReceiveOne(url);
            Clock.AdvanceSeconds(11);
            Assert.Equal(1, await Visible(url));
            await Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 30);
            Assert.Equal(0, await Visible(url));
            Assert.Equal(1, await InFlight(url));
            Clock.AdvanceSeconds(29);
            Assert.Empty(await Receive(url));
            Clock.AdvanceSeconds(1);
            Assert.Equal(message.MessageId, (await ReceiveOne(url)).MessageId);
        }

        [Fact]
        public async Task ChangeMessageVisibility_to_0_with_an_older_handle_after_a_newer_receive_succeeds()
        {
            var url = await CreateQueue("q", (QueueAttributeName.VisibilityTimeout, "10"));
            await Send(url);
            var first = await ReceiveOne(url);
            Clock.AdvanceSeconds(10);
            var second = await ReceiveOne(url, visibility: 300);
            await Broker.ChangeMessageVisibilityAsync(url, first.ReceiptHandle, 0);
            var third = await ReceiveOne(url);
            Assert.Equal(first.MessageId, third.MessageId);
            Assert.Equal(3, third.ApproximateReceiveCount);
            Assert.NotEqual(second.ReceiptHandle, third.ReceiptHandle);
        }

        [Fact]
        public async Task Total_visibility_of_an_older_handle_counts_from_the_receive_that_issued_it()
        {
            var url = await CreateQueue("q", (QueueAttributeName.VisibilityTimeout, "10"));
            await Send(url);
            var first = await ReceiveOne(url);
            Clock.AdvanceSeconds(100);
            var second = await ReceiveOne(url);
            // 12 h from the first receive is 43,100 s from now; from the second it would be 43,200.
            await Broker.ChangeMessageVisibilityAsync(url, first.ReceiptHandle, 43_100);
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.ChangeMessageVisibilityAsync(url, first.ReceiptHandle, 43_101));
            Assert.Contains("Total VisibilityTimeout for the message is beyond the limit [43200 seconds]", error.Message);
            await Broker.ChangeMessageVisibilityAsync(url, second.ReceiptHandle, 43_200);
        }

        [Fact]
        public async Task ChangeMessageVisibility_with_a_malformed_handle_fails_ReceiptHandleIsInvalid()
        {
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.ReceiptHandleIsInvalid, () => Broker.ChangeMessageVisibilityAsync(url, "garbage", 10));
        }

        [Fact]
        public async Task ChangeMessageVisibilityBatch_reports_each_entry()
        {
            var url = await CreateQueue("q");
            await SendMany(url, 2);
            var messages = await Receive(url, 2);
            await Broker.DeleteMessageAsync(url, messages[1].ReceiptHandle);
            var result = await Broker.ChangeMessageVisibilityBatchAsync(url, new[]
            {
                new ChangeMessageVisibilityBatchRequestEntry { Id = "ok", ReceiptHandle = messages[0].ReceiptHandle, VisibilityTimeout = 0 },
                new ChangeMessageVisibilityBatchRequestEntry { Id = "deleted", ReceiptHandle = messages[1].ReceiptHandle, VisibilityTimeout = 0 },
                new ChangeMessageVisibilityBatchRequestEntry { Id = "malformed", ReceiptHandle = "nope", VisibilityTimeout = 0 },
                new ChangeMessageVisibilityBatchRequestEntry { Id = "range", ReceiptHandle = messages[0].ReceiptHandle, VisibilityTimeout = 50_000 },
            });
            Assert.Equal(new[] { "ok" }, result.Successful);
            Assert.Equal(SqsErrorCode.InvalidParameterValue, result.Failed.Single(f => f.Id == "deleted").Code);
            Assert.Equal(SqsErrorCode.ReceiptHandleIsInvalid, result.Failed.Single(f => f.Id == "malformed").Code);
            Assert.Equal(SqsErrorCode.InvalidParameterValue, result.Failed.Single(f => f.Id == "range").Code);
            Assert.Equal(1, await Visible(url));
            await AssertSqsError(SqsErrorCode.EmptyBatchRequest, () => Broker.ChangeMessageVisibilityBatchAsync(url, new ChangeMessageVisibilityBatchRequestEntry[0]));
            await AssertSqsError(SqsErrorCode.BatchEntryIdsNotDistinct, () => Broker.ChangeMessageVisibilityBatchAsync(url, new[]
            {
                new ChangeMessageVisibilityBatchRequestEntry { Id = "a", ReceiptHandle = messages[0].ReceiptHandle },
                new ChangeMessageVisibilityBatchRequestEntry { Id = "a", ReceiptHandle = messages[0].ReceiptHandle },
            }));
        }
    }
}

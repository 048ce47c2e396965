using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Deleting and receipt handles", and the at-least-once duplicate.</summary>
    public sealed class DeleteRulesTests : BrokerTestBase
    {
        [Fact]
        public async Task Delete_with_the_current_receipt_handle_removes_the_message()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url, visibility: 5);
            await Broker.DeleteMessageAsync(url, message.ReceiptHandle);
            Clock.AdvanceSeconds(5);
            Assert.Empty(await Receive(url));
            Assert.Equal(0, await InFlight(url));
        }

        [Fact]
        public async Task Only_the_newest_receipt_handle_is_authoritative_an_older_one_succeeds_without_deleting()
        {
            var url = await CreateQueue("q");
            var id = await Send(url);
            var slow = await ReceiveOne(url, visibility: 5);
            Clock.AdvanceSeconds(5);
            var fast = await ReceiveOne(url, visibility: 5);
            await Broker.DeleteMessageAsync(url, slow.ReceiptHandle); // the slow consumer's late delete: succeeds...
            Assert.Equal(1, await InFlight(url));                      // ...but does not delete
            var stale = Assert.Single(NotificationsOf(BrokerNotificationKind.StaleReceiptHandleIgnored));
            Assert.Equal(id, stale.MessageId);
            Clock.AdvanceSeconds(5);
            Assert.Equal(3, (await ReceiveOne(url)).ApproximateReceiveCount); // and the message comes back
            _ = fast;
        }

        [Fact]
        public async Task The_newest_handle_still_deletes_after_its_visibility_expired()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url, visibility: 5);
            Clock.AdvanceSeconds(6);
            Assert.Equal(1, await Visible(url));
            await Broker.DeleteMessageAsync(url, message.ReceiptHandle);
            Assert.Equal(0, await Visible(url));
        }

        [Fact]
        public async Task Deleting_twice_is_fine()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var message = await ReceiveOne(url);
            await Broker.DeleteMessageAsync(url, message.ReceiptHandle);
            await Broker.DeleteMessageAsync(url, message.ReceiptHandle);
            Assert.Empty(NotificationsOf(BrokerNotificationKind.StaleReceiptHandleIgnored));
        }

        [Theory]
        [InlineData("garbage")]
        [InlineData("AQEBxyzxyzxyzxyzxyzxyzxyzxyzxyzxyz==")]
        public async Task A_malformed_receipt_handle_fails_ReceiptHandleIsInvalid(string handle)
        {
            var url = await CreateQueue("q");
            var error = await AssertSqsError(SqsErrorCode.ReceiptHandleIsInvalid, () => Broker.DeleteMessageAsync(url, handle));
            Assert.Contains("is not a valid receipt handle", error.Message);
        }

        [Fact]
        public async Task A_tampered_receipt_handle_fails_ReceiptHandleIsInvalid()
        {
            var url = await CreateQueue("q");
            await Send(url);
            var handle = (await ReceiveOne(url)).ReceiptHandle;
            var tampered = (handle[10] == 'A' ? "B" : "A");
            tampered = handle.Substring(0, 10) + tampered + handle.Substring(11);
            await AssertSqsError(SqsErrorCode.ReceiptHandleIsInvalid, () => Broker.DeleteMessageAsync(url, tampered));
        }

        [Fact]
        public async Task A_receipt_handle_of_another_queue_fails_ReceiptHandleIsInvalid()
        {
            var a = await CreateQueue("a");
            var b = await CreateQueue("b");
            await Send(a);
            var handle = (await ReceiveOne(a)).ReceiptHandle;
            await AssertSqsError(SqsErrorCode.ReceiptHandleIsInvalid, () => Broker.DeleteMessageAsync(b, handle));
        }

        [Fact]
        public async Task DeleteMessageBatch_reports_each_entry()
        {
            var url = await CreateQueue("q");
            await SendMany(url, 2);
            var messages = await Receive(url, 2);
            var result = await Broker.DeleteMessageBatchAsync(url, new[]
            {
                new DeleteMessageBatchRequestEntry { Id = "one", ReceiptHandle = messages[0].ReceiptHandle },
                new DeleteMessageBatchRequestEntry { Id = "two", ReceiptHandle = messages[1].ReceiptHandle },
                new DeleteMessageBatchRequestEntry { Id = "bad", ReceiptHandle = "nope" },
            });
            Assert.Equal(new[] { "one", "two" }, result.Successful);
            Assert.Equal(SqsErrorCode.ReceiptHandleIsInvalid, Assert.Single(result.Failed).Code);
            Assert.Equal(0, await InFlight(url));
            await AssertSqsError(SqsErrorCode.EmptyBatchRequest, () => Broker.DeleteMessageBatchAsync(url, new DeleteMessageBatchRequestEntry[0]));
            await AssertSqsError(SqsErrorCode.TooManyEntriesInBatchRequest, () => Broker.DeleteMessageBatchAsync(url,
                Enumerable.Range(0, 11).Select(i => new DeleteMessageBatchRequestEntry { Id = "e" + i, ReceiptHandle = "x" }).ToList()));
            await AssertSqsError(SqsErrorCode.InvalidBatchEntryId, () => Broker.DeleteMessageBatchAsync(url, new[] { new DeleteMessageBatchRequestEntry { Id = "no way", ReceiptHandle = "x" } }));
        }

        [Fact]
        public async Task With_DuplicateDeliveryRate_a_delete_may_not_take_and_the_message_is_delivered_again()
        {
            UseBroker(3, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1, DuplicateDeliveryRate = 1.0 });
            var url = await CreateQueue("q");
            var id = await Send(url);
            var first = await ReceiveOne(url, visibility: 10);
            await Broker.DeleteMessageAsync(url, first.ReceiptHandle); // succeeds, as on SQS
            Clock.AdvanceSeconds(10);
            var duplicate = await ReceiveOne(url);
            Assert.Equal(id, duplicate.MessageId);
            Assert.Equal(2, duplicate.ApproximateReceiveCount);
        }

        [Fact]
        public async Task DuplicateDeliveryRate_is_drawn_from_the_seed_and_defaults_to_none()
        {
            async Task<int> Duplicates(double rate, int seed)
            {
                var clock = new ManualClock();
                var broker = new EmbeddedBroker(clock, seed, new EmbeddedBrokerOptions { DuplicateDeliveryRate = rate, ShortPollSampleRate = 1 });
                var url = await broker.CreateQueueAsync("q", null);
                for (var i = 0; i < 200; i++) await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m" });
                for (var i = 0; i < 20; i++)
                    foreach (var m in await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 5 }))
                        await broker.DeleteMessageAsync(url, m.ReceiptHandle);
                clock.AdvanceSeconds(5);
                var attributes = await broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.ApproximateNumberOfMessages });
                return int.Parse(attributes[QueueAttributeName.ApproximateNumberOfMessages]);
            }
            Assert.Equal(0, await Duplicates(0, 5));
            var some = await Duplicates(0.1, 5);
            Assert.InRange(some, 1, 60);
            Assert.Equal(some, await Duplicates(0.1, 5));
        }
    }
}

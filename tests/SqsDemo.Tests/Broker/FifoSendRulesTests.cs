using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "FIFO" (sending): groups, deduplication, delays, sequence numbers.</summary>
    public sealed class FifoSendRulesTests : FifoTestBase
    {
        [Fact]
        public async Task MessageGroupId_is_required_on_a_FIFO_send_MissingParameter()
        {
            var url = await CreateFifo();
            var error = await AssertSqsError(SqsErrorCode.MissingParameter, () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x" }));
            Assert.Equal("The request must contain the parameter MessageGroupId.", error.Message);
        }

        [Fact]
        public async Task MessageGroupId_missing_in_a_batch_entry_fails_the_whole_request_InvalidParameterValue()
        {
            // docs/sqs-rules.md, "FIFO" (recorded on AWS): not a per-entry failure; nothing is enqueued.
            var url = await CreateFifo();
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.SendMessageBatchAsync(url, new[]
            {
                new SendMessageBatchRequestEntry { Id = "ok", MessageBody = "a", MessageGroupId = "g" },
                new SendMessageBatchRequestEntry { Id = "bad", MessageBody = "b" },
            }));
            Assert.Equal("The request must contain the parameter MessageGroupId.", error.Message);
            Assert.Equal(0, await Visible(url));
        }

        [Theory]
        [InlineData("")]
        [InlineData("has space")]
        [InlineData("ümlaut")]
        [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHI")] // 129
        public async Task MessageGroupId_and_MessageDeduplicationId_are_1_to_128_alphanumeric_or_punctuation_characters_else_InvalidParameterValue(string value)
        {
            var url = await CreateFifo();
            var group = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => SendFifo(url, "x", value));
            Assert.Contains("MessageGroupId", group.Message);
            var dedup = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => SendFifo(url, "x", "g", value));
            Assert.Contains("MessageDeduplicationId", dedup.Message);
        }

        [Fact]
        public async Task MessageGroupId_and_MessageDeduplicationId_of_128_punctuation_and_alphanumerics_are_accepted()
        {
            var url = await CreateFifo();
            var value = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + new string('z', 96);
            Assert.Equal(128, value.Length);
            await SendFifo(url, "x", value, value);
            var message = Assert.Single(await ReceiveFifo(url));
            Assert.Equal(value, message.MessageGroupId);
            Assert.Equal(value, message.MessageDeduplicationId);
        }

        [Fact]
        public async Task Without_ContentBasedDeduplication_or_an_explicit_MessageDeduplicationId_a_send_or_the_whole_batch_fails_InvalidParameterValue()
        {
            var url = await CreateFifo(contentBased: false);
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => SendFifo(url, "x"));
            Assert.Equal("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly", error.Message);
            // In a batch the whole request fails (docs/sqs-rules.md, "FIFO", recorded on AWS); nothing is enqueued.
            var batch = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.SendMessageBatchAsync(url, new[]
            {
                new SendMessageBatchRequestEntry { Id = "yes", MessageBody = "b", MessageGroupId = "g", MessageDeduplicationId = "d" },
                new SendMessageBatchRequestEntry { Id = "no", MessageBody = "a", MessageGroupId = "g" },
            }));
            Assert.Equal(error.Message, batch.Message);
            Assert.Equal(0, await Visible(url));
        }

        [Fact]
        public async Task A_duplicate_within_5_minutes_is_accepted_returns_the_original_MessageId_and_SequenceNumber_and_is_not_delivered()
        {
            var url = await CreateFifo(contentBased: false);
            var first = await SendFifo(url, "pay 10", dedup: "order-1");
            Clock.AdvanceSeconds(299);
            var again = await SendFifo(url, "pay 10 (retry)", dedup: "order-1");
            Assert.Equal(first.MessageId, again.MessageId);
            Assert.Equal(first.SequenceNumber, again.SequenceNumber);
            Assert.Equal(1, await Visible(url));
            Assert.Equal(new[] { "pay 10" }, Bodies(await ReceiveFifo(url)));
        }

        [Fact]
        public async Task Deduplication_is_remembered_after_the_message_is_received_and_deleted()
        {
            var url = await CreateFifo(contentBased: false);
            var first = await SendFifo(url, "pay", dedup: "d1");
            await DeleteAll(url, await ReceiveFifo(url));
            Assert.Equal(0, await Visible(url) + await InFlight(url));
            Clock.AdvanceSeconds(60);
            Assert.Equal(first.MessageId, (await SendFifo(url, "pay", dedup: "d1")).MessageId);
            Assert.Empty(await ReceiveFifo(url));
        }

        [Fact]
        public async Task Deduplication_lasts_5_minutes_from_the_first_send_then_the_same_id_is_a_new_message()
        {
            var url = await CreateFifo(contentBased: false);
            var first = await SendFifo(url, "a", dedup: "d1");
            Clock.AdvanceSeconds(200);
            await SendFifo(url, "a", dedup: "d1"); // a duplicate does not extend the interval
            Clock.AdvanceSeconds(100); // 300 s after the first send
            var later = await SendFifo(url, "a", dedup: "d1");
            Assert.NotEqual(first.MessageId, later.MessageId);
            Assert.Equal(2, await Visible(url));
        }

        [Fact]
        public async Task Content_based_deduplication_uses_the_SHA256_of_the_body_only()
        {
            var url = await CreateFifo(contentBased: true);
            var first = await SendFifo(url, "same body");
            var withAttributes = await Broker.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = url, MessageBody = "same body", MessageGroupId = "g",
                MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["k"] = new MessageAttributeValue { DataType = "String", StringValue = "v" } },
            });
            Assert.Equal(first.MessageId, withAttributes.MessageId); // attributes do not count
            Assert.NotEqual(first.MessageId, (await SendFifo(url, "other body")).MessageId);
            var received = await ReceiveFifo(url);
            Assert.Equal(new[] { "same body", "other body" }, Bodies(received));
            using (var sha = SHA256.Create())
            {
                var expected = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes("same body")).Select(b => b.ToString("x2")));
                Assert.Equal(expected, received[0].MessageDeduplicationId);
            }
        }

        [Fact]
        public async Task An_explicit_MessageDeduplicationId_overrides_content_based_deduplication()
        {
            var url = await CreateFifo(contentBased: true);
            var a = await SendFifo(url, "body", dedup: "one");
            var b = await SendFifo(url, "body", dedup: "two"); // same body, other id: a new message
            var c = await SendFifo(url, "different", dedup: "one"); // other body, same id: a duplicate
            Assert.NotEqual(a.MessageId, b.MessageId);
            Assert.Equal(a.MessageId, c.MessageId);
            var received = await ReceiveFifo(url);
            Assert.Equal(new[] { "one", "two" }, received.Select(m => m.MessageDeduplicationId).ToArray());
        }

        [Fact]
        public async Task DeduplicationScope_queue_deduplicates_across_groups()
        {
            var url = await CreateFifo(contentBased: false);
            var a = await SendFifo(url, "x", "g1", "d");
            var b = await SendFifo(url, "x", "g2", "d");
            Assert.Equal(a.MessageId, b.MessageId);
            Assert.Equal(1, await Visible(url));
        }

        [Fact]
        public async Task DeduplicationScope_messageGroup_deduplicates_per_group()
        {
            var url = await CreateFifo("hi.fifo", false, (QueueAttributeName.DeduplicationScope, "messageGroup"), (QueueAttributeName.FifoThroughputLimit, "perMessageGroupId"));
            var a = await SendFifo(url, "x", "g1", "d");
            var b = await SendFifo(url, "x", "g2", "d");
            var c = await SendFifo(url, "x", "g1", "d");
            Assert.NotEqual(a.MessageId, b.MessageId);
            Assert.Equal(a.MessageId, c.MessageId);
            Assert.Equal(2, await Visible(url));
        }

        [Fact]
        public async Task A_non_zero_per_message_DelaySeconds_on_a_FIFO_queue_fails_InvalidParameterValue()
        {
            var url = await CreateFifo();
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () =>
                Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageGroupId = "g", DelaySeconds = 5 }));
            Assert.Contains("DelaySeconds", error.Message);
            await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "zero", MessageGroupId = "g", DelaySeconds = 0 });
            var batch = await Broker.SendMessageBatchAsync(url, new[] { new SendMessageBatchRequestEntry { Id = "d", MessageBody = "y", MessageGroupId = "g", DelaySeconds = 1 } });
            Assert.Equal(SqsErrorCode.InvalidParameterValue, Assert.Single(batch.Failed).Code);
            Assert.Equal(1, await Visible(url));
        }

        [Fact]
        public async Task Only_the_queue_DelaySeconds_applies_on_a_FIFO_queue()
        {
            var url = await CreateFifo("slow.fifo", true, (QueueAttributeName.DelaySeconds, "10"));
            await SendFifo(url, "late");
            Assert.Equal(1, await Delayed(url));
            Assert.Empty(await ReceiveFifo(url));
            Clock.AdvanceSeconds(10);
            Assert.Equal(new[] { "late" }, Bodies(await ReceiveFifo(url)));
        }

        [Fact]
        public async Task A_delayed_message_keeps_later_messages_of_its_group_back_when_the_queue_delay_shrinks()
        {
            var url = await CreateFifo("slow.fifo", true, (QueueAttributeName.DelaySeconds, "30"));
            await SendFifo(url, "first");
            await Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.DelaySeconds, "0")));
            await SendFifo(url, "second");
            await SendFifo(url, "other", "g2");
            var other = await ReceiveFifo(url);
            Assert.Equal(new[] { "other" }, Bodies(other));
            await DeleteAll(url, other);
            Clock.AdvanceSeconds(30);
            Assert.Equal(new[] { "first", "second" }, Bodies(await ReceiveFifo(url)));
        }

        [Fact]
        public async Task SequenceNumber_is_a_20_digit_string_increasing_within_a_group_and_reported_on_receive()
        {
            var url = await CreateFifo();
            var sent = new List<(string Group, SendMessageResult Result)>();
            for (var i = 0; i < 30; i++)
            {
                var group = "g" + (i % 3);
                sent.Add((group, await SendFifo(url, "m" + i, group)));
            }
            var batch = await Broker.SendMessageBatchAsync(url, Enumerable.Range(0, 3).Select(i =>
                new SendMessageBatchRequestEntry { Id = "b" + i, MessageBody = "b" + i, MessageGroupId = "g0" }).ToList());
            foreach (var entry in batch.Successful) sent.Add(("g0", new SendMessageResult { MessageId = entry.MessageId, SequenceNumber = entry.SequenceNumber }));
            foreach (var (_, result) in sent)
            {
                Assert.NotNull(result.SequenceNumber);
                Assert.Equal(20, result.SequenceNumber!.Length);
                Assert.True(result.SequenceNumber.All(char.IsDigit));
            }
            foreach (var group in sent.GroupBy(s => s.Group))
            {
                var numbers = group.Select(s => decimal.Parse(s.Result.SequenceNumber!)).ToList();
                for (var i = 1; i < numbers.Count; i++) Assert.True(numbers[i] > numbers[i - 1]);
            }
            var bySequence = sent.ToDictionary(s => s.Result.MessageId, s => s.Result.SequenceNumber);
            while (true)
            {
                var messages = await ReceiveFifo(url);
                if (messages.Count == 0) break;
                foreach (var m in messages) Assert.Equal(bySequence[m.MessageId], m.SequenceNumber);
                await DeleteAll(url, messages);
            }
        }

        [Fact]
        public async Task Order_within_a_batch_is_preserved()
        {
            var url = await CreateFifo();
            var bodies = Enumerable.Range(0, 10).Select(i => "b" + i).ToArray();
            await Broker.SendMessageBatchAsync(url, bodies.Select((b, i) => new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = b, MessageGroupId = "g" }).ToList());
            Assert.Equal(bodies, Bodies(await ReceiveFifo(url)));
        }

        [Fact]
        public async Task A_duplicate_inside_one_batch_is_accepted_with_the_first_entrys_MessageId()
        {
            var url = await CreateFifo(contentBased: false);
            var result = await Broker.SendMessageBatchAsync(url, new[]
            {
                new SendMessageBatchRequestEntry { Id = "a", MessageBody = "x", MessageGroupId = "g", MessageDeduplicationId = "d" },
                new SendMessageBatchRequestEntry { Id = "b", MessageBody = "x", MessageGroupId = "g", MessageDeduplicationId = "d" },
            });
            Assert.Equal(2, result.Successful.Count);
            Assert.Equal(result.Successful[0].MessageId, result.Successful[1].MessageId);
            Assert.Equal(1, await Visible(url));
        }

        [Fact]
        public async Task Purge_clears_the_FIFO_deduplication_history()
        {
            var url = await CreateFifo(contentBased: false);
            var first = await SendFifo(url, "x", dedup: "d");
            await Broker.PurgeQueueAsync(url);
            Clock.AdvanceSeconds(61); // past the purge window, so the new send survives it
            var after = await SendFifo(url, "x", dedup: "d");
            Assert.NotEqual(first.MessageId, after.MessageId);
            Assert.Equal(new[] { after.MessageId }, (await ReceiveFifo(url)).Select(m => m.MessageId).ToArray());
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Sending": bodies, sizes, attributes, delays, batches.</summary>
    public sealed class SendRulesTests : BrokerTestBase
    {
        private static string Md5Hex(string text) =>
            string.Concat(MD5.HashData(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2")));

        [Fact]
        public async Task Send_returns_a_MessageId_and_the_hex_MD5_of_the_UTF8_body()
        {
            var url = await CreateQueue("q");
            var result = await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "héllo wörld ✓" });
            Assert.True(Guid.TryParse(result.MessageId, out _));
            Assert.Equal(Md5Hex("héllo wörld ✓"), result.MD5OfMessageBody);
            var received = await ReceiveOne(url);
            Assert.Equal(result.MessageId, received.MessageId);
            Assert.Equal(result.MD5OfMessageBody, received.MD5OfBody);
            Assert.Equal("héllo wörld ✓", received.Body);
        }

        [Fact]
        public async Task Body_must_have_at_least_one_character()
        {
            // AWS answers an empty body with MissingParameter ("The request must contain the parameter MessageBody.").
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.MissingParameter, () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "" }));
        }

        // Built in code: attribute string constants cannot carry lone surrogates (the compiler replaces them with U+FFFD).
        public static TheoryData<int[]> IllegalBodies => new TheoryData<int[]>
        {
            new[] { 0x0 },
            new[] { 'b', 'e', 'l', 'l', 0x7 },
            new[] { 0xFFFE },
            new[] { 0xFFFF },
            new[] { 'l', 'o', 'n', 'e', 0xD800, 'x' },
            new[] { 0xDC00 },
            new[] { 'e', 'n', 'd', 0xD83D },
        };

        [Theory]
        [MemberData(nameof(IllegalBodies))]
        public async Task Body_with_characters_outside_the_XML_set_fails_InvalidMessageContents(int[] codeUnits)
        {
            var body = new string(codeUnits.Select(c => (char)c).ToArray());
            var url = await CreateQueue("q");
            var error = await AssertSqsError(SqsErrorCode.InvalidMessageContents, () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = body }));
            Assert.Contains("Invalid binary character", error.Message);
        }

        [Theory]
        [InlineData("tab\tnewline\ncr\r")]
        [InlineData("\u0020\uD7FF\uE000\uFFFD")]
        [InlineData("emoji \uD83D\uDE00 is #x1F600")]
        public async Task Body_with_XML_legal_characters_is_accepted(string body)
        {
            var url = await CreateQueue("q");
            await Send(url, body);
            Assert.Equal(body, (await ReceiveOne(url)).Body);
        }

        [Fact]
        public async Task Message_size_limit_is_the_queue_MaximumMessageSize_default_1_MiB_in_UTF8_bytes()
        {
            var url = await CreateQueue("q");
            await Send(url, new string('a', 1_048_576));
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Send(url, new string('a', 1_048_577)));
            Assert.Equal("One or more parameters cannot be validated. Reason: Message must be shorter than 1048576 bytes.", error.Message);
            // UTF-8 bytes, not characters: 'é' is two bytes.
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Send(url, new string('é', 524_289)));

            var small = await CreateQueue("small", (QueueAttributeName.MaximumMessageSize, "1024"));
            await Send(small, new string('a', 1024));
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Send(small, new string('a', 1025)));
        }

        // docs/sqs-rules.md, "Sending": AWS's wording for an empty String attribute value.
        [Fact]
        public async Task A_String_message_attribute_with_an_empty_value_fails_in_AWSs_wording()
        {
            var url = await CreateQueue("q");
            var attributes = new Dictionary<string, MessageAttributeValue> { ["note"] = new MessageAttributeValue { DataType = "String", StringValue = "" } };
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageAttributes = attributes }));
            Assert.Equal("Message (user) attribute 'note' must contain a non-empty value of type 'String'.", error.Message);
        }

        [Fact]
        public async Task Message_attributes_count_toward_the_size_limit()
        {
            var url = await CreateQueue("small", (QueueAttributeName.MaximumMessageSize, "1024"));
            var attributes = new Dictionary<string, MessageAttributeValue> { ["key"] = new MessageAttributeValue { DataType = "String", StringValue = "v" } };
            // body 1016 + "key" 3 + "String" 6 + "v" 1 = 1026 > 1024
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = new string('a', 1016), MessageAttributes = attributes }));
            await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = new string('a', 1014), MessageAttributes = attributes });
        }

        [Fact]
        public async Task At_most_10_message_attributes()
        {
            var url = await CreateQueue("q");
            Dictionary<string, MessageAttributeValue> Make(int n) => Enumerable.Range(0, n).ToDictionary(i => "a" + i, i => new MessageAttributeValue { DataType = "Number", StringValue = i.ToString() });
            await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageAttributes = Make(10) });
            var error = await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageAttributes = Make(11) }));
            Assert.Contains("[11] exceeds the allowed maximum [10]", error.Message);
        }

        [Fact]
        public async Task Message_attributes_come_back_with_the_message()
        {
            var url = await CreateQueue("q");
            await Broker.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "x",
                MessageAttributes = new Dictionary<string, MessageAttributeValue>
                {
                    ["trace"] = new MessageAttributeValue { DataType = "String", StringValue = "abc" },
                    ["n"] = new MessageAttributeValue { DataType = "Number.int", StringValue = "42" },
                    ["b"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new byte[] { 1, 2, 3 } },
                },
            });
            var message = await ReceiveOne(url);
            Assert.Equal("abc", message.MessageAttributes["trace"].StringValue);
            Assert.Equal("Number.int", message.MessageAttributes["n"].DataType);
            Assert.Equal(new byte[] { 1, 2, 3 }, message.MessageAttributes["b"].BinaryValue);
        }

        [Theory]
        [InlineData("AWS.reserved", "String", "v")]
        [InlineData("bad..name", "String", "v")]
        [InlineData("ok", "Text", "v")]
        [InlineData("ok", "Number", "forty-two")]
        [InlineData("ok", "String", "")]
        public async Task Invalid_message_attributes_fail_InvalidParameterValue(string name, string type, string value)
        {
            var url = await CreateQueue("q");
            var attributes = new Dictionary<string, MessageAttributeValue> { [name] = new MessageAttributeValue { DataType = type, StringValue = value } };
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageAttributes = attributes }));
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(901)]
        public async Task Per_message_DelaySeconds_outside_0_to_900_fails_InvalidParameterValue(int delay)
        {
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Send(url, "x", delay));
        }

        [Fact]
        public async Task MessageDeduplicationId_is_not_valid_on_a_standard_queue()
        {
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.InvalidParameterValue, () => Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageDeduplicationId = "d" }));
        }

        private static SendMessageBatchRequestEntry Entry(string id, string body = "x") => new SendMessageBatchRequestEntry { Id = id, MessageBody = body };

        [Fact]
        public async Task Batch_with_no_entries_fails_EmptyBatchRequest()
        {
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.EmptyBatchRequest, () => Broker.SendMessageBatchAsync(url, Array.Empty<SendMessageBatchRequestEntry>()));
        }

        [Fact]
        public async Task Batch_with_more_than_10_entries_fails_TooManyEntriesInBatchRequest()
        {
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.TooManyEntriesInBatchRequest, () => Broker.SendMessageBatchAsync(url, Enumerable.Range(0, 11).Select(i => Entry("e" + i)).ToList()));
            var ok = await Broker.SendMessageBatchAsync(url, Enumerable.Range(0, 10).Select(i => Entry("e" + i)).ToList());
            Assert.Equal(10, ok.Successful.Count);
        }

        [Theory]
        [InlineData("")]
        [InlineData("has space")]
        [InlineData("dot.id")]
        [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQ")] // 81
        public async Task Batch_entry_ids_must_be_1_to_80_of_letters_digits_hyphens_underscores_else_InvalidBatchEntryId(string id)
        {
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.InvalidBatchEntryId, () => Broker.SendMessageBatchAsync(url, new[] { Entry(id) }));
        }

        [Fact]
        public async Task Batch_entry_ids_must_be_distinct_else_BatchEntryIdsNotDistinct()
        {
            var url = await CreateQueue("q");
            await AssertSqsError(SqsErrorCode.BatchEntryIdsNotDistinct, () => Broker.SendMessageBatchAsync(url, new[] { Entry("a"), Entry("b"), Entry("a") }));
        }

        [Fact]
        public async Task Whole_batch_over_1_MiB_fails_BatchRequestTooLong()
        {
            var url = await CreateQueue("q");
            var entries = new[] { Entry("a", new string('a', 600_000)), Entry("b", new string('b', 600_000)) };
            await AssertSqsError(SqsErrorCode.BatchRequestTooLong, () => Broker.SendMessageBatchAsync(url, entries));
            Assert.Equal(0, await Visible(url));
        }

        [Fact]
        public async Task Batch_entry_failures_come_back_in_Failed_of_a_successful_call()
        {
            var url = await CreateQueue("q");
            var result = await Broker.SendMessageBatchAsync(url, new[]
            {
                Entry("good1"),
                Entry("badchar", "\u0001"),
                new SendMessageBatchRequestEntry { Id = "baddelay", MessageBody = "x", DelaySeconds = 901 },
                Entry("good2"),
            });
            Assert.Equal(new[] { "good1", "good2" }, result.Successful.Select(s => s.Id));
            Assert.All(result.Successful, s => Assert.Equal(Md5Hex("x"), s.MD5OfMessageBody));
            Assert.Equal(2, result.Failed.Count);
            Assert.Equal(SqsErrorCode.InvalidMessageContents, result.Failed.Single(f => f.Id == "badchar").Code);
            Assert.Equal(SqsErrorCode.InvalidParameterValue, result.Failed.Single(f => f.Id == "baddelay").Code);
            Assert.All(result.Failed, f => Assert.True(f.SenderFault));
            Assert.Equal(2, await Visible(url));
        }
    }
}

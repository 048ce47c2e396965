using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// A body given as UTF-8 bytes (as an HTTP endpoint has it) obeys the same rules as one given as
    /// text: the same characters are refused, the same sizes count, the same digests come back, and
    /// a receive hands back exactly the bytes sent. Malformed UTF-8 is refused rather than repaired.
    /// </summary>
    public sealed class Utf8BodyRulesTests : BrokerTestBase
    {
        private Task<SendMessageResult> SendBytes(string url, byte[] body) =>
            Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBodyUtf8 = body });

        [Fact]
        public async Task Bytes_sent_come_back_byte_for_byte_with_the_digest_of_the_same_text()
        {
            var url = await CreateQueue("utf8");
            const string text = "{\"id\":\"é€𝄞\",\"n\":1}";
            var bytes = Encoding.UTF8.GetBytes(text);
            var fromBytes = await SendBytes(url, bytes);
            var fromText = await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = text });
            Assert.Equal(fromText.MD5OfMessageBody, fromBytes.MD5OfMessageBody);

            var received = await Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 });
            Assert.Equal(2, received.Count);
            foreach (var message in received)
            {
                Assert.Equal(bytes, message.BodyUtf8.ToArray());
                Assert.Equal(text, message.Body);
            }
        }

        [Theory]
        [InlineData(new byte[] { 0xC0, 0xAF }, "not valid UTF-8")]            // overlong '/'
        [InlineData(new byte[] { 0x41, 0x80 }, "not valid UTF-8")]            // a lone continuation byte
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "not valid UTF-8")]      // an encoded surrogate
        [InlineData(new byte[] { 0xE2, 0x82 }, "not valid UTF-8")]            // cut short
        [InlineData(new byte[] { 0x41, 0x01 }, "#x1'")]                       // well formed, outside the XML set
        [InlineData(new byte[] { 0xEF, 0xBF, 0xBF }, "#xFFFF'")]              // U+FFFF, outside the XML set
        public async Task Bytes_that_are_not_allowed_text_fail_InvalidMessageContents(byte[] body, string said)
        {
            var url = await CreateQueue("utf8-bad");
            var error = await Assert.ThrowsAsync<SqsException>(() => SendBytes(url, body));
            Assert.Equal(SqsErrorCode.InvalidMessageContents, error.ErrorCode);
            Assert.Contains(said, error.Message);
        }

        [Fact]
        public async Task An_empty_byte_body_is_a_missing_parameter()
        {
            var url = await CreateQueue("utf8-empty");
            var error = await Assert.ThrowsAsync<SqsException>(() => SendBytes(url, Array.Empty<byte>()));
            Assert.Equal(SqsErrorCode.MissingParameter, error.ErrorCode);
        }

        [Fact]
        public async Task The_size_limit_counts_the_bytes()
        {
            var url = await CreateQueue("utf8-size", (QueueAttributeName.MaximumMessageSize, "1024"));
            // 512 two-byte characters: 1,024 bytes fit, one more byte does not.
            var fits = Encoding.UTF8.GetBytes(new string('é', 512));
            await SendBytes(url, fits);
            var error = await Assert.ThrowsAsync<SqsException>(() => SendBytes(url, fits.Concat(new[] { (byte)'x' }).ToArray()));
            Assert.Equal(SqsErrorCode.InvalidParameterValue, error.ErrorCode);
        }

        [Fact]
        public async Task A_batch_entry_may_carry_bytes_and_its_failure_stays_its_own()
        {
            var url = await CreateQueue("utf8-batch");
            var result = await Broker.SendMessageBatchAsync(url, new[]
            {
                new SendMessageBatchRequestEntry { Id = "good", MessageBodyUtf8 = Encoding.UTF8.GetBytes("ok") },
                new SendMessageBatchRequestEntry { Id = "bad", MessageBodyUtf8 = new byte[] { 0xFF } },
            });
            Assert.Equal("good", Assert.Single(result.Successful).Id);
            Assert.Equal(SqsErrorCode.InvalidMessageContents, Assert.Single(result.Failed, f => f.Id == "bad").Code);
        }
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using SqsDemo.Engine.Endpoint.DynamoDb;
using Xunit;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>
    /// Bodies DynamoDB refuses get its errors, never a crash: wrong JSON types and broken JSON
    /// are SerializationException, a malformed attribute value ValidationException with
    /// DynamoDB's wording, and a body over 16 MB is refused after reading at most one byte past
    /// the limit (or none, when its declared length says so).
    /// </summary>
    public sealed class DynamoDbMalformedRequestTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("{")]
        [InlineData("null")]
        [InlineData("{\"TableName\":\"t\",\"Limit\":\"ten\"}")]
        [InlineData("{\"TableName\":\"t\",\"Limit\":1e99}")]
        [InlineData("{\"TableName\":\"t\",\"ConsistentRead\":\"yes\"}")]
        [InlineData("{\"TableName\":\"t\",\"ExclusiveStartKey\":{\"k\":{\"S\":1}}}")]
        [InlineData("{\"TableName\":\"t\",\"ExclusiveStartKey\":{\"k\":{\"B\":\"***\"}}}")]
        [InlineData("{\"TableName\":\"t\",\"ExclusiveStartKey\":{\"k\":[]}}")]
        [InlineData("{\"TableName\":\"t\",\"KeyConditions\":{\"k\":{\"AttributeValueList\":{}}}}")]
        public void A_body_of_the_wrong_shape_is_SerializationException(string body)
        {
            var error = Assert.Throws<DynamoDbProtocolException>(() => DynamoDbJsonRequests.Read("Query", Encoding.UTF8.GetBytes(body)));

            Assert.Equal("SerializationException", error.ErrorCode);
            AssertWireError(DynamoDbJsonErrors.From(error), 400, "com.amazon.coral.service#SerializationException");
        }

        [Fact]
        public void Invalid_utf8_and_nesting_past_any_item_are_SerializationException()
        {
            var invalidUtf8 = new byte[] { (byte)'{', (byte)'"', (byte)'T', (byte)'a', (byte)'b', (byte)'l', (byte)'e', (byte)'N', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)'}' };
            var deep = "{\"TableName\":\"t\",\"Item\":{\"a\":" + string.Concat(Enumerable.Repeat("{\"L\":[", 5000)) + "{\"S\":\"x\"}" + string.Concat(Enumerable.Repeat("]}", 5000)) + "}}";

            Assert.Equal("SerializationException", Assert.Throws<DynamoDbProtocolException>(() => DynamoDbJsonRequests.Read("DescribeTable", invalidUtf8)).ErrorCode);
            Assert.Equal("SerializationException", Assert.Throws<DynamoDbProtocolException>(() => DynamoDbJsonRequests.Read("PutItem", Encoding.UTF8.GetBytes(deep))).ErrorCode);
        }

        [Theory]
        [InlineData("{}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
        [InlineData("{\"S\":\"a\",\"N\":\"1\"}", "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")]
        [InlineData("{\"NULL\":false}", "One or more parameter values were invalid: Null attribute value types must have the value of true")]
        public void A_malformed_attribute_value_is_ValidationException_in_dynamodbs_words(string value, string message)
        {
            var body = Encoding.UTF8.GetBytes("{\"TableName\":\"t\",\"Item\":{\"message_id\":" + value + "}}");

            var error = Assert.Throws<AmazonDynamoDBException>(() => DynamoDbJsonRequests.Read("PutItem", body));

            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Equal(message, error.Message);
            AssertWireError(DynamoDbJsonErrors.From(error), 400, "com.amazonaws.dynamodb.v20120810#ValidationException");
        }

        [Fact]
        public async Task A_body_declared_over_16_MB_is_refused_unread()
        {
            var stream = new EndlessStream();

            var error = await Assert.ThrowsAsync<DynamoDbProtocolException>(() => DynamoDbRequestBody.ReadAsync(stream, 1L << 40, CancellationToken.None));

            Assert.Equal(0, stream.BytesRead);
            AssertWireError(DynamoDbJsonErrors.From(error), 413, "com.amazon.coral.service#RequestEntityTooLarge");
        }

        [Fact]
        public async Task A_body_streamed_past_16_MB_is_refused_one_byte_past_the_limit()
        {
            var stream = new EndlessStream();

            var error = await Assert.ThrowsAsync<DynamoDbProtocolException>(() => DynamoDbRequestBody.ReadAsync(stream, declaredLength: null, CancellationToken.None));

            Assert.Equal(DynamoDbRequestBody.MaxBytes + 1L, stream.BytesRead);
            Assert.Equal(413, error.StatusCode);
        }

        [Fact]
        public async Task A_body_of_exactly_the_limit_is_read_whole()
        {
            var body = new byte[1000];
            body[999] = 42;

            var read = await DynamoDbRequestBody.ReadAsync(new MemoryStream(body), null, CancellationToken.None, maxBytes: 1000);

            Assert.Equal(1000, read.Count);
            Assert.Equal(42, read.Array![read.Offset + 999]);
            await Assert.ThrowsAsync<DynamoDbProtocolException>(() => DynamoDbRequestBody.ReadAsync(new MemoryStream(new byte[1001]), null, CancellationToken.None, maxBytes: 1000));
        }

        internal static void AssertWireError(DynamoDbWireResponse answer, int status, string wireType)
        {
            Assert.Equal(status, answer.StatusCode);
            using var json = JsonDocument.Parse(answer.Body);
            Assert.Equal(wireType, json.RootElement.GetProperty("__type").GetString());
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("message").GetString()));
        }

        /// <summary>A client that never stops sending: counts what the reader took from it.</summary>
        private sealed class EndlessStream : Stream
        {
            public long BytesRead { get; private set; }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override int Read(byte[] buffer, int offset, int count)
            {
                Array.Fill(buffer, (byte)' ', offset, count);
                BytesRead += count;
                return count;
            }
        }
    }
}

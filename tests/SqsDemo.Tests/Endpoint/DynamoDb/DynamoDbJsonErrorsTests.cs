using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Endpoint.DynamoDb;
using Xunit;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>
    /// Each error the store throws reaches a real AmazonDynamoDBClient as the SDK's own typed
    /// exception with its detail (the old item, the cancellation reasons); the front door's
    /// errors and the unexpected ones get DynamoDB's codes and statuses.
    /// </summary>
    public sealed class DynamoDbJsonErrorsTests
    {
        private static readonly Dictionary<string, AttributeValue> OldItem = new()
        {
            ["message_id"] = new AttributeValue { S = "m-1" },
            ["status"] = new AttributeValue { S = "STARTED" },
            ["attempts"] = new AttributeValue { N = "2" },
        };

        [Fact]
        public async Task A_failed_condition_is_ConditionalCheckFailedException_with_the_old_item()
        {
            using var server = new DynamoDbWireServer((_, _) => throw new ConditionalCheckFailedException("The conditional request failed") { Item = OldItem });
            using var client = server.Client();

            var error = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest { TableName = "t", Item = OldItem }));

            Assert.Equal("The conditional request failed", error.Message);
            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
            Assert.Null(SdkModelComparer.FirstDifference(OldItem, error.Item));
        }

        [Fact]
        public async Task A_canceled_transaction_is_TransactionCanceledException_with_its_reasons()
        {
            var reasons = new List<CancellationReason>
            {
                new() { Code = "None" },
                new() { Code = "ConditionalCheckFailed", Message = "The conditional request failed", Item = OldItem },
            };
            using var server = new DynamoDbWireServer((_, _) => throw new TransactionCanceledException("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]") { CancellationReasons = reasons });
            using var client = server.Client();

            var error = await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = new() }));

            Assert.StartsWith("Transaction cancelled", error.Message, StringComparison.Ordinal);
            Assert.Null(SdkModelComparer.FirstDifference(reasons, error.CancellationReasons));
        }

        [Fact]
        public async Task Service_errors_reach_the_sdk_as_its_typed_exceptions()
        {
            var thrown = new Queue<Exception>(new Exception[]
            {
                new ResourceNotFoundException("Requested resource not found"),
                new ResourceInUseException("Table already exists: t"),
                new AmazonDynamoDBException("Invalid UpdateExpression: Syntax error; token: \"=\"") { ErrorCode = "ValidationException" },
                new InvalidOperationException("a bug in the store"),
            });
            using var server = new DynamoDbWireServer((_, _) => throw thrown.Dequeue());
            using var client = server.Client();
            var describe = new DescribeTableRequest { TableName = "t" };

            var missing = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeTableAsync(describe));
            // The SDK types only the errors an operation's model lists: ResourceInUse is CreateTable's.
            var inUse = await Assert.ThrowsAsync<ResourceInUseException>(() => client.CreateTableAsync(new CreateTableRequest { TableName = "t" }));
            var invalid = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.DescribeTableAsync(describe));
            var fault = await Assert.ThrowsAsync<InternalServerErrorException>(() => client.DescribeTableAsync(describe));

            Assert.Equal("Requested resource not found", missing.Message);
            Assert.Equal("Table already exists: t", inUse.Message);
            Assert.Equal("ValidationException", invalid.ErrorCode);
            Assert.StartsWith("Invalid UpdateExpression", invalid.Message, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.InternalServerError, fault.StatusCode);
        }

        [Fact]
        public async Task An_operation_not_served_is_UnknownOperationException_to_the_sdk()
        {
            using var server = new DynamoDbWireServer((_, _) => throw new InvalidOperationException("never reached"));
            using var client = server.Client();

            var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.DescribeLimitsAsync(new DescribeLimitsRequest()));

            Assert.Equal("UnknownOperationException", error.ErrorCode);
            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        }

        [Theory]
        [InlineData("{\"TableName\":")]
        [InlineData("not json")]
        [InlineData("[]")]
        [InlineData("{\"TableName\":5}")]
        public async Task A_malformed_body_over_http_is_a_400_SerializationException(string body)
        {
            using var server = new DynamoDbWireServer((_, _) => throw new InvalidOperationException("never reached"));
            using var http = new HttpClient();
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(DynamoDbWireResponse.ContentType);
            using var message = new HttpRequestMessage(HttpMethod.Post, server.Url) { Content = content };
            message.Headers.Add("X-Amz-Target", "DynamoDB_20120810.DescribeTable");

            using var answer = await http.SendAsync(message);
            using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("com.amazon.coral.service#SerializationException", json.RootElement.GetProperty("__type").GetString());
        }
    }
}

using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Tests.Broker;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// The AWS SDK for .NET's own DynamoDB client against the endpoint's tables: a TransactWriteItems
    /// repeated under its ClientRequestToken applies once, the token with other parameters is the SDK's
    /// IdempotentParameterMismatchException, and ten minutes of the run's clock later the token is new;
    /// a reserved word named directly is DynamoDB's ValidationException.
    /// </summary>
    public sealed class EndpointDynamoDbIdempotencyTests : IDisposable
    {
        private readonly ManualClock _clock = new ManualClock();
        private readonly DemoEndpoint _endpoint;
        private readonly AmazonDynamoDBClient _client;

        public EndpointDynamoDbIdempotencyTests()
        {
            var run = DemoRun.CreateEmbedded(_clock, 1, 18, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
            _endpoint = DemoEndpoint.Start(run, 0);
            _client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"),
                new AmazonDynamoDBConfig { ServiceURL = _endpoint.Url, AuthenticationRegion = RunningEndpoint.Region, MaxErrorRetry = 0 });
        }

        public void Dispose()
        {
            _client.Dispose();
            _endpoint.Stop();
        }

        private async Task<string> Table()
        {
            var name = "orders-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            await _client.CreateTableAsync(new CreateTableRequest
            {
                TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement("id", KeyType.HASH) },
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition("id", ScalarAttributeType.S) },
            });
            await _client.PutItemAsync(new PutItemRequest(name, new Dictionary<string, AttributeValue> { ["id"] = new AttributeValue("total"), ["n"] = new AttributeValue { N = "0" } }));
            return name;
        }

        private static TransactWriteItemsRequest Add(string table, string token, int by) => new TransactWriteItemsRequest
        {
            ClientRequestToken = token,
            TransactItems = new List<TransactWriteItem>
            {
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = table, Key = new Dictionary<string, AttributeValue> { ["id"] = new AttributeValue("total") },
                        UpdateExpression = "ADD n :by", ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":by"] = new AttributeValue { N = by.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                    },
                },
            },
        };

        private async Task<string> Total(string table) =>
            (await _client.GetItemAsync(new GetItemRequest(table, new Dictionary<string, AttributeValue> { ["id"] = new AttributeValue("total") }) { ConsistentRead = true })).Item["n"].N;

        [Fact]
        public async Task A_transaction_repeated_under_its_token_applies_once_for_ten_minutes_of_the_runs_clock()
        {
            var table = await Table();
            var token = Guid.NewGuid().ToString();

            await _client.TransactWriteItemsAsync(Add(table, token, 1));
            await _client.TransactWriteItemsAsync(Add(table, token, 1));
            Assert.Equal("1", await Total(table));

            var mismatch = await Assert.ThrowsAsync<IdempotentParameterMismatchException>(() => _client.TransactWriteItemsAsync(Add(table, token, 2)));
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
            Assert.Equal("1", await Total(table));

            _clock.Advance(TimeSpan.FromMinutes(10));
            await _client.TransactWriteItemsAsync(Add(table, token, 2));
            Assert.Equal("3", await Total(table));
        }

        [Fact]
        public async Task An_over_long_token_and_a_reserved_word_are_ValidationExceptions()
        {
            var table = await Table();

            var longToken = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.TransactWriteItemsAsync(Add(table, new string('x', 37), 1)));
            Assert.Equal("ValidationException", longToken.ErrorCode);
            Assert.EndsWith("at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36", longToken.Message, StringComparison.Ordinal);

            var reserved = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table, Key = new Dictionary<string, AttributeValue> { ["id"] = new AttributeValue("total") },
                UpdateExpression = "SET status = :s", ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":s"] = new AttributeValue("DONE") },
            }));
            Assert.Equal(("ValidationException", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"), (reserved.ErrorCode, reserved.Message));
            Assert.Equal("0", await Total(table));
        }
    }
}

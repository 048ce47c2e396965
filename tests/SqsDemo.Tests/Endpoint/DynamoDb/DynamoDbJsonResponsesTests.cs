using System;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Endpoint.DynamoDb;
using Xunit;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>
    /// A real AmazonDynamoDBClient, pointed at a loopback server that answers with the codec's
    /// JSON, parses every response shape of every served operation into the values the store
    /// gave, member by member (timestamps as epoch seconds, blobs as base64, nested attribute
    /// values, empty collections).
    /// </summary>
    public sealed class DynamoDbJsonResponsesTests
    {
        public static TheoryData<string> Operations() => DynamoDbJsonRequestsTests.Operations();

        [Theory]
        [MemberData(nameof(Operations))]
        public async Task The_sdk_parses_every_member_of_the_response_the_store_gave(string operation)
        {
            var samples = new SdkSamples(seed: 7 + operation.Length);
            var given = (AmazonWebServiceResponse)samples.Structure(SdkSamples.ModelType(operation + "Response"));
            string? servedOperation = null;
            using var server = new DynamoDbWireServer((op, _) => { servedOperation = op; return given; });
            using var client = server.Client();

            var request = samples.Structure(SdkSamples.ModelType(operation + "Request"));
            var parsed = await Call(client, operation, request);

            Assert.Equal(operation, servedOperation);
            Assert.Null(SdkModelComparer.FirstDifference(given, parsed));
        }

        [Fact]
        public async Task An_item_that_is_not_there_is_no_Item_and_an_empty_page_is_an_empty_Items()
        {
            using var server = new DynamoDbWireServer((op, _) => op == "GetItem"
                ? new GetItemResponse()
                : new QueryResponse { Items = new(), Count = 0, ScannedCount = 0 });
            using var client = server.Client();

            var got = await client.GetItemAsync(new GetItemRequest { TableName = "t", Key = new() { ["k"] = new AttributeValue { S = "x" } } });
            var page = await client.QueryAsync(new QueryRequest { TableName = "t", KeyConditionExpression = "k = :k" });

            Assert.False(got.IsItemSet);
            Assert.NotNull(page.Items);
            Assert.Empty(page.Items);
            Assert.Null(page.LastEvaluatedKey);
            Assert.Null(page.ConsumedCapacity);
        }

        [Fact]
        public void Timestamps_are_epoch_seconds_numbers_as_dynamodb_writes_them()
        {
            // The .NET SDK also accepts an ISO string here; other SDKs (boto3) do not.
            var created = new DateTime(2024, 5, 1, 12, 0, 0, 250, DateTimeKind.Utc);
            var answer = DynamoDbJsonResponses.Write(new DescribeTableResponse { Table = new TableDescription { TableName = "orders", CreationDateTime = created } });

            using var json = System.Text.Json.JsonDocument.Parse(answer.Body);
            var written = json.RootElement.GetProperty("Table").GetProperty("CreationDateTime");

            Assert.Equal(System.Text.Json.JsonValueKind.Number, written.ValueKind);
            Assert.Equal(1714564800.25, written.GetDouble());
        }

        private static async Task<object> Call(AmazonDynamoDBClient client, string operation, object request)
        {
            var method = typeof(AmazonDynamoDBClient).GetMethod(operation + "Async", new[] { request.GetType(), typeof(CancellationToken) })!;
            var task = (Task)method.Invoke(client, new[] { request, CancellationToken.None })!;
            await task;
            return task.GetType().GetProperty("Result", BindingFlags.Public | BindingFlags.Instance)!.GetValue(task)!;
        }
    }
}

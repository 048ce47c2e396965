// Each fault error as the AWS SDK for .NET meets it through a real client against the endpoint: with retries off,
// the exception and ErrorCode it raises against AWS; with retries on, a count-limited fault used up and the call
// then served. What AWS answers: SQS's ServiceUnavailable 503, RequestThrottled 403 (as SQS sends it: boto3's
// legacy retry mode retries it only at 403, the standard mode and the .NET SDK by its code),
// InternalError 500; DynamoDB's ServiceUnavailable 503, ProvisionedThroughputExceededException 400 (ThrottlingException
// on table management), InternalServerError 500.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using SqsDemo.Engine.Endpoint.Faults;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Endpoint.Faults
{
    public sealed class EndpointFaultErrorTests
    {
        private static EndpointFaultRule ErrorOn(string operation, EndpointFaultError error, int? count = null) =>
            new EndpointFaultRule { Name = "chaos", Operations = { operation }, Error = error, Count = count };

        [Theory]
        [InlineData(EndpointFaultError.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
        [InlineData(EndpointFaultError.Throttling, HttpStatusCode.Forbidden, "RequestThrottled")]
        [InlineData(EndpointFaultError.InternalError, HttpStatusCode.InternalServerError, "InternalError")]
        public async Task An_SQS_error_is_raised_by_the_SDK_with_AWS_code_and_status_and_the_call_is_not_served(EndpointFaultError error, HttpStatusCode status, string code)
        {
            using var endpoint = new RunningEndpoint();
            using var client = FaultClients.Sqs(endpoint, "producer-1", retries: false);
            var url = (await client.CreateQueueAsync("faulty")).QueueUrl;
            endpoint.Endpoint.Faults.Add(ErrorOn("SendMessage", error));

            var raised = await Assert.ThrowsAnyAsync<AmazonSQSException>(() => client.SendMessageAsync(url, "never sent"));

            Assert.Equal((status, code), (raised.StatusCode, raised.ErrorCode));
            if (error == EndpointFaultError.Throttling) Assert.IsType<RequestThrottledException>(raised);
            Assert.Contains("chaos", raised.Message);
            var journal = endpoint.Run.Journal.Snapshot();
            Assert.DoesNotContain(journal, e => e.Kind == JournalEventKind.Sent);
            var injected = Assert.Single(journal, e => e.Kind == JournalEventKind.FaultInjected);
            Assert.Equal(("chaos", EndpointFaultEffect.Error, "SendMessage", code, "producer-1"),
                (injected.FaultName, injected.FaultEffect, injected.Operation, injected.ErrorCode, injected.Actor));
        }

        [Theory]
        [InlineData(EndpointFaultError.ServiceUnavailable, "PutItem", HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
        [InlineData(EndpointFaultError.Throttling, "PutItem", HttpStatusCode.BadRequest, "ProvisionedThroughputExceededException")]
        [InlineData(EndpointFaultError.Throttling, "CreateTable", HttpStatusCode.BadRequest, "ThrottlingException")]
        [InlineData(EndpointFaultError.InternalError, "PutItem", HttpStatusCode.InternalServerError, "InternalServerError")]
        public async Task A_DynamoDB_error_is_raised_by_the_SDK_with_AWS_code_and_status_and_the_item_is_not_written(EndpointFaultError error, string operation, HttpStatusCode status, string code)
        {
            using var endpoint = new RunningEndpoint();
            using var client = FaultClients.DynamoDb(endpoint, "consumer-1", retries: false);
            if (operation != "CreateTable") await CreateTableAsync(client, "effects");
            endpoint.Endpoint.Faults.Add(ErrorOn(operation, error));

            var raised = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => operation == "CreateTable" ? CreateTableAsync(client, "effects") : PutAsync(client, "effects", "k-1"));

            Assert.Equal((status, code), (raised.StatusCode, raised.ErrorCode));
            if (code == "ProvisionedThroughputExceededException") Assert.IsType<ProvisionedThroughputExceededException>(raised);
            if (code == "InternalServerError") Assert.IsType<InternalServerErrorException>(raised);
            Assert.DoesNotContain(endpoint.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.TableRequest && e.Operation == operation);
            var injected = Assert.Single(endpoint.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.FaultInjected);
            Assert.Equal((operation, code), (injected.Operation, injected.ErrorCode));
        }

        [Theory]
        [InlineData(EndpointFaultError.ServiceUnavailable)]
        [InlineData(EndpointFaultError.Throttling)]
        [InlineData(EndpointFaultError.InternalError)]
        public async Task With_retries_on_the_SDK_retries_an_SQS_error_until_a_counted_fault_is_spent_and_the_call_succeeds(EndpointFaultError error)
        {
            using var endpoint = new RunningEndpoint();
            using var client = FaultClients.Sqs(endpoint, "producer-1", retries: true);
            var url = (await client.CreateQueueAsync("faulty")).QueueUrl;
            var fault = endpoint.Endpoint.Faults.Add(ErrorOn("SendMessage", error, count: 2));

            var sent = await client.SendMessageAsync(url, "sent on the third attempt");

            Assert.Equal((2L, 3L, true), (fault.Fired, fault.Matched, fault.Spent));
            var journal = endpoint.Run.Journal.Snapshot();
            Assert.Equal(sent.MessageId, Assert.Single(journal, e => e.Kind == JournalEventKind.Sent).MessageId);
            Assert.Equal(2, journal.Count(e => e.Kind == JournalEventKind.FaultInjected));
        }

        [Theory]
        [InlineData(EndpointFaultError.ServiceUnavailable)]
        [InlineData(EndpointFaultError.Throttling)]
        public async Task With_retries_on_the_SDK_retries_a_DynamoDB_error_until_a_counted_fault_is_spent(EndpointFaultError error)
        {
            using var endpoint = new RunningEndpoint();
            using var client = FaultClients.DynamoDb(endpoint, "consumer-1", retries: true);
            await CreateTableAsync(client, "effects");
            var fault = endpoint.Endpoint.Faults.Add(ErrorOn("PutItem", error, count: 2));

            await PutAsync(client, "effects", "k-1");

            Assert.Equal((2L, true), (fault.Fired, fault.Spent));
            Assert.Single(endpoint.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.TableRequest && e.Operation == "PutItem");
        }

        [Fact]
        public async Task The_Query_protocol_gets_the_error_as_XML_with_the_Query_code()
        {
            using var endpoint = new RunningEndpoint();
            endpoint.Endpoint.Faults.Add(ErrorOn("ListQueues", EndpointFaultError.Throttling));
            using var http = new System.Net.Http.HttpClient();
            var body = System.Text.Encoding.UTF8.GetBytes("Action=ListQueues&Version=2012-11-05");
            using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, endpoint.Endpoint.Url) { Content = new System.Net.Http.ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
            SigV4.Sign(request, body, "legacy-app", "dummy", RunningEndpoint.Region, "sqs", DateTimeOffset.UtcNow);

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(new[] { "Sender", "RequestThrottled" }, xml.Descendants().Where(e => e.Name.LocalName == "Type" || e.Name.LocalName == "Code").Select(e => e.Value));
        }

        /// <summary>
        /// boto3 in both its retry modes retries a throttled SendMessage: the legacy mode (boto3's default) only because the
        /// answer is 403, as SQS sends it; at 400 it gives up at once.
        /// </summary>
        [Theory]
        [InlineData("legacy")]
        [InlineData("standard")]
        public async Task Boto3_retries_a_throttled_SendMessage_in_each_retry_mode(string mode)
        {
            using var endpoint = new RunningEndpoint();
            using var client = FaultClients.Sqs(endpoint, "producer-1", retries: false);
            var url = (await client.CreateQueueAsync("throttled")).QueueUrl;
            var fault = endpoint.Endpoint.Faults.Add(ErrorOn("SendMessage", EndpointFaultError.Throttling, count: 2));
            var script = System.IO.Path.Combine(Hosting.RepoPaths.Root, "tests", "clients", "python", "throttled_send.py");

            var outcome = await ExternalClient.RunAsync("python3", new[] { script, mode, url }, endpoint.Endpoint.Url, "boto3-" + mode, TimeSpan.FromSeconds(120));

            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            using var seen = System.Text.Json.JsonDocument.Parse(outcome.Output);
            Assert.True(seen.RootElement.GetProperty("sent").ValueKind == System.Text.Json.JsonValueKind.String, outcome.Output);
            Assert.Equal(2, seen.RootElement.GetProperty("retries").GetInt32());
            Assert.Equal((2L, true), (fault.Fired, fault.Spent));
            Assert.Equal(seen.RootElement.GetProperty("sent").GetString(), Assert.Single(endpoint.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.Sent).MessageId);
        }

        internal static Task CreateTableAsync(AmazonDynamoDBClient client, string table) =>
            client.CreateTableAsync(new CreateTableRequest
            {
                TableName = table, BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition("message_id", ScalarAttributeType.S) },
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement("message_id", KeyType.HASH) },
            });

        internal static Task PutAsync(AmazonDynamoDBClient client, string table, string key) =>
            client.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["message_id"] = new AttributeValue { S = key } });
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using SqsDemo.Engine.Endpoint.Signing;
using SqsDemo.Engine.Journal;
using Xunit;
using Dynamo = Amazon.DynamoDBv2.Model;
using Sdk = Amazon.SQS.Model;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// An endpoint given key pairs: the AWS SDK for .NET signing with one of them works (and is journaled
    /// under it); another secret or an unknown key is refused with the code each service uses, raised by the
    /// SDK as its typed exception; hand-built Query and JSON requests see the same codes in their own shapes;
    /// POST /tasks stays open.
    /// </summary>
    public sealed class EndpointSignatureTests
    {
        private const string Producer = "producer-1";
        private const string ProducerSecret = "producer-secret-1";
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";

        private static RunningEndpoint Signed() =>
            new RunningEndpoint(signatures: new SignatureVerifier(new Dictionary<string, string> { [Producer] = ProducerSecret, ["consumer-1"] = "consumer-secret-1" }));

        private static AmazonSQSClient SqsClient(RunningEndpoint endpoint, string key, string secret) =>
            new AmazonSQSClient(new BasicAWSCredentials(key, secret), new AmazonSQSConfig { ServiceURL = endpoint.Endpoint.Url, AuthenticationRegion = RunningEndpoint.Region });

        private static AmazonDynamoDBClient DynamoDbClient(RunningEndpoint endpoint, string key, string secret) =>
            new AmazonDynamoDBClient(new BasicAWSCredentials(key, secret), new AmazonDynamoDBConfig { ServiceURL = endpoint.Endpoint.Url, AuthenticationRegion = RunningEndpoint.Region });

        [Fact]
        public async Task The_SQS_SDK_signing_with_a_given_key_works_and_another_secret_or_key_is_refused_with_its_code()
        {
            using var endpoint = Signed();
            using var producer = SqsClient(endpoint, Producer, ProducerSecret);
            var queue = (await producer.CreateQueueAsync("signed-orders")).QueueUrl;
            var sent = await producer.SendMessageAsync(queue, "order-1");
            Assert.Contains(endpoint.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.Sent && e.MessageId == sent.MessageId && e.Actor == Producer);

            using var wrongSecret = SqsClient(endpoint, Producer, "not-the-secret");
            var mismatch = await Assert.ThrowsAsync<AmazonSQSException>(() => wrongSecret.SendMessageAsync(queue, "forged"));
            Assert.Equal("SignatureDoesNotMatch", mismatch.ErrorCode);
            Assert.Equal(HttpStatusCode.Forbidden, mismatch.StatusCode);
            Assert.Equal(SignatureFailure.MismatchMessage, mismatch.Message);

            using var stranger = SqsClient(endpoint, "stranger", ProducerSecret);
            var unknown = await Assert.ThrowsAsync<AmazonSQSException>(() => stranger.SendMessageAsync(queue, "forged"));
            Assert.Equal("InvalidClientTokenId", unknown.ErrorCode);
            Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);

            // Neither refused send reached the queue.
            var attributes = await producer.GetQueueAttributesAsync(queue, new List<string> { "ApproximateNumberOfMessages" });
            Assert.Equal(1, attributes.ApproximateNumberOfMessages);
        }

        [Fact]
        public async Task The_DynamoDB_SDK_signing_with_a_given_key_works_and_another_secret_or_key_is_refused_with_DynamoDB_s_codes()
        {
            using var endpoint = Signed();
            using var owner = DynamoDbClient(endpoint, Producer, ProducerSecret);
            Assert.NotNull((await owner.ListTablesAsync(new Dynamo.ListTablesRequest())).TableNames);

            using var wrongSecret = DynamoDbClient(endpoint, Producer, "not-the-secret");
            var mismatch = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => wrongSecret.ListTablesAsync(new Dynamo.ListTablesRequest()));
            Assert.Equal("InvalidSignatureException", mismatch.ErrorCode);
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);

            using var stranger = DynamoDbClient(endpoint, "stranger", ProducerSecret);
            var unknown = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => stranger.ListTablesAsync(new Dynamo.ListTablesRequest()));
            Assert.Equal("UnrecognizedClientException", unknown.ErrorCode);
            Assert.Equal("The security token included in the request is invalid.", unknown.Message);
        }

        private static async Task<(HttpStatusCode Status, XDocument Xml)> Query(RunningEndpoint endpoint, string secret, DateTimeOffset signedAt, string? tamperedForm = null, bool sign = true)
        {
            var form = "Action=ListQueues&Version=2012-11-05";
            var body = Encoding.UTF8.GetBytes(form);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Endpoint.Url + "/") { Content = new ByteArrayContent(tamperedForm == null ? body : Encoding.UTF8.GetBytes(tamperedForm)) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
            if (sign) SigV4.Sign(request, body, Producer, secret, RunningEndpoint.Region, "sqs", signedAt);
            using var response = await Http.SendAsync(request);
            return (response.StatusCode, XDocument.Parse(await response.Content.ReadAsStringAsync()));
        }

        private static string Code(XDocument error) => error.Root!.Element(Sqs + "Error")!.Element(Sqs + "Code")!.Value;

        [Fact]
        public async Task Query_requests_signed_by_hand_are_served_and_refused_in_the_Query_protocol_s_ErrorResponse()
        {
            using var endpoint = Signed();
            var now = DateTimeOffset.UtcNow;
            var (status, _) = await Query(endpoint, ProducerSecret, now);
            Assert.Equal(HttpStatusCode.OK, status);

            var (wrongStatus, wrong) = await Query(endpoint, "not-the-secret", now);
            Assert.Equal(HttpStatusCode.Forbidden, wrongStatus);
            Assert.Equal("SignatureDoesNotMatch", Code(wrong));

            // The body is signed: the same signature over another form does not match.
            var (_, tampered) = await Query(endpoint, ProducerSecret, now, tamperedForm: "Action=ListQueues&Version=2012-11-05&QueueNamePrefix=x");
            Assert.Equal("SignatureDoesNotMatch", Code(tampered));

            var (staleStatus, stale) = await Query(endpoint, ProducerSecret, now.AddMinutes(-20));
            Assert.Equal(HttpStatusCode.Forbidden, staleStatus);
            Assert.Equal("SignatureDoesNotMatch", Code(stale));
            Assert.StartsWith("Signature expired: ", stale.Root!.Element(Sqs + "Error")!.Element(Sqs + "Message")!.Value);

            var (missingStatus, missing) = await Query(endpoint, ProducerSecret, now, sign: false);
            Assert.Equal(HttpStatusCode.Forbidden, missingStatus);
            Assert.Equal("MissingAuthenticationToken", Code(missing));
        }

        private static async Task<(HttpStatusCode Status, JsonElement Body, string? QueryError)> UnsignedJson(RunningEndpoint endpoint, string target, string contentType)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Endpoint.Url + "/") { Content = new StringContent("{}", Encoding.UTF8) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            request.Headers.Add("X-Amz-Target", target);
            using var response = await Http.SendAsync(request);
            var queryError = response.Headers.TryGetValues("x-amzn-query-error", out var values) ? values.Single() : null;
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone(), queryError);
        }

        [Fact]
        public async Task Unsigned_JSON_requests_are_refused_in_SQS_s_and_DynamoDB_s_shapes_and_served_by_an_endpoint_given_no_keys()
        {
            using (var endpoint = Signed())
            {
                var sqs = await UnsignedJson(endpoint, "AmazonSQS.ListQueues", "application/x-amz-json-1.0");
                Assert.Equal(HttpStatusCode.Forbidden, sqs.Status);
                Assert.Equal("com.amazon.coral.service#MissingAuthenticationToken", sqs.Body.GetProperty("__type").GetString());
                Assert.Equal("MissingAuthenticationToken;Sender", sqs.QueryError);

                var dynamo = await UnsignedJson(endpoint, "DynamoDB_20120810.ListTables", "application/x-amz-json-1.0");
                Assert.Equal(HttpStatusCode.BadRequest, dynamo.Status);
                Assert.Equal("com.amazon.coral.service#MissingAuthenticationTokenException", dynamo.Body.GetProperty("__type").GetString());
                Assert.Equal("Request is missing Authentication Token", dynamo.Body.GetProperty("message").GetString());
            }

            using var open = new RunningEndpoint();
            Assert.Equal(HttpStatusCode.OK, (await UnsignedJson(open, "AmazonSQS.ListQueues", "application/x-amz-json-1.0")).Status);
            Assert.False(open.Endpoint.RequiresSignature);
        }

        [Fact]
        public async Task POST_tasks_is_the_seed_s_public_API_and_is_served_unsigned()
        {
            using var endpoint = Signed();
            using var producer = SqsClient(endpoint, Producer, ProducerSecret);
            var queue = (await producer.CreateQueueAsync("signed-tasks")).QueueUrl;
            endpoint.Endpoint.ServeTasks(queue);

            using var response = await Http.PostAsync(endpoint.Endpoint.Url + "/tasks", new StringContent("{\"task_type\":\"compute\"}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var received = await producer.ReceiveMessageAsync(new Sdk.ReceiveMessageRequest { QueueUrl = queue, WaitTimeSeconds = 20 });
            Assert.Contains("\"compute\"", Assert.Single(received.Messages).Body);
        }
    }
}

using System;
using System.Collections.Specialized;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using SqsDemo.Engine.Endpoint;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>Bad input gets each protocol's error, and the server serves the next request; a bounded random-input run of the parsers and operations neither crashes nor hangs.</summary>
    public sealed class EndpointMalformedInputTests
    {
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Json(string url, string target, byte[] body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(SqsJsonProtocol.ContentType);
            request.Headers.Add("X-Amz-Target", target);
            var response = await Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
        }

        private static async Task<(HttpStatusCode Status, string Body)> Form(string url, byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(QueryForm.MediaType);
            using var response = await Http.PostAsync(url, content);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        private static string TypeOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("__type").GetString()!;

        private static string QueryCodeOf(string xml) => XDocument.Parse(xml).Descendants().Single(e => e.Name.LocalName == "Code").Value;

        private static async Task StillServes(string url)
        {
            var (status, body, _) = await Json(url, "AmazonSQS.ListQueues", Encoding.UTF8.GetBytes("{}"));
            Assert.True(status == HttpStatusCode.OK, body);
        }

        [Fact]
        public async Task Garbage_JSON_is_a_SerializationException_and_the_server_serves_on()
        {
            using var endpoint = new RunningEndpoint();
            var url = endpoint.Endpoint.Url;
            var (status, body, _) = await Json(url, "AmazonSQS.SendMessage", Encoding.UTF8.GetBytes("{\"QueueUrl\": [1, 2,"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("com.amazon.coral.service#SerializationException", TypeOf(body));
            (status, body, _) = await Json(url, "AmazonSQS.SendMessage", Encoding.UTF8.GetBytes("[\"not an object\"]"));
            Assert.Equal("com.amazon.coral.service#SerializationException", TypeOf(body));
            (status, body, _) = await Json(url, "AmazonSQS.SendMessage", Encoding.UTF8.GetBytes("{\"QueueUrl\": {\"nested\": true}}"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("com.amazonaws.sqs#InvalidParameterValue", TypeOf(body));
            await StillServes(url);
        }

        [Fact]
        public async Task Unknown_targets_and_operations_of_either_service_are_UnknownOperationException()
        {
            using var endpoint = new RunningEndpoint();
            var url = endpoint.Endpoint.Url;
            foreach (var target in new[] { "AmazonSQS.MakeCoffee", "DynamoDB_20120810.DescribeLimits", "Kinesis_20131202.PutRecord", "NoDotAtAll" })
            {
                var (status, body, response) = await Json(url, target, Encoding.UTF8.GetBytes("{}"));
                Assert.Equal(HttpStatusCode.BadRequest, status);
                Assert.Equal("com.amazon.coral.service#UnknownOperationException", TypeOf(body));
                response.Dispose();
            }
            await StillServes(url);
        }

        [Fact]
        public async Task A_DynamoDB_request_may_be_larger_than_an_SQS_one()
        {
            // 3 MiB: over SQS's bound (refused unread, 413), under DynamoDB's 16 MB (read, then refused as not JSON).
            using var endpoint = new RunningEndpoint();
            var body = new byte[3 * 1024 * 1024];
            for (var i = 0; i < body.Length; i++) body[i] = (byte)'x';
            var (sqsStatus, _, sqsResponse) = await Json(endpoint.Endpoint.Url, "AmazonSQS.SendMessage", body);
            sqsResponse.Dispose();
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sqsStatus);
            var (dynamoStatus, dynamoBody, dynamoResponse) = await Json(endpoint.Endpoint.Url, "DynamoDB_20120810.PutItem", body);
            dynamoResponse.Dispose();
            Assert.Equal(HttpStatusCode.BadRequest, dynamoStatus);
            Assert.Equal("com.amazon.coral.service#SerializationException", TypeOf(dynamoBody));
            await StillServes(endpoint.Endpoint.Url);
        }

        [Fact]
        public async Task An_SQS_error_carries_the_query_compatible_header()
        {
            using var endpoint = new RunningEndpoint();
            var (status, body, response) = await Json(endpoint.Endpoint.Url, "AmazonSQS.GetQueueUrl", Encoding.UTF8.GetBytes("{\"QueueName\":\"nowhere\"}"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("com.amazonaws.sqs#QueueDoesNotExist", TypeOf(body));
            Assert.Equal("AWS.SimpleQueueService.NonExistentQueue;Sender", response.Headers.GetValues("x-amzn-query-error").Single());
            response.Dispose();
        }

        [Fact]
        public async Task A_body_over_the_bound_is_refused_unread_in_each_protocol_and_the_server_serves_on()
        {
            using var endpoint = new RunningEndpoint();
            var url = endpoint.Endpoint.Url;
            var huge = new byte[RequestBody.MaxBytes + 1];
            Array.Fill(huge, (byte)'a');
            var (status, body, _) = await Json(url, "AmazonSQS.SendMessage", huge);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
            Assert.EndsWith("#RequestEntityTooLarge", TypeOf(body));
            var (formStatus, formBody) = await Form(url, huge);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, formStatus);
            Assert.Equal("RequestEntityTooLarge", QueryCodeOf(formBody));
            await StillServes(url);
        }

        [Theory]
        [InlineData("Action=SendMessage&Attribute.x.Name=a", "MalformedQueryString")]
        [InlineData("Action=ListQueues&Action=ListQueues", "MalformedQueryString")]
        [InlineData("Action=CreateQueue&QueueName=a&QueueName.b=c", "MalformedQueryString")]
        [InlineData("Action=CreateQueue&QueueName=a&Attribute.1.Value=1", "MalformedQueryString")]
        [InlineData("=x", "MalformedQueryString")]
        [InlineData("Action=Brew", "InvalidAction")]
        [InlineData("QueueName=a", "MissingAction")]
        public async Task A_bad_form_is_the_Query_protocols_error(string form, string code)
        {
            using var endpoint = new RunningEndpoint();
            var (status, body) = await Form(endpoint.Endpoint.Url, Encoding.UTF8.GetBytes(form));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(code, QueryCodeOf(body));
            await StillServes(endpoint.Endpoint.Url);
        }

        [Fact]
        public async Task A_form_that_is_not_UTF8_is_malformed()
        {
            using var endpoint = new RunningEndpoint();
            var (status, body) = await Form(endpoint.Endpoint.Url, new byte[] { (byte)'A', (byte)'=', 0xff, 0xfe });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("MalformedQueryString", QueryCodeOf(body));
        }

        /// <summary>
        /// Fixed-seed random input through the router (parsers and operations, no HTTP): every answer is a 200
        /// or the caller's error, none is a crash (an exception or an internal error), and the run ends in time.
        /// </summary>
        [Fact]
        public async Task Random_JSON_and_form_input_never_crashes_or_hangs()
        {
            using var endpoint = new RunningEndpoint();
            var router = new RequestRouter(endpoint.Endpoint.Sqs);
            var random = new Random(20261203);
            var seeds = new[]
            {
                "{\"QueueName\":\"fuzz\",\"Attributes\":{\"VisibilityTimeout\":\"5\"},\"tags\":{\"a\":\"b\"}}",
                "{\"QueueUrl\":\"http://127.0.0.1:1/000000000000/fuzz\",\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAE=\"}}}",
                "{\"QueueUrl\":\"http://127.0.0.1:1/000000000000/fuzz\",\"Entries\":[{\"Id\":\"1\",\"MessageBody\":\"m\"},{\"Id\":\"2\",\"ReceiptHandle\":\"h\",\"VisibilityTimeout\":3}]}",
                "{\"QueueUrl\":\"http://127.0.0.1:1/000000000000/fuzz\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":0,\"MessageAttributeNames\":[\"All\"]}",
                "Action=SendMessage&QueueUrl=http%3A%2F%2Fh%2F000000000000%2Ffuzz&MessageBody=x&MessageAttribute.1.Name=n&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=v",
                "Action=SendMessageBatch&QueueUrl=http%3A%2F%2Fh%2F000000000000%2Ffuzz&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=b",
                "Action=ReceiveMessage&QueueUrl=http%3A%2F%2Fh%2F000000000000%2Ffuzz&AttributeName.1=All&WaitTimeSeconds=0",
            };
            var operations = SqsOperationNames();
            await router.RouteAsync(JsonRequest("AmazonSQS.CreateQueue", Encoding.UTF8.GetBytes(seeds[0])), CancellationToken.None);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 3000; i++)
            {
                var seed = seeds[random.Next(seeds.Length)];
                var bytes = Mutate(Encoding.UTF8.GetBytes(seed), random);
                var request = seed.StartsWith("{", StringComparison.Ordinal)
                    ? JsonRequest("AmazonSQS." + operations[random.Next(operations.Length)], bytes)
                    : FormRequest(bytes);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var response = await router.RouteAsync(request, timeout.Token);
                Assert.True(response.Status == 200 || response.Status == 400, "input " + i + " (" + Encoding.UTF8.GetString(bytes) + ") answered " + response.Status + ": " + Encoding.UTF8.GetString(response.Body));
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "3,000 random inputs took " + clock.Elapsed);
        }

        private static string[] SqsOperationNames() => new[]
        {
            "CreateQueue", "GetQueueUrl", "ListQueues", "GetQueueAttributes", "SetQueueAttributes", "SendMessage", "SendMessageBatch",
            "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch",
            "ListDeadLetterSourceQueues", "ListMessageMoveTasks", "CancelMessageMoveTask", "TagQueue", "UntagQueue", "ListQueueTags",
        };

        private static EndpointRequest JsonRequest(string target, byte[] body)
        {
            var headers = new NameValueCollection { ["X-Amz-Target"] = target, ["Content-Type"] = SqsJsonProtocol.ContentType };
            return new EndpointRequest("POST", new Uri("http://127.0.0.1:1/"), headers, body);
        }

        private static EndpointRequest FormRequest(byte[] body)
        {
            var headers = new NameValueCollection { ["Content-Type"] = QueryForm.MediaType };
            return new EndpointRequest("POST", new Uri("http://127.0.0.1:1/"), headers, body);
        }

        /// <summary>A few random edits: flip, insert, delete or duplicate bytes, biased to the characters that structure JSON and forms.</summary>
        private static byte[] Mutate(byte[] input, Random random)
        {
            var bytes = input.ToList();
            const string structure = "{}[]\":,.&=%0123456789-";
            var edits = 1 + random.Next(6);
            for (var e = 0; e < edits && bytes.Count > 0; e++)
            {
                var at = random.Next(bytes.Count);
                byte pick() => random.Next(3) == 0 ? (byte)random.Next(256) : (byte)structure[random.Next(structure.Length)];
                switch (random.Next(4))
                {
                    case 0: bytes[at] = pick(); break;
                    case 1: bytes.Insert(at, pick()); break;
                    case 2: bytes.RemoveAt(at); break;
                    default: bytes.InsertRange(at, bytes.Skip(at).Take(random.Next(1, 12)).ToList()); break;
                }
            }
            return bytes.ToArray();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>The Query protocol as older SDKs speak it: form-encoded, SigV4-signed POSTs, XML answers read with XDocument.</summary>
    public sealed class EndpointQueryProtocolTests
    {
        private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        private static async Task<(HttpStatusCode Status, XDocument Xml)> Post(string url, string caller, params (string Name, string Value)[] parameters)
        {
            var form = string.Join("&", parameters.Concat(new[] { ("Version", "2012-11-05") })
                .Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
            var body = Encoding.UTF8.GetBytes(form);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
            SigV4.Sign(request, body, caller, "dummy", RunningEndpoint.Region, "sqs", DateTimeOffset.UtcNow);
            using var response = await Http.SendAsync(request);
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            return (response.StatusCode, XDocument.Parse(await response.Content.ReadAsStringAsync(), LoadOptions.PreserveWhitespace));
        }

        private static string Md5(byte[] data) => Convert.ToHexString(MD5.HashData(data)).ToLowerInvariant();

        [Fact]
        public async Task Send_receive_and_delete_over_the_Query_protocol_keep_bodies_and_attributes_byte_for_byte()
        {
            using var endpoint = new RunningEndpoint();
            var url = endpoint.Endpoint.Url;
            var (status, created) = await Post(url, "legacy-app", ("Action", "CreateQueue"), ("QueueName", "legacy"), ("Attribute.1.Name", "VisibilityTimeout"), ("Attribute.1.Value", "45"));
            Assert.Equal(HttpStatusCode.OK, status);
            var queue = created.Root!.Element(Sqs + "CreateQueueResult")!.Element(Sqs + "QueueUrl")!.Value;
            Assert.Equal(url + "/000000000000/legacy", queue);

            var body = "line one\r\nline two <&> \u00e9\u4e2d \U0001F600";
            var binary = new byte[] { 0, 1, 2, 0xfe, 0xff };
            var (_, sent) = await Post(url, "legacy-app", ("Action", "SendMessage"), ("QueueUrl", queue), ("MessageBody", body),
                ("MessageAttribute.1.Name", "blob"), ("MessageAttribute.1.Value.DataType", "Binary"), ("MessageAttribute.1.Value.BinaryValue", Convert.ToBase64String(binary)),
                ("MessageAttribute.2.Name", "kind"), ("MessageAttribute.2.Value.DataType", "String.custom"), ("MessageAttribute.2.Value.StringValue", "order"));
            var sendResult = sent.Root!.Element(Sqs + "SendMessageResult")!;
            Assert.Equal(Md5(Encoding.UTF8.GetBytes(body)), sendResult.Element(Sqs + "MD5OfMessageBody")!.Value);
            var messageId = sendResult.Element(Sqs + "MessageId")!.Value;

            // Old clients post to the queue URL itself, without a QueueUrl parameter.
            var (_, received) = await Post(queue, "legacy-worker", ("Action", "ReceiveMessage"), ("AttributeName.1", "All"), ("MessageAttributeName.1", "All"), ("WaitTimeSeconds", "20"));
            var message = received.Root!.Element(Sqs + "ReceiveMessageResult")!.Element(Sqs + "Message")!;
            Assert.Equal(messageId, message.Element(Sqs + "MessageId")!.Value);
            Assert.Equal(body, message.Element(Sqs + "Body")!.Value);
            Assert.Equal(sendResult.Element(Sqs + "MD5OfMessageAttributes")!.Value, message.Element(Sqs + "MD5OfMessageAttributes")!.Value);
            var attributes = message.Elements(Sqs + "MessageAttribute").ToDictionary(a => a.Element(Sqs + "Name")!.Value, a => a.Element(Sqs + "Value")!);
            Assert.Equal(binary, Convert.FromBase64String(attributes["blob"].Element(Sqs + "BinaryValue")!.Value));
            Assert.Equal("String.custom", attributes["kind"].Element(Sqs + "DataType")!.Value);
            var system = message.Elements(Sqs + "Attribute").ToDictionary(a => a.Element(Sqs + "Name")!.Value, a => a.Element(Sqs + "Value")!.Value);
            Assert.Equal("1", system["ApproximateReceiveCount"]);

            var (deleteStatus, deleted) = await Post(url, "legacy-worker", ("Action", "DeleteMessage"), ("QueueUrl", queue), ("ReceiptHandle", message.Element(Sqs + "ReceiptHandle")!.Value));
            Assert.Equal(HttpStatusCode.OK, deleteStatus);
            Assert.NotEmpty(deleted.Root!.Element(Sqs + "ResponseMetadata")!.Element(Sqs + "RequestId")!.Value);

            var journal = endpoint.Run.Journal.Snapshot();
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Sent && e.MessageId == messageId && e.Actor == "legacy-app");
            Assert.Contains(journal, e => e.Kind == JournalEventKind.Deleted && e.MessageId == messageId && e.Actor == "legacy-worker");
        }

        [Fact]
        public async Task A_missing_queue_is_an_ErrorResponse_with_the_Query_code_the_SDKs_map_to_QueueDoesNotExist()
        {
            using var endpoint = new RunningEndpoint();
            var (status, error) = await Post(endpoint.Endpoint.Url, "legacy-app", ("Action", "GetQueueUrl"), ("QueueName", "nowhere"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("ErrorResponse", error.Root!.Name.LocalName);
            var details = error.Root.Element(Sqs + "Error")!;
            Assert.Equal("Sender", details.Element(Sqs + "Type")!.Value);
            Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", details.Element(Sqs + "Code")!.Value);
            Assert.Equal("The specified queue does not exist.", details.Element(Sqs + "Message")!.Value);
            Assert.NotEmpty(error.Root.Element(Sqs + "RequestId")!.Value);
        }

        [Fact]
        public async Task Batches_and_tags_come_back_flattened_under_SQS_element_names()
        {
            using var endpoint = new RunningEndpoint();
            var url = endpoint.Endpoint.Url;
            var (_, created) = await Post(url, "legacy-app", ("Action", "CreateQueue"), ("QueueName", "tagged"), ("Tag.1.Key", "team"), ("Tag.1.Value", "payments"));
            var queue = created.Root!.Descendants(Sqs + "QueueUrl").Single().Value;
            var (_, batch) = await Post(url, "legacy-app", ("Action", "SendMessageBatch"), ("QueueUrl", queue),
                ("SendMessageBatchRequestEntry.1.Id", "a"), ("SendMessageBatchRequestEntry.1.MessageBody", "one"),
                ("SendMessageBatchRequestEntry.2.Id", "b"), ("SendMessageBatchRequestEntry.2.MessageBody", ""));
            var result = batch.Root!.Element(Sqs + "SendMessageBatchResult")!;
            Assert.Equal("a", result.Element(Sqs + "SendMessageBatchResultEntry")!.Element(Sqs + "Id")!.Value);
            var failed = result.Element(Sqs + "BatchResultErrorEntry")!;
            Assert.Equal("b", failed.Element(Sqs + "Id")!.Value);
            Assert.Equal("true", failed.Element(Sqs + "SenderFault")!.Value);

            var (_, tags) = await Post(url, "legacy-app", ("Action", "ListQueueTags"), ("QueueUrl", queue));
            var tag = tags.Root!.Element(Sqs + "ListQueueTagsResult")!.Element(Sqs + "Tag")!;
            Assert.Equal(("team", "payments"), (tag.Element(Sqs + "Key")!.Value, tag.Element(Sqs + "Value")!.Value));
        }
    }
}

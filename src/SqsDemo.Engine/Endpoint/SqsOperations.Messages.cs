using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Endpoint
{
    internal static partial class SqsOperations
    {
        private const string AwsTraceHeader = "AWSTraceHeader";

        private static async Task<JsonObject> SendMessage(SqsCall call)
        {
            var input = call.Input;
            var request = new SendMessageRequest
            {
                QueueUrl = call.QueueUrl,
                MessageBody = input.Text("MessageBody") ?? "",
                DelaySeconds = input.Int("DelaySeconds"),
                MessageAttributes = input.MessageAttributes("MessageAttributes"),
                MessageGroupId = input.Text("MessageGroupId"),
                MessageDeduplicationId = input.Text("MessageDeduplicationId"),
                AwsTraceHeader = TraceHeaderOf(input),
            };
            var sent = await call.Broker.SendMessageAsync(request, call.CancellationToken).ConfigureAwait(false);
            return Sent(new JsonObject(), sent.MessageId, sent.MD5OfMessageBody, sent.MD5OfMessageAttributes, sent.MD5OfMessageSystemAttributes, sent.SequenceNumber);
        }

        private static async Task<JsonObject> SendMessageBatch(SqsCall call)
        {
            var url = call.QueueUrl;
            var entries = call.Input.Objects("Entries").Select(e => new SendMessageBatchRequestEntry
            {
                Id = e.Text("Id") ?? "",
                MessageBody = e.Text("MessageBody") ?? "",
                DelaySeconds = e.Int("DelaySeconds"),
                MessageAttributes = e.MessageAttributes("MessageAttributes"),
                MessageGroupId = e.Text("MessageGroupId"),
                MessageDeduplicationId = e.Text("MessageDeduplicationId"),
                AwsTraceHeader = TraceHeaderOf(e),
            }).ToList();
            var result = await call.Broker.SendMessageBatchAsync(url, entries, call.CancellationToken).ConfigureAwait(false);
            var successful = new JsonArray();
            foreach (var ok in result.Successful)
                successful.Add(Sent(new JsonObject { ["Id"] = ok.Id }, ok.MessageId, ok.MD5OfMessageBody, ok.MD5OfMessageAttributes, ok.MD5OfMessageSystemAttributes, ok.SequenceNumber));
            return new JsonObject { ["Successful"] = successful, ["Failed"] = Failures(result.Failed) };
        }

        private static async Task<JsonObject> DeleteMessage(SqsCall call)
        {
            await call.Broker.DeleteMessageAsync(call.QueueUrl, call.Input.Required("ReceiptHandle"), call.CancellationToken).ConfigureAwait(false);
            return Empty();
        }

        private static async Task<JsonObject> DeleteMessageBatch(SqsCall call)
        {
            var url = call.QueueUrl;
            var entries = call.Input.Objects("Entries")
                .Select(e => new DeleteMessageBatchRequestEntry { Id = e.Text("Id") ?? "", ReceiptHandle = e.Text("ReceiptHandle") ?? "" }).ToList();
            return BatchAnswer(await call.Broker.DeleteMessageBatchAsync(url, entries, call.CancellationToken).ConfigureAwait(false));
        }

        private static async Task<JsonObject> ChangeMessageVisibility(SqsCall call)
        {
            var visibility = call.Input.Int("VisibilityTimeout") ?? throw Broker.Embedded.SqsErrors.MissingParameter("VisibilityTimeout");
            await call.Broker.ChangeMessageVisibilityAsync(call.QueueUrl, call.Input.Required("ReceiptHandle"), visibility, call.CancellationToken).ConfigureAwait(false);
            return Empty();
        }

        private static async Task<JsonObject> ChangeMessageVisibilityBatch(SqsCall call)
        {
            var url = call.QueueUrl;
            var entries = call.Input.Objects("Entries").Select(e => new ChangeMessageVisibilityBatchRequestEntry
            {
                Id = e.Text("Id") ?? "",
                ReceiptHandle = e.Text("ReceiptHandle") ?? "",
                VisibilityTimeout = e.Int("VisibilityTimeout") ?? 0,
            }).ToList();
            return BatchAnswer(await call.Broker.ChangeMessageVisibilityBatchAsync(url, entries, call.CancellationToken).ConfigureAwait(false));
        }

        private static string? TraceHeaderOf(SqsInput input) =>
            input.Object("MessageSystemAttributes") is JsonObject system && system[AwsTraceHeader] is JsonObject trace
                ? new SqsInput(trace).Text("StringValue")
                : null;

        private static JsonObject Sent(JsonObject answer, string messageId, string md5OfBody, string? md5OfAttributes, string? md5OfSystemAttributes, string? sequenceNumber)
        {
            answer["MessageId"] = messageId;
            answer["MD5OfMessageBody"] = md5OfBody;
            if (md5OfAttributes != null) answer["MD5OfMessageAttributes"] = md5OfAttributes;
            if (md5OfSystemAttributes != null) answer["MD5OfMessageSystemAttributes"] = md5OfSystemAttributes;
            if (sequenceNumber != null) answer["SequenceNumber"] = sequenceNumber;
            return answer;
        }

        private static JsonObject BatchAnswer(BatchResult result)
        {
            var successful = new JsonArray();
            foreach (var id in result.Successful) successful.Add(new JsonObject { ["Id"] = id });
            return new JsonObject { ["Successful"] = successful, ["Failed"] = Failures(result.Failed) };
        }

        private static JsonArray Failures(IEnumerable<BatchResultErrorEntry> failed)
        {
            var array = new JsonArray();
            foreach (var f in failed)
            {
                var wire = WireError.From(new SqsException(f.Code, f.Message, f.SenderFault));
                array.Add(new JsonObject { ["Id"] = f.Id, ["SenderFault"] = f.SenderFault, ["Code"] = wire.QueryCode, ["Message"] = f.Message });
            }
            return array;
        }
    }
}

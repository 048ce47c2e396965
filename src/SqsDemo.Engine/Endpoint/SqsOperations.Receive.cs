using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;

namespace SqsDemo.Engine.Endpoint
{
    internal static partial class SqsOperations
    {
        /// <summary>
        /// ReceiveMessage. The wait is the broker's: on the run's scaled clock, so a 20 s long poll at x20
        /// answers in about a second of wall time. System attributes come back as asked by AttributeNames
        /// (the old name) and MessageSystemAttributeNames; message attributes as asked by MessageAttributeNames.
        /// </summary>
        private static async Task<JsonObject> ReceiveMessage(SqsCall call)
        {
            var input = call.Input;
            var request = new ReceiveMessageRequest
            {
                QueueUrl = call.QueueUrl,
                MaxNumberOfMessages = input.Int("MaxNumberOfMessages") ?? 1,
                WaitTimeSeconds = input.Int("WaitTimeSeconds"),
                VisibilityTimeout = input.Int("VisibilityTimeout"),
                ReceiveRequestAttemptId = input.Text("ReceiveRequestAttemptId"),
            };
            var systemNames = new HashSet<string>(input.Strings("AttributeNames").Concat(input.Strings("MessageSystemAttributeNames")), StringComparer.Ordinal);
            var attributeNames = input.Strings("MessageAttributeNames");
            var messages = await call.Broker.ReceiveMessageAsync(request, call.CancellationToken).ConfigureAwait(false);
            var result = new JsonObject();
            if (messages.Count == 0) return result;
            var array = new JsonArray();
            foreach (var message in messages) array.Add(Received(message, systemNames, attributeNames, call.Time));
            result["Messages"] = array;
            return result;
        }

        private static JsonObject Received(Message message, HashSet<string> systemNames, IReadOnlyList<string> attributeNames, CallerTime time)
        {
            var answer = new JsonObject
            {
                ["MessageId"] = message.MessageId,
                ["ReceiptHandle"] = message.ReceiptHandle,
                ["MD5OfBody"] = message.MD5OfBody,
                ["Body"] = message.Body,
            };
            var system = SystemAttributes(message, systemNames, time);
            if (system.Count > 0) answer["Attributes"] = system;
            // Most messages carry no attributes: no filtering (and its allocations) for them.
            var chosen = message.MessageAttributes.Count == 0 || attributeNames.Count == 0
                ? NoAttributes
                : message.MessageAttributes.Where(a => Wanted(a.Key, attributeNames)).ToList();
            if (chosen.Count > 0)
            {
                var attributes = new JsonObject();
                foreach (var pair in chosen) attributes[pair.Key] = AttributeValue(pair.Value);
                answer["MessageAttributes"] = attributes;
                // The SDKs check the digest against the attributes they got: a subset needs its own.
                answer["MD5OfMessageAttributes"] = chosen.Count == message.MessageAttributes.Count && message.MD5OfMessageAttributes != null
                    ? message.MD5OfMessageAttributes
                    : MessageAttributeDigest.Of(chosen).ToHex();
            }
            else if (message.MD5OfMessageAttributes != null) answer["MD5OfMessageAttributes"] = message.MD5OfMessageAttributes;
            return answer;
        }

        private static readonly List<KeyValuePair<string, MessageAttributeValue>> NoAttributes = new List<KeyValuePair<string, MessageAttributeValue>>();

        private static JsonObject AttributeValue(MessageAttributeValue value)
        {
            var answer = new JsonObject { ["DataType"] = value.DataType };
            if (value.BinaryValue != null) answer["BinaryValue"] = Convert.ToBase64String(value.BinaryValue);
            else answer["StringValue"] = value.StringValue;
            return answer;
        }

        /// <summary>"All" and ".*" ask for every attribute, "name.*" for those under a prefix, anything else names one.</summary>
        private static bool Wanted(string name, IReadOnlyList<string> asked)
        {
            foreach (var pattern in asked)
            {
                if (pattern == "All" || pattern == ".*" || pattern == name) return true;
                if (pattern.EndsWith(".*", StringComparison.Ordinal) && name.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal)) return true;
            }
            return false;
        }

        private static JsonObject SystemAttributes(Message message, HashSet<string> asked, CallerTime time)
        {
            var all = asked.Contains("All");
            var answer = new JsonObject();
            void Add(string name, string? value)
            {
                if (value != null && (all || asked.Contains(name))) answer[name] = value;
            }
            Add("SenderId", message.SenderId);
            Add("SentTimestamp", EpochMilliseconds(time.Of(message.SentTimestamp)));
            Add("ApproximateReceiveCount", message.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture));
            Add("ApproximateFirstReceiveTimestamp", message.ApproximateFirstReceiveTimestamp is DateTimeOffset first ? EpochMilliseconds(time.Of(first)) : null);
            Add("SequenceNumber", message.SequenceNumber);
            Add("MessageDeduplicationId", message.MessageDeduplicationId);
            Add("MessageGroupId", message.MessageGroupId);
            Add(AwsTraceHeader, message.AwsTraceHeader);
            Add("DeadLetterQueueSourceArn", message.DeadLetterQueueSourceArn);
            return answer;
        }

        private static string EpochMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Sdk = Amazon.SQS.Model;

namespace SqsDemo.Engine.Broker.Aws
{
    /// <summary>Conversions between the engine's SQS model and the AWS SDK's (v4: collections may be null).</summary>
    internal static class AwsModel
    {
        /// <summary>The message system attributes every receive asks for.</summary>
        public static readonly IReadOnlyList<string> SystemAttributeNames = new[]
        {
            "SentTimestamp",
            "ApproximateReceiveCount",
            "ApproximateFirstReceiveTimestamp",
            "MessageGroupId",
            "MessageDeduplicationId",
            "SequenceNumber",
            "DeadLetterQueueSourceArn",
            "SenderId",
            "AWSTraceHeader",
        };

        /// <summary>MessageSystemAttributes of a send: AWSTraceHeader is the only one a sender may set.</summary>
        public static Dictionary<string, Sdk.MessageSystemAttributeValue>? SystemAttributes(string? awsTraceHeader) =>
            awsTraceHeader == null ? null : new Dictionary<string, Sdk.MessageSystemAttributeValue>(StringComparer.Ordinal)
            {
                ["AWSTraceHeader"] = new Sdk.MessageSystemAttributeValue { DataType = "String", StringValue = awsTraceHeader },
            };

        public static Dictionary<string, Sdk.MessageAttributeValue>? ToSdk(IDictionary<string, MessageAttributeValue>? attributes)
        {
            if (attributes == null || attributes.Count == 0) return null;
            var result = new Dictionary<string, Sdk.MessageAttributeValue>(attributes.Count, StringComparer.Ordinal);
            foreach (var pair in attributes)
            {
                var value = pair.Value ?? new MessageAttributeValue();
                result[pair.Key] = new Sdk.MessageAttributeValue
                {
                    DataType = value.DataType,
                    StringValue = value.StringValue,
                    BinaryValue = value.BinaryValue != null ? new MemoryStream(value.BinaryValue, writable: false) : null,
                };
            }
            return result;
        }

        public static IReadOnlyDictionary<string, MessageAttributeValue> FromSdk(Dictionary<string, Sdk.MessageAttributeValue>? attributes)
        {
            var result = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
            if (attributes == null) return result;
            foreach (var pair in attributes)
            {
                var value = pair.Value;
                if (value == null) continue;
                result[pair.Key] = new MessageAttributeValue
                {
                    DataType = value.DataType ?? "String",
                    StringValue = value.StringValue,
                    BinaryValue = value.BinaryValue?.ToArray(),
                };
            }
            return result;
        }

        public static Sdk.SendMessageBatchRequestEntry ToSdk(SendMessageBatchRequestEntry entry) => new Sdk.SendMessageBatchRequestEntry
        {
            Id = entry.Id,
            MessageBody = entry.MessageBody,
            DelaySeconds = entry.DelaySeconds,
            MessageAttributes = ToSdk(entry.MessageAttributes),
            MessageGroupId = NullIfEmpty(entry.MessageGroupId),
            MessageDeduplicationId = NullIfEmpty(entry.MessageDeduplicationId),
            MessageSystemAttributes = SystemAttributes(entry.AwsTraceHeader),
        };

        public static BatchResultErrorEntry FromSdk(Sdk.BatchResultErrorEntry entry) => new BatchResultErrorEntry
        {
            Id = entry.Id ?? "",
            Code = AwsErrors.NormalizeCode(entry.Code),
            Message = entry.Message ?? "",
            SenderFault = entry.SenderFault ?? true,
        };

        public static Message FromSdk(Sdk.Message message)
        {
            var system = message.Attributes;
            return new Message
            {
                MessageId = message.MessageId ?? "",
                ReceiptHandle = message.ReceiptHandle ?? "",
                Body = message.Body ?? "",
                MD5OfBody = message.MD5OfBody ?? "",
                MD5OfMessageAttributes = NullIfEmpty(message.MD5OfMessageAttributes),
                SentTimestamp = Timestamp(system, "SentTimestamp") ?? default,
                SenderId = Text(system, "SenderId"),
                AwsTraceHeader = Text(system, "AWSTraceHeader"),
                ApproximateReceiveCount = (int)(Number(system, "ApproximateReceiveCount") ?? 0),
                ApproximateFirstReceiveTimestamp = Timestamp(system, "ApproximateFirstReceiveTimestamp"),
                MessageGroupId = Text(system, "MessageGroupId"),
                MessageDeduplicationId = Text(system, "MessageDeduplicationId"),
                SequenceNumber = Text(system, "SequenceNumber"),
                DeadLetterQueueSourceArn = Text(system, "DeadLetterQueueSourceArn"),
                MessageAttributes = FromSdk(message.MessageAttributes),
            };
        }

        /// <summary>SQS reports timestamps as epoch milliseconds.</summary>
        public static DateTimeOffset? Timestamp(IReadOnlyDictionary<string, string>? attributes, string name)
        {
            var millis = Number(attributes, name);
            if (millis == null) return null;
            var clamped = Math.Max(0, Math.Min(millis.Value, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
            return DateTimeOffset.FromUnixTimeMilliseconds(clamped);
        }

        private static long? Number(IReadOnlyDictionary<string, string>? attributes, string name)
        {
            var text = Text(attributes, name);
            if (text == null) return null;
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)) return whole;
            // Some emulators write fractional numbers (e.g. "1700000000000.0").
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !double.IsNaN(real) && !double.IsInfinity(real)
                ? (long)real
                : (long?)null;
        }

        private static string? Text(IReadOnlyDictionary<string, string>? attributes, string name) =>
            attributes != null && attributes.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

        public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        /// <summary>A ListMessageMoveTasks entry; StartedTimestamp is epoch milliseconds.</summary>
        public static MessageMoveTask FromSdk(Sdk.ListMessageMoveTasksResultEntry entry) => new MessageMoveTask
        {
            TaskHandle = NullIfEmpty(entry.TaskHandle),
            Status = entry.Status ?? "",
            SourceArn = entry.SourceArn ?? "",
            DestinationArn = NullIfEmpty(entry.DestinationArn),
            MaxNumberOfMessagesPerSecond = entry.MaxNumberOfMessagesPerSecond,
            ApproximateNumberOfMessagesMoved = entry.ApproximateNumberOfMessagesMoved ?? 0,
            ApproximateNumberOfMessagesToMove = entry.ApproximateNumberOfMessagesToMove,
            FailureReason = NullIfEmpty(entry.FailureReason),
            StartedTimestamp = entry.StartedTimestamp is long millis ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : default,
        };
    }
}

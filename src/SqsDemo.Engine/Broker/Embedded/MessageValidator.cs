using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>A send request that passed validation: what the queue will store, and its size.</summary>
    internal sealed class PreparedMessage
    {
        public PreparedMessage(byte[] body, MessageDigest digest, KeyValuePair<string, MessageAttributeValue>[]? attributes, string? groupId, string? deduplicationId, int? delaySeconds, int size,
            string? awsTraceHeader = null)
        {
            Body = body;
            Digest = digest;
            Attributes = attributes;
            AttributesDigest = attributes == null ? default : MessageAttributeDigest.Of(attributes);
            AwsTraceHeader = awsTraceHeader;

            GroupId = groupId;
            DeduplicationId = deduplicationId;
            DelaySeconds = delaySeconds;
            Size = size;
        }

        /// <summary>The body's UTF-8 bytes: the array the queue keeps.</summary>
        public byte[] Body { get; }
        public MessageDigest Digest { get; }
        public KeyValuePair<string, MessageAttributeValue>[]? Attributes { get; }
        /// <summary>MD5OfMessageAttributes, when there are attributes.</summary>
        public MessageDigest AttributesDigest { get; }
        public string? AwsTraceHeader { get; }
        /// <summary>MD5OfMessageSystemAttributes (hex), when AWSTraceHeader was sent: computed when asked (once per send).</summary>
        public string? SystemAttributesDigestHex => AwsTraceHeader == null ? null : MessageAttributeDigest.Of(new[]
        {
            new KeyValuePair<string, MessageAttributeValue>(MessageValidator.AwsTraceHeaderName, new MessageAttributeValue { DataType = "String", StringValue = AwsTraceHeader }),
        }).ToHex();
        public string? GroupId { get; }
        /// <summary>FIFO: the explicit MessageDeduplicationId, else the SHA-256 (hex) of the body; null on standard queues.</summary>
        public string? DeduplicationId { get; }
        /// <summary>The per-message delay, or null for the queue's.</summary>
        public int? DelaySeconds { get; }
        public int Size { get; }
    }

    /// <summary>Checks message bodies and attributes as SQS does: XML-legal characters, sizes, attribute rules.</summary>
    internal static class MessageValidator
    {
        /// <summary>The only message system attribute a sender may set.</summary>
        public const string AwsTraceHeaderName = "AWSTraceHeader";

        private static readonly Regex AttributeNamePattern = new Regex("^[A-Za-z0-9_.-]{1,256}$", RegexOptions.CultureInvariant);
        private static readonly Regex NumberPattern = new Regex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant);
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        /// <summary>UTF-8 size of the body plus every attribute's name, type and value: what counts against the size limits.</summary>
        public static long SizeOf(string? body, IDictionary<string, MessageAttributeValue>? attributes, byte[]? bodyUtf8 = null)
        {
            long size = bodyUtf8 != null ? bodyUtf8.Length : body == null ? 0 : Utf8.GetByteCount(body);
            if (attributes == null) return size;
            foreach (var pair in attributes)
            {
                size += pair.Key == null ? 0 : Utf8.GetByteCount(pair.Key);
                var value = pair.Value;
                if (value == null) continue;
                size += value.DataType == null ? 0 : Utf8.GetByteCount(value.DataType);
                if (value.StringValue != null) size += Utf8.GetByteCount(value.StringValue);
                if (value.BinaryValue != null) size += value.BinaryValue.Length;
            }
            return size;
        }

        /// <summary>
        /// Validates a send and returns what to store; throws the SQS error otherwise. FIFO: MessageGroupId
        /// is required (MissingParameter, or InvalidParameterValue for a <paramref name="batchEntry"/>), a
        /// deduplication id is explicit or content based, and only the queue's delay applies.
        /// </summary>
        public static PreparedMessage Prepare(string? body, int? delaySeconds, IDictionary<string, MessageAttributeValue>? attributes,
            string? groupId, string? deduplicationId, QueueSettings settings, bool batchEntry = false, string? awsTraceHeader = null, byte[]? bodyUtf8 = null)
        {
            if (bodyUtf8 != null ? bodyUtf8.Length == 0 : string.IsNullOrEmpty(body)) throw SqsErrors.MissingParameter("MessageBody");
            byte[] utf8;
            if (bodyUtf8 != null)
            {
                Utf8Body.Check(bodyUtf8);
                utf8 = bodyUtf8;
            }
            else utf8 = Utf8Body.FromText(body!);
            if (delaySeconds is int delay && (delay < 0 || delay > SqsLimits.MaxDelaySeconds))
                throw SqsErrors.ParameterOutOfRange("DelaySeconds", delay, 0, SqsLimits.MaxDelaySeconds);
            if (settings.IsFifo)
            {
                if (delaySeconds is int fifoDelay && fifoDelay != 0) throw SqsErrors.PerMessageDelayOnFifo(fifoDelay);
                if (groupId == null) throw SqsErrors.MissingMessageGroupId(batchEntry);
                if (!IsFifoToken(groupId)) throw SqsErrors.InvalidFifoToken("MessageGroupId", groupId);
                if (deduplicationId != null && !IsFifoToken(deduplicationId)) throw SqsErrors.InvalidFifoToken("MessageDeduplicationId", deduplicationId);
                if (deduplicationId == null && !settings.ContentBasedDeduplication) throw SqsErrors.NoDeduplicationId();
            }
            else
            {
                if (deduplicationId != null) throw SqsErrors.ParameterNotForQueueType("MessageDeduplicationId");
                if (groupId != null && (groupId.Length == 0 || groupId.Length > 128))
                    throw SqsErrors.InvalidParameter("Value " + groupId + " for parameter MessageGroupId is invalid. Reason: MessageGroupId must be 1 to 128 characters.");
            }
            var copied = CopyAttributes(attributes);
            var length = utf8.Length;
            var size = (long)length + SizeOf(null, attributes);
            if (size > settings.MaximumMessageSize) throw SqsErrors.MessageTooLong(settings.MaximumMessageSize);
            var dedup = settings.IsFifo ? deduplicationId ?? ContentDeduplicationId(utf8, length) : null;
            if (awsTraceHeader != null && (awsTraceHeader.Length == 0 || FirstInvalidCharacter(awsTraceHeader) >= 0))
                throw SqsErrors.InvalidParameter("Message system attribute '" + AwsTraceHeaderName + "' must contain a non-empty value of type 'String' of valid characters.");
            return new PreparedMessage(utf8, MessageDigest.Of(utf8, length), copied, groupId, dedup, settings.IsFifo ? null : delaySeconds, (int)size, awsTraceHeader);
        }

        /// <summary>FIFO identifiers (group, deduplication and receive-attempt ids): 1-128 of alphanumeric and punctuation characters.</summary>
        public static bool IsFifoToken(string? value)
        {
            if (value == null || value.Length == 0 || value.Length > 128) return false;
            foreach (var c in value)
                if (c < 0x21 || c > 0x7E) return false;
            return true;
        }

        /// <summary>Content-based deduplication: the SHA-256 of the body only (not the attributes), lower-case hex.</summary>
        private static string ContentDeduplicationId(byte[] utf8Body, int length)
        {
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(utf8Body, 0, length);
                var text = new StringBuilder(hash.Length * 2);
                foreach (var b in hash) text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                return text.ToString();
            }
        }

        /// <summary>The first character (code point) outside #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF, or -1.</summary>
        public static int FirstInvalidCharacter(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) continue;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return c;
            }
            return -1;
        }

        private static KeyValuePair<string, MessageAttributeValue>[]? CopyAttributes(IDictionary<string, MessageAttributeValue>? attributes)
        {
            if (attributes == null || attributes.Count == 0) return null;
            if (attributes.Count > SqsLimits.MaxMessageAttributes) throw SqsErrors.TooManyMessageAttributes(attributes.Count);
            var copy = new KeyValuePair<string, MessageAttributeValue>[attributes.Count];
            var i = 0;
            foreach (var pair in attributes)
            {
                ValidateAttribute(pair.Key, pair.Value);
                copy[i++] = new KeyValuePair<string, MessageAttributeValue>(pair.Key, new MessageAttributeValue
                {
                    DataType = pair.Value.DataType,
                    StringValue = pair.Value.StringValue,
                    BinaryValue = pair.Value.BinaryValue == null ? null : (byte[])pair.Value.BinaryValue.Clone(),
                });
            }
            return copy;
        }

        private static void ValidateAttribute(string name, MessageAttributeValue? value)
        {
            if (string.IsNullOrEmpty(name) || !AttributeNamePattern.IsMatch(name) || name.StartsWith(".", StringComparison.Ordinal)
                || name.EndsWith(".", StringComparison.Ordinal) || name.Contains("..")
                || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
                throw SqsErrors.InvalidParameter("Message (user) attribute name '" + name + "' is invalid. A name is 1-256 characters of letters, digits, '_', '-' and '.', must not start or end with a period, contain two periods in a row, or start with 'AWS.' or 'Amazon.'.");
            if (value == null || string.IsNullOrEmpty(value.DataType))
                throw SqsErrors.InvalidParameter("The message attribute '" + name + "' must contain non-empty message attribute type.");
            var type = value.DataType;
            var baseType = type.Split(new[] { '.' }, 2)[0];
            if ((baseType != "String" && baseType != "Number" && baseType != "Binary") || type.Length > 256 || (type.Length > baseType.Length && type.Length == baseType.Length + 1))
                throw SqsErrors.InvalidParameter("The type of message (user) attribute '" + name + "' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
            if (baseType == "Binary")
            {
                if (value.BinaryValue == null || value.BinaryValue.Length == 0)
                    throw SqsErrors.InvalidParameter("The message attribute '" + name + "' with type 'Binary' must use field 'Binary'.");
                return;
            }
            if (value.StringValue != null && value.StringValue.Length == 0) throw SqsErrors.EmptyAttributeValue(name, baseType);
            if (value.StringValue == null)
                throw SqsErrors.InvalidParameter("The message attribute '" + name + "' with type '" + baseType + "' must use field 'String'.");
            if (FirstInvalidCharacter(value.StringValue!) >= 0)
                throw SqsErrors.InvalidParameter("Message (user) attribute '" + name + "' value contains invalid characters.");
            if (baseType == "Number" && !NumberPattern.IsMatch(value.StringValue!))
                throw SqsErrors.InvalidParameter("Can't cast the value of message (user) attribute '" + name + "' to a number.");
        }
    }
}

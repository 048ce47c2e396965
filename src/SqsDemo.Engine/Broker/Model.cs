using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker
{
    /// <summary>A typed message attribute: DataType is String, Number or Binary (optionally with a ".custom" suffix).</summary>
    public sealed class MessageAttributeValue
    {
        public string DataType { get; set; } = "String";
        public string? StringValue { get; set; }
        public byte[]? BinaryValue { get; set; }
    }

    public sealed class SendMessageRequest
    {
        public string QueueUrl { get; set; } = "";
        public string MessageBody { get; set; } = "";
        /// <summary>
        /// The body as UTF-8 bytes, for a caller that has them (an HTTP endpoint): used instead of
        /// <see cref="MessageBody"/>. The embedded broker keeps this very array, so the caller must not change it after the send.
        /// </summary>
        public byte[]? MessageBodyUtf8 { get; set; }
        /// <summary>Per-message delay (standard queues only); null means the queue's DelaySeconds.</summary>
        public int? DelaySeconds { get; set; }
        public IDictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }
        public string? MessageGroupId { get; set; }
        public string? MessageDeduplicationId { get; set; }
        /// <summary>The AWSTraceHeader message system attribute (an X-Ray trace header), returned on receive; it does not count toward the size limit.</summary>
        public string? AwsTraceHeader { get; set; }
    }

    public sealed class SendMessageBatchRequestEntry
    {
        public string Id { get; set; } = "";
        public string MessageBody { get; set; } = "";
        /// <summary>
        /// The body as UTF-8 bytes, for a caller that has them (an HTTP endpoint): used instead of
        /// <see cref="MessageBody"/>. The embedded broker keeps this very array, so the caller must not change it after the send.
        /// </summary>
        public byte[]? MessageBodyUtf8 { get; set; }
        public int? DelaySeconds { get; set; }
        public IDictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }
        public string? MessageGroupId { get; set; }
        public string? MessageDeduplicationId { get; set; }
        /// <summary>The AWSTraceHeader message system attribute.</summary>
        public string? AwsTraceHeader { get; set; }
    }

    public sealed class SendMessageResult
    {
        public string MessageId { get; set; } = "";
        public string MD5OfMessageBody { get; set; } = "";
        /// <summary>MD5 of the message attributes in SQS's encoding (see docs/sqs-rules.md, "Sending"); null without attributes.</summary>
        public string? MD5OfMessageAttributes { get; set; }
        /// <summary>MD5 of the message system attributes (AWSTraceHeader), same encoding; null without them.</summary>
        public string? MD5OfMessageSystemAttributes { get; set; }
        /// <summary>FIFO queues only.</summary>
        public string? SequenceNumber { get; set; }
    }

    public sealed class SendMessageBatchResultEntry
    {
        public string Id { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string MD5OfMessageBody { get; set; } = "";
        public string? MD5OfMessageAttributes { get; set; }
        public string? MD5OfMessageSystemAttributes { get; set; }
        public string? SequenceNumber { get; set; }
    }

    /// <summary>One failed entry of a batch call, as SQS reports it.</summary>
    public sealed class BatchResultErrorEntry
    {
        public string Id { get; set; } = "";
        public string Code { get; set; } = "";
        public string Message { get; set; } = "";
        public bool SenderFault { get; set; } = true;
    }

    public sealed class SendMessageBatchResult
    {
        public List<SendMessageBatchResultEntry> Successful { get; } = new List<SendMessageBatchResultEntry>();
        public List<BatchResultErrorEntry> Failed { get; } = new List<BatchResultErrorEntry>();
    }

    public sealed class ReceiveMessageRequest
    {
        public string QueueUrl { get; set; } = "";
        /// <summary>1-10.</summary>
        public int MaxNumberOfMessages { get; set; } = 1;
        /// <summary>0-20; null means the queue's ReceiveMessageWaitTimeSeconds.</summary>
        public int? WaitTimeSeconds { get; set; }
        /// <summary>0-43,200; null means the queue's VisibilityTimeout.</summary>
        public int? VisibilityTimeout { get; set; }
        /// <summary>FIFO only: a retried receive with the same id returns the same messages.</summary>
        public string? ReceiveRequestAttemptId { get; set; }
    }

    /// <summary>A received message with the system attributes SQS reports.</summary>
    public sealed class Message
    {
        public string MessageId { get; set; } = "";
        public string ReceiptHandle { get; set; } = "";

        private string? _body;
        private byte[]? _bodyUtf8;

        /// <summary>The body; from the embedded broker decoded from its UTF-8 bytes on first read.</summary>
        public string Body
        {
            get => _body ??= _bodyUtf8 == null ? "" : System.Text.Encoding.UTF8.GetString(_bodyUtf8);
            set
            {
                _body = value;
                _bodyUtf8 = null;
            }
        }

        /// <summary>The body's UTF-8 bytes: the embedded broker's own (read-only), else encoded from <see cref="Body"/>.</summary>
        public ReadOnlyMemory<byte> BodyUtf8 => _bodyUtf8 ?? System.Text.Encoding.UTF8.GetBytes(Body);

        /// <summary>Sets the body from bytes the broker keeps (not copied; never changed).</summary>
        internal void SetBodyUtf8(byte[] utf8)
        {
            _bodyUtf8 = utf8;
            _body = null;
        }
        public string MD5OfBody { get; set; } = "";
        /// <summary>MD5 of the message attributes in SQS's encoding; null without attributes.</summary>
        public string? MD5OfMessageAttributes { get; set; }
        public DateTimeOffset SentTimestamp { get; set; }
        /// <summary>Who sent the message: an IAM user or role id, or an account id.</summary>
        public string? SenderId { get; set; }
        /// <summary>The AWSTraceHeader system attribute, when the sender gave one.</summary>
        public string? AwsTraceHeader { get; set; }
        public int ApproximateReceiveCount { get; set; }
        public DateTimeOffset? ApproximateFirstReceiveTimestamp { get; set; }
        public string? MessageGroupId { get; set; }
        public string? MessageDeduplicationId { get; set; }
        public string? SequenceNumber { get; set; }
        /// <summary>Set on messages that a redrive policy moved into a dead-letter queue.</summary>
        public string? DeadLetterQueueSourceArn { get; set; }
        public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes { get; set; } = NoAttributes;

        /// <summary>The attributes of a message without any: one shared, read-only instance (every received message is made with it).</summary>
        public static IReadOnlyDictionary<string, MessageAttributeValue> NoAttributes { get; } =
            new System.Collections.ObjectModel.ReadOnlyDictionary<string, MessageAttributeValue>(new Dictionary<string, MessageAttributeValue>());
    }

    /// <summary>One page of ListDeadLetterSourceQueues: the queues whose RedrivePolicy names the queue as their DLQ.</summary>
    public sealed class ListDeadLetterSourceQueuesResult
    {
        public List<string> QueueUrls { get; } = new List<string>();
        /// <summary>Set when more results follow (only when MaxResults was given); pass it back to get them.</summary>
        public string? NextToken { get; set; }
    }

    public sealed class DeleteMessageBatchRequestEntry
    {
        public string Id { get; set; } = "";
        public string ReceiptHandle { get; set; } = "";
    }

    public sealed class ChangeMessageVisibilityBatchRequestEntry
    {
        public string Id { get; set; } = "";
        public string ReceiptHandle { get; set; } = "";
        public int VisibilityTimeout { get; set; }
    }

    /// <summary>Result of DeleteMessageBatch and ChangeMessageVisibilityBatch: ids that succeeded, entries that failed.</summary>
    public sealed class BatchResult
    {
        public List<string> Successful { get; } = new List<string>();
        public List<BatchResultErrorEntry> Failed { get; } = new List<BatchResultErrorEntry>();
    }

    /// <summary>The statuses of a message move task, as SQS spells them.</summary>
    public static class MessageMoveTaskStatus
    {
        public const string Running = "RUNNING";
        public const string Completed = "COMPLETED";
        public const string Cancelling = "CANCELLING";
        public const string Cancelled = "CANCELLED";
        public const string Failed = "FAILED";

        /// <summary>RUNNING or CANCELLING: a source queue has at most one such task.</summary>
        public static bool IsActive(string? status) => status == Running || status == Cancelling;
    }

    /// <summary>One message move task (DLQ redrive), as ListMessageMoveTasks reports it.</summary>
    public sealed class MessageMoveTask
    {
        /// <summary>Only while the task is RUNNING, as SQS reports it.</summary>
        public string? TaskHandle { get; set; }
        /// <summary>One of <see cref="MessageMoveTaskStatus"/>.</summary>
        public string Status { get; set; } = "";
        public string SourceArn { get; set; } = "";
        /// <summary>Null when the task returns each message to the queue it was dead-lettered from.</summary>
        public string? DestinationArn { get; set; }
        /// <summary>Null when the start request gave no rate.</summary>
        public int? MaxNumberOfMessagesPerSecond { get; set; }
        public long ApproximateNumberOfMessagesMoved { get; set; }
        /// <summary>The source queue's depth when the task started.</summary>
        public long? ApproximateNumberOfMessagesToMove { get; set; }
        /// <summary>Only when the task is FAILED.</summary>
        public string? FailureReason { get; set; }
        public DateTimeOffset StartedTimestamp { get; set; }
    }
}

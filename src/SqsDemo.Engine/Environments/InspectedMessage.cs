using System;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Work;

namespace SqsDemo.Engine.Environments
{
    /// <summary>A message received for a look (Receive-DemoMessage), with the queue it came from.</summary>
    public sealed class InspectedMessage
    {
        public InspectedMessage(string queueUrl, Message message)
        {
            QueueUrl = queueUrl;
            MessageId = message.MessageId;
            ReceiptHandle = message.ReceiptHandle;
            Body = message.Body;
            BodyId = MessageBody.TryGetId(message.Body);
            ReceiveCount = message.ApproximateReceiveCount;
            SentTimestamp = message.SentTimestamp;
            FirstReceiveTimestamp = message.ApproximateFirstReceiveTimestamp;
            MessageGroupId = message.MessageGroupId;
            SequenceNumber = message.SequenceNumber;
            DeadLetterQueueSourceArn = message.DeadLetterQueueSourceArn;
        }

        public string QueueUrl { get; }
        public string QueueName => QueueAddress.NameOf(QueueUrl);
        public string MessageId { get; }
        public string ReceiptHandle { get; }
        public string Body { get; }
        /// <summary>The body's own "id", where it has one.</summary>
        public string? BodyId { get; }
        public int ReceiveCount { get; }
        public DateTimeOffset SentTimestamp { get; }
        public DateTimeOffset? FirstReceiveTimestamp { get; }
        public string? MessageGroupId { get; }
        public string? SequenceNumber { get; }
        public string? DeadLetterQueueSourceArn { get; }
        /// <summary>True when the body carries the poison marker.</summary>
        public bool Poison => Body.IndexOf(MessageBody.PoisonMarker, StringComparison.Ordinal) >= 0;
    }
}

using System;

namespace SqsDemo.Engine.Broker
{
    /// <summary>
    /// What a broker does on its own, not in answer to a call: a redrive policy moving a
    /// message to its dead-letter queue, a purge taking messages, retention expiring them,
    /// a message move task redriving them.
    /// The embedded broker raises these so the journal can record them; on AWS they are
    /// not observable as events.
    /// </summary>
    public interface IBrokerNotifications
    {
        event EventHandler<BrokerNotificationEventArgs>? Notified;
    }

    public enum BrokerNotificationKind
    {
        /// <summary>A receive found the message past maxReceiveCount and moved it to the DLQ.</summary>
        MovedToDeadLetterQueue,
        /// <summary>A purge (or a message sent into a purge's window) deleted the message.</summary>
        PurgedMessage,
        /// <summary>The message outlived MessageRetentionPeriod.</summary>
        RetentionExpired,
        /// <summary>The delete with a stale receipt handle did not take effect.</summary>
        StaleReceiptHandleIgnored,
        /// <summary>
        /// A message move task (DLQ redrive) moved the message: <see cref="BrokerNotificationEventArgs.QueueUrl"/>
        /// is the dead-letter queue, <see cref="BrokerNotificationEventArgs.MessageId"/> the message's id there,
        /// <see cref="BrokerNotificationEventArgs.TargetQueueUrl"/> the queue it went to and
        /// <see cref="BrokerNotificationEventArgs.NewMessageId"/> its new id (a redriven message is a new message).
        /// </summary>
        MessageMoved,
    }

    public sealed class BrokerNotificationEventArgs : EventArgs
    {
        public BrokerNotificationEventArgs(BrokerNotificationKind kind, string queueUrl, string messageId, DateTimeOffset time, string? detail = null, string? targetQueueUrl = null, int receiveCount = 0, string? newMessageId = null, int? receiptGeneration = null)
        {
            ReceiptGeneration = receiptGeneration;
            Kind = kind;
            QueueUrl = queueUrl;
            MessageId = messageId;
            Time = time;
            Detail = detail;
            TargetQueueUrl = targetQueueUrl;
            ReceiveCount = receiveCount;
            NewMessageId = newMessageId;
        }

        public BrokerNotificationKind Kind { get; }
        public string QueueUrl { get; }
        public string MessageId { get; }
        public DateTimeOffset Time { get; }
        public string? Detail { get; }
        /// <summary>For DLQ moves, the dead-letter queue's URL; for message move tasks, the queue the message went to.</summary>
        public string? TargetQueueUrl { get; }
        public int ReceiveCount { get; }
        /// <summary>For message move tasks, the redriven message's new MessageId.</summary>
        public string? NewMessageId { get; }
        /// <summary>For a stale receipt handle, the receive it came from (the message has been received again since).</summary>
        public int? ReceiptGeneration { get; }
    }
}

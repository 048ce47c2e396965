using System;

namespace SqsDemo.Engine.Broker
{
    /// <summary>
    /// What a broker does on its own, not in answer to a call: a redrive policy moving a
    /// message to its dead-letter queue, a purge taking messages, retention expiring them.
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
    }

    public sealed class BrokerNotificationEventArgs : EventArgs
    {
        public BrokerNotificationEventArgs(BrokerNotificationKind kind, string queueUrl, string messageId, DateTimeOffset time, string? detail = null, string? targetQueueUrl = null, int receiveCount = 0)
        {
            Kind = kind;
            QueueUrl = queueUrl;
            MessageId = messageId;
            Time = time;
            Detail = detail;
            TargetQueueUrl = targetQueueUrl;
            ReceiveCount = receiveCount;
        }

        public BrokerNotificationKind Kind { get; }
        public string QueueUrl { get; }
        public string MessageId { get; }
        public DateTimeOffset Time { get; }
        public string? Detail { get; }
        /// <summary>For DLQ moves, the dead-letter queue's URL.</summary>
        public string? TargetQueueUrl { get; }
        public int ReceiveCount { get; }
    }
}

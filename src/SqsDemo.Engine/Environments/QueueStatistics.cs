using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Environments
{
    /// <summary>A queue's approximate counts, as GetQueueAttributes reports them, with its DLQ's where known.</summary>
    public sealed class QueueStatistics
    {
        public string Name { get; set; } = "";
        public string QueueUrl { get; set; } = "";
        public int Visible { get; set; }
        public int InFlight { get; set; }
        public int Delayed { get; set; }
        public int? OldestAgeSeconds { get; set; }
        public string? DeadLetterQueueUrl { get; set; }
        public int? DeadLetterVisible { get; set; }
        public int? DeadLetterInFlight { get; set; }

        /// <summary>Nothing visible, in flight or delayed.</summary>
        public bool IsEmpty => Visible == 0 && InFlight == 0 && Delayed == 0;

        private static readonly string[] Names =
        {
            QueueAttributeName.ApproximateNumberOfMessages,
            QueueAttributeName.ApproximateNumberOfMessagesNotVisible,
            QueueAttributeName.ApproximateNumberOfMessagesDelayed,
        };

        public static async Task<QueueStatistics> ReadAsync(IBroker broker, string queueUrl, string? deadLetterQueueUrl, CancellationToken cancellationToken = default)
        {
            var attributes = await broker.GetQueueAttributesAsync(queueUrl, Names, cancellationToken).ConfigureAwait(false);
            var stats = new QueueStatistics
            {
                Name = QueueAddress.NameOf(queueUrl),
                QueueUrl = queueUrl,
                Visible = Count(attributes, QueueAttributeName.ApproximateNumberOfMessages) ?? 0,
                InFlight = Count(attributes, QueueAttributeName.ApproximateNumberOfMessagesNotVisible) ?? 0,
                Delayed = Count(attributes, QueueAttributeName.ApproximateNumberOfMessagesDelayed) ?? 0,
                OldestAgeSeconds = await OldestAgeAsync(broker, queueUrl, cancellationToken).ConfigureAwait(false),
                DeadLetterQueueUrl = deadLetterQueueUrl,
            };
            if (!string.IsNullOrEmpty(deadLetterQueueUrl))
            {
                var dlq = await broker.GetQueueAttributesAsync(deadLetterQueueUrl!, Names, cancellationToken).ConfigureAwait(false);
                stats.DeadLetterVisible = Count(dlq, QueueAttributeName.ApproximateNumberOfMessages) ?? 0;
                stats.DeadLetterInFlight = Count(dlq, QueueAttributeName.ApproximateNumberOfMessagesNotVisible) ?? 0;
            }
            return stats;
        }

        /// <summary>CloudWatch's ApproximateAgeOfOldestMessage where the backend knows it (not a queue attribute), else null.</summary>
        private static async Task<int?> OldestAgeAsync(IBroker broker, string queueUrl, CancellationToken cancellationToken)
        {
            var metric = broker as IQueueAgeMetric ?? (broker as Journal.JournalingBroker)?.Inner as IQueueAgeMetric;
            if (metric == null) return null;
            var age = await metric.GetApproximateAgeOfOldestMessageAsync(queueUrl, cancellationToken).ConfigureAwait(false);
            return (int)Math.Min(age, int.MaxValue);
        }

        private static int? Count(IReadOnlyDictionary<string, string> attributes, string name) =>
            attributes.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null;
    }
}

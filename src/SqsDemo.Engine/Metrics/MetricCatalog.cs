using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>
    /// The metrics Get-DemoMetric knows: SQS's own as CloudWatch names them (Developer Guide, "Available
    /// CloudWatch metrics for Amazon SQS"), and the consumers' from their journal events.
    /// </summary>
    public static class MetricCatalog
    {
        public const string SqsNamespace = "AWS/SQS";
        public const string ConsumerNamespace = "SqsDemo/Consumer";

        public static readonly IReadOnlyList<MetricDefinition> All = new[]
        {
            Count("NumberOfMessagesSent", "Messages added to the queue (a dead-letter move is not a send).", e => e.Kind == JournalEventKind.Sent),
            Count("NumberOfMessagesReceived", "Messages returned by ReceiveMessage calls.", e => e.Kind == JournalEventKind.Received),
            Count("NumberOfMessagesDeleted", "Deletes with a valid receipt handle, duplicates included.",
                e => e.Kind == JournalEventKind.Deleted || e.Kind == JournalEventKind.DeleteMayNotHaveDeleted),
            Count("NumberOfEmptyReceives", "ReceiveMessage calls that returned no message.", e => e.Kind == JournalEventKind.ReceivedEmpty),
            new MetricDefinition("SentMessageSize", SqsNamespace, "Bytes", MetricKind.Size, "The size of each message added to the queue, body and attributes.",
                e => e.Kind == JournalEventKind.Sent && e.MessageSizeBytes != null),
            Gauge("ApproximateNumberOfMessagesVisible", "Count", "Messages available for retrieval.", s => s.Visible),
            Gauge("ApproximateNumberOfMessagesNotVisible", "Count", "Messages in flight: received, not yet deleted or visible again.", s => s.NotVisible),
            Gauge("ApproximateNumberOfMessagesDelayed", "Count", "Messages delayed, not yet available.", s => s.Delayed),
            Gauge("ApproximateAgeOfOldestMessage", "Seconds", "Age of the oldest message not received three times or more; in a DLQ, since it was moved.", s => s.AgeOfOldestMessageSeconds),
            Consumer("MessagesProcessed", "Messages a consumer's handler processed.", JournalEventKind.Processed),
            Consumer("MessagesFailed", "Handler failures: the message was not deleted.", JournalEventKind.HandlerFailed),
            Consumer("ConsumerCrashes", "Consumer crashes.", JournalEventKind.Crashed),
            Consumer("DuplicatesSkipped", "Duplicate deliveries a consumer recognised and skipped.", JournalEventKind.DuplicateSkipped),
        };

        /// <summary>The metric of that name (case-insensitive, as a user types it); null when there is none.</summary>
        public static MetricDefinition? Find(string? name) =>
            name == null ? null : All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

        public static IEnumerable<string> Names => All.Select(m => m.Name);

        /// <summary>
        /// CloudWatch's rule for a period: 1, 5, 10 or 30 seconds (high resolution) or a multiple of 60
        /// (PutMetricAlarm, GetMetricStatistics).
        /// </summary>
        public static bool IsValidPeriod(int seconds) => seconds == 1 || seconds == 5 || seconds == 10 || seconds == 30 || (seconds > 0 && seconds % 60 == 0);

        private static MetricDefinition Count(string name, string description, Func<JournalEvent, bool> counts) =>
            new MetricDefinition(name, SqsNamespace, "Count", MetricKind.Count, description, counts);

        private static MetricDefinition Gauge(string name, string unit, string description, Func<QueueGaugeSample, double> gauge) =>
            new MetricDefinition(name, SqsNamespace, unit, MetricKind.Gauge, description, gauge: gauge);

        private static MetricDefinition Consumer(string name, string description, JournalEventKind kind) =>
            new MetricDefinition(name, ConsumerNamespace, "Count", MetricKind.Count, description, e => e.Kind == kind);
    }
}

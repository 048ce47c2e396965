using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>
    /// CloudWatch's view of a run, computed from its journal: per queue and period (from scenario time 0),
    /// each period's datapoints reduced to a statistic. Counts: one datapoint of 1 per event. SentMessageSize:
    /// one datapoint per message, its bytes. Gauges: the queue replayed from the journal and read once a
    /// minute, as SQS reports them (once per period for a high-resolution period under a minute).
    /// </summary>
    public static class JournalMetrics
    {
        /// <summary>SQS reports its gauges to CloudWatch at one-minute intervals.</summary>
        public const int GaugeReportSeconds = 60;

        public static MetricSeries Series(IReadOnlyList<JournalEvent> events, DateTimeOffset startedAt, TimeSpan end, string queueUrl,
            MetricDefinition metric, MetricStatistic statistic, int periodSeconds)
        {
            if (!MetricCatalog.IsValidPeriod(periodSeconds))
                throw new ArgumentOutOfRangeException(nameof(periodSeconds), periodSeconds, "The period must be 1, 5, 10, 30 or a multiple of 60 seconds.");
            var period = TimeSpan.FromSeconds(periodSeconds);
            var periodCount = (int)(end.Ticks / period.Ticks) + 1;
            var sets = new SortedDictionary<int, StatisticSet>();
            foreach (var (at, value) in Datapoints(events, end, queueUrl, metric, periodSeconds))
            {
                if (at < TimeSpan.Zero || at > end) continue;
                var index = (int)(at.Ticks / period.Ticks);
                if (!sets.TryGetValue(index, out var set)) sets[index] = set = new StatisticSet();
                set.Add(value);
            }
            var points = sets.Select(p => new MetricDatapoint(startedAt + TimeSpan.FromTicks(p.Key * period.Ticks), (double)p.Key * periodSeconds,
                p.Value.Value(statistic), statistic == MetricStatistic.SampleCount ? "Count" : metric.Unit, statistic, metric.Name, queueUrl, periodSeconds, p.Value.SampleCount, metric.Kind)).ToArray();
            return new MetricSeries(metric, queueUrl, statistic, periodSeconds, points, periodCount);
        }

        /// <summary>The raw datapoints (scenario time, value) of a metric on a queue.</summary>
        private static IEnumerable<(TimeSpan At, double Value)> Datapoints(IReadOnlyList<JournalEvent> events, TimeSpan end, string queueUrl, MetricDefinition metric, int periodSeconds)
        {
            if (metric.Kind == MetricKind.Gauge)
            {
                var sampled = SampledGauges(events, queueUrl);
                if (sampled.Count > 0) return sampled.Select(s => (s.ScenarioTime, metric.Gauge!(s)));
                var interval = TimeSpan.FromSeconds(Math.Min(periodSeconds, GaugeReportSeconds));
                return QueueGaugeReplay.Sample(events, queueUrl, interval, end).Select(s => (s.ScenarioTime, metric.Gauge!(s)));
            }
            return events.Where(e => string.Equals(e.QueueUrl, queueUrl, StringComparison.Ordinal) && metric.Counts!(e))
                .Select(e => (e.ScenarioTime, metric.Kind == MetricKind.Size ? (double)e.MessageSizeBytes!.Value : 1d));
        }

        /// <summary>
        /// The queue's gauges as the run's sampler read them from the backend (QueueSampled), where it did; the
        /// age of the oldest message, not a queue attribute, from the replay at the same instants, except where the
        /// reading found the queue empty: then no message is old, whatever the replay holds that the service moved
        /// silently (a dead-letter move off the embedded backend journals nothing).
        /// </summary>
        private static IReadOnlyList<QueueGaugeSample> SampledGauges(IReadOnlyList<JournalEvent> events, string queueUrl)
        {
            var readings = events.Where(e => e.Kind == JournalEventKind.QueueSampled && string.Equals(e.QueueUrl, queueUrl, StringComparison.Ordinal))
                .OrderBy(e => e.ScenarioTime).ToArray();
            if (readings.Length == 0) return Array.Empty<QueueGaugeSample>();
            var ages = QueueGaugeReplay.SampleAt(events, queueUrl, readings.Select(r => r.ScenarioTime)).ToDictionary(s => s.ScenarioTime, s => s.AgeOfOldestMessageSeconds);
            return readings.Select(r => new QueueGaugeSample(r.ScenarioTime, r.VisibleDepth ?? 0, r.NotVisibleDepth ?? 0, r.DelayedDepth ?? 0,
                ReadFoundEmpty(r) ? 0 : ages.TryGetValue(r.ScenarioTime, out var age) ? age : 0)).ToArray();
        }

        private static bool ReadFoundEmpty(JournalEvent reading) => reading.VisibleDepth == 0 && reading.NotVisibleDepth == 0 && reading.DelayedDepth == 0;

        /// <summary>The queues the journal names (in events, dead-letter moves and redrives), in order of first mention.</summary>
        public static IReadOnlyList<string> QueuesOf(IReadOnlyList<JournalEvent> events)
        {
            var seen = new List<string>();
            foreach (var e in events)
                foreach (var url in new[] { e.QueueUrl, e.TargetQueueUrl, e.SourceQueueUrl })
                    if (url != null && !seen.Contains(url, StringComparer.Ordinal)) seen.Add(url);
            return seen;
        }
    }
}

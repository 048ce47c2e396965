using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Alarms;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Metrics;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>
    /// What an operator watching the run would have seen: each queue's depth as CloudWatch reports it (the metric
    /// code's ApproximateNumberOfMessagesVisible, Maximum per period, not a second computation) and each alarm's
    /// states over time, from its AlarmStateChanged events.
    /// </summary>
    public sealed class OperatorView
    {
        public static readonly OperatorView Empty = new OperatorView(Array.Empty<MetricSeries>(), Array.Empty<AlarmBand>());

        private static readonly int[] Periods = { 10, 30, 60, 300, 900, 3600, 21600, 86400 };

        private OperatorView(IReadOnlyList<MetricSeries> depth, IReadOnlyList<AlarmBand> alarms)
        {
            Depth = depth;
            Alarms = alarms;
        }

        /// <summary>One series per queue the journal names, in order of first mention.</summary>
        public IReadOnlyList<MetricSeries> Depth { get; }
        /// <summary>One band per alarm that changed state, in order of its first change.</summary>
        public IReadOnlyList<AlarmBand> Alarms { get; }

        /// <summary>The period the depth is drawn at: the shortest CloudWatch period of 10 s or more that keeps the run within 120 of them.</summary>
        public static int PeriodFor(double endSeconds) => Periods.FirstOrDefault(p => endSeconds / p <= 120) is int p && p > 0 ? p : Periods[Periods.Length - 1];

        /// <summary>The view of a journal sorted by scenario time.</summary>
        internal static OperatorView FromJournal(IReadOnlyList<JournalEvent> events)
        {
            if (events.Count == 0) return Empty;
            var startedAt = events[0].Time - events[0].ScenarioTime;
            var end = events[events.Count - 1].ScenarioTime;
            var period = PeriodFor(end.TotalSeconds);
            var visible = MetricCatalog.Find("ApproximateNumberOfMessagesVisible")!;
            var depth = JournalMetrics.QueuesOf(events)
                .Select(queue => JournalMetrics.Series(events, startedAt, end, queue, visible, MetricStatistic.Maximum, period))
                .ToArray();
            var alarms = events.Select(AlarmHistoryItem.From).Where(h => h != null).Select(h => h!)
                .GroupBy(h => h.AlarmName, StringComparer.Ordinal)
                .Select(g => new AlarmBand(g.Key, g.First().QueueUrl, g.ToArray(), end.TotalSeconds))
                .ToArray();
            return new OperatorView(depth, alarms);
        }
    }
}

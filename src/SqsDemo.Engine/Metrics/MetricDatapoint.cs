using System;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>One period's statistic of a metric, stamped with the period's start, as GetMetricStatistics returns it.</summary>
    public sealed class MetricDatapoint
    {
        public MetricDatapoint(DateTimeOffset timestamp, double scenarioSeconds, double value, string unit, MetricStatistic statistic,
            string metricName, string queueUrl, int periodSeconds, long sampleCount, MetricKind kind)
        {
            Kind = kind;
            Timestamp = timestamp;
            ScenarioSeconds = scenarioSeconds;
            Value = value;
            Unit = unit;
            Statistic = statistic;
            MetricName = metricName;
            QueueUrl = queueUrl;
            PeriodSeconds = periodSeconds;
            SampleCount = sampleCount;
        }

        /// <summary>The start of the period, by the run's clock.</summary>
        public DateTimeOffset Timestamp { get; }
        /// <summary>The start of the period in scenario seconds since the run began.</summary>
        public double ScenarioSeconds { get; }
        public double Value { get; }
        public string Unit { get; }
        public MetricStatistic Statistic { get; }
        public string MetricName { get; }
        /// <summary>The queue's name: CloudWatch's QueueName dimension.</summary>
        public string Queue => Environments.QueueAddress.NameOrNull(QueueUrl) ?? QueueUrl;
        public string QueueUrl { get; }
        public int PeriodSeconds { get; }
        /// <summary>
        /// A count's Sum over its period, per second: the rate a burst was sent at or a backlog drained at
        /// (NumberOfMessagesDeleted); null for gauges and other statistics, which are not counts of a period.
        /// </summary>
        public double? PerSecond => Statistic == MetricStatistic.Sum && Kind == MetricKind.Count && PeriodSeconds > 0 ? Value / PeriodSeconds : (double?)null;
        /// <summary>Whether the metric counts events, sizes messages or samples a gauge.</summary>
        public MetricKind Kind { get; }
        /// <summary>How many datapoints the period held.</summary>
        public long SampleCount { get; }

        public override string ToString() => FormattableString.Invariant($"{ScenarioSeconds,6:0}s {MetricName} {Statistic} {Value}");
    }
}

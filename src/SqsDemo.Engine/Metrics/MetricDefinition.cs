using System;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>One metric: its CloudWatch name, namespace and unit, and where its datapoints come from.</summary>
    public sealed class MetricDefinition
    {
        internal MetricDefinition(string name, string nameSpace, string unit, MetricKind kind, string description,
            Func<JournalEvent, bool>? counts = null, Func<QueueGaugeSample, double>? gauge = null)
        {
            Name = name;
            Namespace = nameSpace;
            Unit = unit;
            Kind = kind;
            Description = description;
            Counts = counts;
            Gauge = gauge;
        }

        public string Name { get; }
        /// <summary>AWS/SQS for SQS's own metrics; SqsDemo/Consumer for what the consumers journal.</summary>
        public string Namespace { get; }
        /// <summary>CloudWatch's unit name: Count, Seconds, Bytes.</summary>
        public string Unit { get; }
        public MetricKind Kind { get; }
        public string Description { get; }

        /// <summary>The statistic used when none is asked for: Sum for counts, Average for sizes, Maximum for gauges.</summary>
        public MetricStatistic DefaultStatistic =>
            Kind == MetricKind.Count ? MetricStatistic.Sum : Kind == MetricKind.Size ? MetricStatistic.Average : MetricStatistic.Maximum;
        /// <summary>Count and Size metrics: the events that are datapoints of this metric.</summary>
        internal Func<JournalEvent, bool>? Counts { get; }
        /// <summary>Gauge metrics: the value read from one sample of the queue.</summary>
        internal Func<QueueGaugeSample, double>? Gauge { get; }

        public override string ToString() => Namespace + "/" + Name;
    }
}

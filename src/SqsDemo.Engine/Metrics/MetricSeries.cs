using System;
using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>
    /// One metric of one queue at one period and statistic over a run: the periods that had datapoints, oldest
    /// first. A period without datapoints is missing, as in CloudWatch; alarms and the timeline read it so.
    /// </summary>
    public sealed class MetricSeries
    {
        public MetricSeries(MetricDefinition metric, string queueUrl, MetricStatistic statistic, int periodSeconds, IReadOnlyList<MetricDatapoint> datapoints, int periodCount)
        {
            Metric = metric;
            QueueUrl = queueUrl;
            Statistic = statistic;
            PeriodSeconds = periodSeconds;
            Datapoints = datapoints;
            PeriodCount = periodCount;
        }

        public MetricDefinition Metric { get; }
        public string QueueUrl { get; }
        public MetricStatistic Statistic { get; }
        public int PeriodSeconds { get; }
        public IReadOnlyList<MetricDatapoint> Datapoints { get; }
        /// <summary>How many periods the run covered (from 0 to its end), with data or not.</summary>
        public int PeriodCount { get; }

        /// <summary>The value of the period starting at <paramref name="index"/> × PeriodSeconds; null when it is missing.</summary>
        public double? ValueOfPeriod(int index)
        {
            var start = (double)index * PeriodSeconds;
            var point = Datapoints.FirstOrDefault(d => Math.Abs(d.ScenarioSeconds - start) < 1e-9);
            return point?.Value;
        }
    }
}

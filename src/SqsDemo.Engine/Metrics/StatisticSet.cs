using System;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>The datapoints of one period reduced as CloudWatch keeps them: count, sum, minimum, maximum.</summary>
    public sealed class StatisticSet
    {
        public long SampleCount { get; private set; }
        public double Sum { get; private set; }
        public double Minimum { get; private set; } = double.PositiveInfinity;
        public double Maximum { get; private set; } = double.NegativeInfinity;

        public void Add(double value)
        {
            SampleCount++;
            Sum += value;
            Minimum = Math.Min(Minimum, value);
            Maximum = Math.Max(Maximum, value);
        }

        public double Value(MetricStatistic statistic)
        {
            switch (statistic)
            {
                case MetricStatistic.Sum: return Sum;
                case MetricStatistic.Average: return Sum / SampleCount;
                case MetricStatistic.Minimum: return Minimum;
                case MetricStatistic.Maximum: return Maximum;
                case MetricStatistic.SampleCount: return SampleCount;
                default: throw new ArgumentOutOfRangeException(nameof(statistic), statistic, null);
            }
        }
    }
}

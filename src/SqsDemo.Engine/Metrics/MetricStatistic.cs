namespace SqsDemo.Engine.Metrics
{
    /// <summary>CloudWatch's statistics over the datapoints of one period (GetMetricStatistics' Statistics).</summary>
    public enum MetricStatistic
    {
        Sum,
        Average,
        Minimum,
        Maximum,
        SampleCount,
    }
}

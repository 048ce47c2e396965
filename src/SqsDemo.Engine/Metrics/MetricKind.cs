namespace SqsDemo.Engine.Metrics
{
    /// <summary>How a metric's datapoints arise.</summary>
    public enum MetricKind
    {
        /// <summary>Each matching journal event is one datapoint of 1: Sum is the count, SampleCount the number of datapoints.</summary>
        Count,
        /// <summary>Each sent message is one datapoint of its size in bytes (SentMessageSize).</summary>
        Size,
        /// <summary>The queue's state sampled at fixed instants, as SQS reports its gauges to CloudWatch once a minute.</summary>
        Gauge,
    }
}

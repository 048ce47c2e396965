namespace SqsDemo.Engine.Alarms
{
    /// <summary>How an alarm compares a datapoint with its threshold (PutMetricAlarm's ComparisonOperator).</summary>
    public enum ComparisonOperator
    {
        GreaterThanOrEqualToThreshold,
        GreaterThanThreshold,
        LessThanThreshold,
        LessThanOrEqualToThreshold,
    }
}

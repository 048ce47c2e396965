using System;

namespace SqsDemo.Engine.Alarms
{
    /// <summary>One period's value as an alarm sees it: the statistic, and when its period began.</summary>
    public sealed class AlarmDatapoint
    {
        public AlarmDatapoint(double value, DateTimeOffset timestamp)
        {
            Value = value;
            Timestamp = timestamp;
        }

        public double Value { get; }
        public DateTimeOffset Timestamp { get; }
    }
}

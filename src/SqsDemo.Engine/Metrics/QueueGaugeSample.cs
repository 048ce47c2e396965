using System;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>A queue's gauges at one instant of the run, as SQS would report them to CloudWatch.</summary>
    public sealed class QueueGaugeSample
    {
        public QueueGaugeSample(TimeSpan scenarioTime, long visible, long notVisible, long delayed, double ageOfOldestMessageSeconds)
        {
            ScenarioTime = scenarioTime;
            Visible = visible;
            NotVisible = notVisible;
            Delayed = delayed;
            AgeOfOldestMessageSeconds = ageOfOldestMessageSeconds;
        }

        public TimeSpan ScenarioTime { get; }
        public long Visible { get; }
        public long NotVisible { get; }
        public long Delayed { get; }
        public double AgeOfOldestMessageSeconds { get; }
    }
}

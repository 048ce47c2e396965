using SqsDemo.Engine.Alarms;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>A stretch of scenario time an alarm spent in one state, with the StateReason that put it there.</summary>
    public sealed class AlarmStateSpan
    {
        internal AlarmStateSpan(double start, double end, AlarmState state, string reason)
        {
            Start = start;
            End = end;
            State = state;
            Reason = reason;
        }

        public double Start { get; }
        public double End { get; }
        public AlarmState State { get; }
        public string Reason { get; }
    }
}

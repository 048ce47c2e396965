namespace SqsDemo.Engine.Alarms
{
    /// <summary>What one evaluation of an alarm concluded: its state and CloudWatch's StateReason for it.</summary>
    public sealed class AlarmEvaluation
    {
        public AlarmEvaluation(AlarmState state, string reason)
        {
            State = state;
            Reason = reason;
        }

        public AlarmState State { get; }
        public string Reason { get; }

        public override string ToString() => State + ": " + Reason;
    }
}

namespace SqsDemo.Engine.Alarms
{
    /// <summary>A CloudWatch alarm's state, spelled as CloudWatch spells it (StateValue).</summary>
    public enum AlarmState
    {
        // CloudWatch's own spellings, so a check compares with the same words as the AWS console and CLI.
#pragma warning disable CA1707
        INSUFFICIENT_DATA,
        OK,
        ALARM,
#pragma warning restore CA1707
    }
}

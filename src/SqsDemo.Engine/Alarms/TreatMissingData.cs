namespace SqsDemo.Engine.Alarms
{
    /// <summary>
    /// How an alarm treats missing datapoints (PutMetricAlarm's TreatMissingData: missing, ignore, breaching,
    /// notBreaching); the default is Missing.
    /// </summary>
    public enum TreatMissingData
    {
        Missing,
        Ignore,
        Breaching,
        NotBreaching,
    }
}

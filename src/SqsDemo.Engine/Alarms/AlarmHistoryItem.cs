using System;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Alarms
{
    /// <summary>One state change of an alarm (DescribeAlarmHistory's StateUpdate), read back from its journal event.</summary>
    public sealed class AlarmHistoryItem
    {
        public AlarmHistoryItem(string alarmName, DateTimeOffset timestamp, double scenarioSeconds, AlarmState oldState, AlarmState newState, string reason, string? queueUrl)
        {
            AlarmName = alarmName;
            Timestamp = timestamp;
            ScenarioSeconds = scenarioSeconds;
            OldState = oldState;
            NewState = newState;
            Reason = reason;
            QueueUrl = queueUrl;
        }

        public string AlarmName { get; }
        public DateTimeOffset Timestamp { get; }
        /// <summary>When the evaluation that changed the state ran, in scenario seconds.</summary>
        public double ScenarioSeconds { get; }
        public AlarmState OldState { get; }
        public AlarmState NewState { get; }
        /// <summary>CloudWatch's StateReason.</summary>
        public string Reason { get; }
        public string? QueueUrl { get; }
        public string? Queue => Environments.QueueAddress.NameOrNull(QueueUrl);

        /// <summary>The item an AlarmStateChanged event records; null for any other event.</summary>
        public static AlarmHistoryItem? From(JournalEvent e) =>
            e.Kind == JournalEventKind.AlarmStateChanged && e.AlarmName != null && e.OldState is AlarmState old && e.NewState is AlarmState now
                ? new AlarmHistoryItem(e.AlarmName, e.Time, e.ScenarioTime.TotalSeconds, old, now, e.Reason ?? "", e.QueueUrl)
                : null;

        public override string ToString() => FormattableString.Invariant($"{ScenarioSeconds:0}s {AlarmName}: {OldState} -> {NewState}");
    }
}

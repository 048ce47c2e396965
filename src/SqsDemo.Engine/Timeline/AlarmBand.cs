using System;
using System.Collections.Generic;
using SqsDemo.Engine.Alarms;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>
    /// One alarm's states over a run: a span per state, from the start of the run (in the first change's old state,
    /// INSUFFICIENT_DATA for a new alarm) to its end, and the changes that split them.
    /// </summary>
    public sealed class AlarmBand
    {
        internal AlarmBand(string name, string? queueUrl, IReadOnlyList<AlarmHistoryItem> changes, double endSeconds)
        {
            Name = name;
            QueueUrl = queueUrl;
            Changes = changes;
            var spans = new List<AlarmStateSpan>();
            var from = 0.0;
            var state = changes.Count == 0 ? AlarmState.INSUFFICIENT_DATA : changes[0].OldState;
            var reason = "Unchecked: Initial alarm creation";
            foreach (var change in changes)
            {
                if (change.ScenarioSeconds > from) spans.Add(new AlarmStateSpan(from, change.ScenarioSeconds, state, reason));
                from = change.ScenarioSeconds;
                state = change.NewState;
                reason = change.Reason;
            }
            spans.Add(new AlarmStateSpan(from, Math.Max(from, endSeconds), state, reason));
            Spans = spans;
        }

        public string Name { get; }
        public string? QueueUrl { get; }
        public string? Queue => Environments.QueueAddress.NameOrNull(QueueUrl);
        /// <summary>The alarm's state changes, oldest first.</summary>
        public IReadOnlyList<AlarmHistoryItem> Changes { get; }
        /// <summary>The states it was in, back to back over the run.</summary>
        public IReadOnlyList<AlarmStateSpan> Spans { get; }
    }
}

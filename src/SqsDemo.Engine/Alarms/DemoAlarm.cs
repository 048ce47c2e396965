using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Metrics;

namespace SqsDemo.Engine.Alarms
{
    /// <summary>
    /// A metric alarm attached to a run: evaluated at the end of each period on the run's clock, from the
    /// run's journal, as CloudWatch evaluates it; each state change is journaled (AlarmStateChanged).
    /// It starts in INSUFFICIENT_DATA, as a new CloudWatch alarm does.
    /// </summary>
    public sealed class DemoAlarm
    {
        private readonly object _gate = new object();
        private readonly DemoRun _run;

        internal DemoAlarm(AlarmDefinition definition, DemoRun run)
        {
            Definition = definition;
            _run = run;
            StateUpdatedScenarioSeconds = run.ScenarioTime.TotalSeconds;
        }

        public AlarmDefinition Definition { get; }
        public string Name => Definition.Name;
        public string MetricName => Definition.Metric.Name;
        public string QueueUrl => Definition.QueueUrl;
        public string? Queue => Environments.QueueAddress.NameOrNull(QueueUrl);
        public AlarmState State { get; private set; } = AlarmState.INSUFFICIENT_DATA;
        /// <summary>CloudWatch's StateReason of the last change ("Unchecked: Initial alarm creation" until the first).</summary>
        public string StateReason { get; private set; } = "Unchecked: Initial alarm creation";
        public double StateUpdatedScenarioSeconds { get; private set; }
        /// <summary>Scenario second of the last evaluation; null before the first.</summary>
        public double? LastEvaluatedScenarioSeconds { get; private set; }

        /// <summary>The alarm's state changes so far, oldest first, from the run's journal.</summary>
        public IReadOnlyList<AlarmHistoryItem> History =>
            _run.Journal.Where(e => e.Kind == JournalEventKind.AlarmStateChanged && e.AlarmName == Name)
                .Select(AlarmHistoryItem.From).Where(h => h != null).Select(h => h!).ToArray();

        /// <summary>
        /// Evaluates the alarm at scenario time <paramref name="at"/> (a period's end) over the periods completed
        /// by then, and journals a state change; returns the change's event, or null when the state held.
        /// </summary>
        internal JournalEvent? EvaluateAt(TimeSpan at)
        {
            lock (_gate)
            {
                var evaluation = AlarmEvaluator.Evaluate(Definition, RangeAt(at), State);
                LastEvaluatedScenarioSeconds = at.TotalSeconds;
                if (evaluation.State == State) return null;
                var old = State;
                State = evaluation.State;
                StateReason = evaluation.Reason;
                StateUpdatedScenarioSeconds = at.TotalSeconds;
                return _run.Journal.Record(JournalEventKind.AlarmStateChanged, QueueUrl, actor: "alarm " + Name,
                    detail: Name + ": " + old + " -> " + State + ". " + evaluation.Reason, time: _run.Journal.StartedAt + at,
                    facts: new JournalFacts { AlarmName = Name, OldState = old, NewState = State, Reason = evaluation.Reason });
            }
        }

        /// <summary>The evaluation range ending at <paramref name="at"/>: the last periods completed, oldest first, null where missing.</summary>
        internal IReadOnlyList<AlarmDatapoint?> RangeAt(TimeSpan at)
        {
            var period = TimeSpan.FromSeconds(Definition.PeriodSeconds);
            var completed = (int)(at.Ticks / period.Ticks);
            var events = _run.Journal.Snapshot();
            var series = JournalMetrics.Series(events, _run.Journal.StartedAt, TimeSpan.FromTicks(completed * period.Ticks - 1), QueueUrl,
                Definition.Metric, Definition.Statistic, Definition.PeriodSeconds);
            var byIndex = series.Datapoints.ToDictionary(d => (int)Math.Round(d.ScenarioSeconds / Definition.PeriodSeconds));
            var range = new List<AlarmDatapoint?>();
            for (var index = completed - Definition.EvaluationRange; index < completed; index++)
                range.Add(byIndex.TryGetValue(index, out var point) ? new AlarmDatapoint(point.Value, point.Timestamp) : null);
            return range;
        }

        public override string ToString() => Name + ": " + State;
    }
}

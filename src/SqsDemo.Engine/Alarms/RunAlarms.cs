using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;

namespace SqsDemo.Engine.Alarms
{
    /// <summary>
    /// The alarms attached to one run, each watched on the run's clock: evaluated at the end of every period
    /// until the run ends (<see cref="StopWatching"/>).
    /// </summary>
    public sealed class RunAlarms
    {
        private static readonly ConditionalWeakTable<DemoRun, RunAlarms> ByRun = new ConditionalWeakTable<DemoRun, RunAlarms>();

        private readonly object _gate = new object();
        private readonly DemoRun _run;
        private readonly Dictionary<string, (DemoAlarm Alarm, CancellationTokenSource Stop)> _alarms =
            new Dictionary<string, (DemoAlarm, CancellationTokenSource)>(StringComparer.Ordinal);

        private RunAlarms(DemoRun run) => _run = run;

        public static RunAlarms Of(DemoRun run) => ByRun.GetValue(run, r => new RunAlarms(r));

        /// <summary>Stops watching the run's alarms (the run ended); their states and history stay readable.</summary>
        public static void StopWatching(DemoRun run)
        {
            if (ByRun.TryGetValue(run, out var alarms)) alarms.StopAll();
        }

        public IReadOnlyList<DemoAlarm> Alarms
        {
            get
            {
                lock (_gate) return _alarms.Values.Select(a => a.Alarm).OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
            }
        }

        /// <summary>
        /// Attaches an alarm and starts watching it. An alarm of the same name is replaced, as PutMetricAlarm
        /// replaces one; the new one starts again from INSUFFICIENT_DATA.
        /// </summary>
        public DemoAlarm Put(AlarmDefinition definition)
        {
            var alarm = new DemoAlarm(definition, _run);
            var stop = new CancellationTokenSource();
            lock (_gate)
            {
                if (_alarms.TryGetValue(definition.Name, out var previous)) previous.Stop.Cancel();
                _alarms[definition.Name] = (alarm, stop);
            }
            _ = Task.Run(() => WatchAsync(alarm, stop.Token));
            return alarm;
        }

        private void StopAll()
        {
            lock (_gate)
                foreach (var alarm in _alarms.Values) alarm.Stop.Cancel();
        }

        /// <summary>Evaluates at the end of each period on the run's clock until stopped.</summary>
        private async Task WatchAsync(DemoAlarm alarm, CancellationToken stop)
        {
            var period = TimeSpan.FromSeconds(alarm.Definition.PeriodSeconds).Ticks;
            var next = (_run.ScenarioTime.Ticks / period + 1) * period;
            while (!stop.IsCancellationRequested)
            {
                var wait = TimeSpan.FromTicks(next) - _run.ScenarioTime;
                try
                {
                    if (wait > TimeSpan.Zero) await _run.Clock.Delay(wait, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                try
                {
                    alarm.EvaluateAt(TimeSpan.FromTicks(next));
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    // A failed evaluation is told in the journal; the next period is evaluated all the same.
                    _run.Journal.Record(Journal.JournalEventKind.Note, alarm.QueueUrl, actor: "alarm " + alarm.Name,
                        detail: "alarm evaluation failed: " + e.Message, facts: new Journal.JournalFacts { Reason = "alarm evaluation failed", Error = e.Message });
                }
                next += period;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>
    /// On a backend the journal cannot replay alone (an endpoint, moto, AWS: other clients and the service itself act
    /// on the queues), the gauges come from the queues' own attributes: every interval (a minute, as SQS reports
    /// to CloudWatch) each queue the journal names is read with GetQueueAttributes, and the reading journaled as a
    /// <see cref="JournalEventKind.QueueSampled"/> event that <see cref="JournalMetrics"/> prefers to the replay.
    /// </summary>
    public sealed class QueueAttributeSampler
    {
        private static readonly ConditionalWeakTable<DemoRun, QueueAttributeSampler> ByRun = new ConditionalWeakTable<DemoRun, QueueAttributeSampler>();
        private static readonly string[] Attributes =
        {
            QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible, QueueAttributeName.ApproximateNumberOfMessagesDelayed,
        };

        private readonly DemoRun _run;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        private QueueAttributeSampler(DemoRun run) => _run = run;

        /// <summary>Starts sampling <paramref name="run"/>'s queues every <paramref name="interval"/> (once per run; later calls do nothing).</summary>
        public static void Start(DemoRun run, TimeSpan interval)
        {
            if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The sampling interval must be positive.");
            var started = false;
            var sampler = ByRun.GetValue(run, r =>
            {
                started = true;
                return new QueueAttributeSampler(r);
            });
            if (started) _ = Task.Run(() => sampler.SampleAsync(interval));
        }

        public static void Stop(DemoRun run)
        {
            if (ByRun.TryGetValue(run, out var sampler)) sampler._stop.Cancel();
        }

        private async Task SampleAsync(TimeSpan interval)
        {
            var next = interval;
            while (!_stop.IsCancellationRequested)
            {
                var wait = next - _run.ScenarioTime;
                try
                {
                    if (wait > TimeSpan.Zero) await _run.Clock.Delay(wait, _stop.Token).ConfigureAwait(false);
                    await SampleQueuesAsync(next).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                next += interval;
            }
        }

        /// <summary>Reads each queue the journal names and has not seen deleted; a queue gone meanwhile is skipped.</summary>
        private async Task SampleQueuesAsync(TimeSpan at)
        {
            var events = _run.Journal.Snapshot();
            var deleted = new HashSet<string>(events.Where(e => e.Kind == JournalEventKind.QueueDeleted && e.QueueUrl != null).Select(e => e.QueueUrl!), StringComparer.Ordinal);
            foreach (var queue in JournalMetrics.QueuesOf(events).Where(q => !deleted.Contains(q)))
            {
                IReadOnlyDictionary<string, string> values;
                try
                {
                    values = await _run.Broker.GetQueueAttributesAsync(queue, Attributes, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    // A queue deleted meanwhile (QueueDoesNotExist), or a call that failed: this instant has no reading of it.
                    continue;
                }
                _run.Journal.Record(JournalEventKind.QueueSampled, queue, actor: "metrics", time: _run.Journal.StartedAt + at,
                    detail: "visible " + Text(values, Attributes[0]) + ", in flight " + Text(values, Attributes[1]) + ", delayed " + Text(values, Attributes[2]),
                    facts: new JournalFacts { VisibleDepth = Number(values, Attributes[0]), NotVisibleDepth = Number(values, Attributes[1]), DelayedDepth = Number(values, Attributes[2]) });
            }
        }

        private static string Text(IReadOnlyDictionary<string, string> values, string name) => values.TryGetValue(name, out var text) ? text : "?";

        private static long? Number(IReadOnlyDictionary<string, string> values, string name) =>
            values.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : (long?)null;
    }
}

using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// Runs a consumer and, with RestartOnCrash, starts a fresh incarnation after each crash
    /// (consumer-1, consumer-1#2, ...), as ECS restarts a crashed task: a new process with an
    /// empty in-memory cache. Without it, one incarnation runs and its ending stands.
    /// </summary>
    public sealed class ConsumerSupervisor
    {
        private readonly DemoRun _backend;
        private readonly ConsumerOptions _options;

        public ConsumerSupervisor(DemoRun backend, ConsumerOptions options)
        {
            options.Validate();
            _backend = backend;
            _options = options.Clone();
        }

        public string ConsumerId => _options.ConsumerId;

        public event EventHandler<string>? Warning;

        /// <param name="onRecord">Each record at or above the options' LogLevel.</param>
        /// <param name="onEveryRecord">Each record whatever its level, as a progress bar counts them.</param>
        public async Task<ConsumerSummary> RunAsync(Action<ConsumerRecord>? onRecord, CancellationToken stopRequested, Action<ConsumerRecord>? onEveryRecord = null)
        {
            // The drain ends with the last message processed: the idle wait after it is not throughput.
            var wall = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan lastProcessedWall = TimeSpan.Zero, lastProcessedScenario = TimeSpan.Zero;
            var gate = new object();
            void Track(ConsumerRecord record)
            {
                // Handlers of one batch finish on several threads.
                // and may report out of order: the drain ends with the latest of them.
                if (record.Outcome == MessageOutcome.Processed)
                    lock (gate)
                    {
                        if (wall.Elapsed > lastProcessedWall) lastProcessedWall = wall.Elapsed;
                        if (record.ScenarioTime > lastProcessedScenario) lastProcessedScenario = record.ScenarioTime;
                    }
                onEveryRecord?.Invoke(record);
            }
            var total = await RunIncarnationsAsync(onRecord, stopRequested, Track).ConfigureAwait(false);
            total.WallElapsed = wall.Elapsed;
            total.DrainWallElapsed = lastProcessedWall;
            total.DrainScenarioElapsed = lastProcessedScenario > total.StartedAt ? lastProcessedScenario - total.StartedAt : TimeSpan.Zero;
            return total;
        }

        private async Task<ConsumerSummary> RunIncarnationsAsync(Action<ConsumerRecord>? onRecord, CancellationToken stopRequested, Action<ConsumerRecord>? onEveryRecord)
        {
            var level = _options.LogLevel;
            Action<ConsumerRecord>? filtered = onRecord == null && onEveryRecord == null ? null : record =>
            {
                onEveryRecord?.Invoke(record);
                if (onRecord != null && MessageOutcomeLevels.LevelOf(record.Outcome) >= level) onRecord(record);
            };
            var total = new ConsumerSummary { ConsumerId = _options.ConsumerId, StartedAt = _backend.ScenarioTime };
            for (var incarnation = 1; ; incarnation++)
            {
                var options = _options.Clone();
                if (incarnation > 1) options.ConsumerId = _options.ConsumerId + "#" + incarnation.ToString(CultureInfo.InvariantCulture);
                var consumer = new Consumer(_backend, options);
                consumer.Warning += (sender, message) => Warning?.Invoke(this, message);
                var summary = await consumer.RunAsync(filtered, stopRequested).ConfigureAwait(false);
                total.Received += summary.Received;
                total.Processed += summary.Processed;
                total.Rejected += summary.Rejected;
                total.DuplicatesSkipped += summary.DuplicatesSkipped;
                total.StaleSkipped += summary.StaleSkipped;
                total.LeaseExpired += summary.LeaseExpired;
                total.Failed += summary.Failed;
                total.ShortCircuited += summary.ShortCircuited;
                total.Ending = summary.Ending;
                total.Reason = summary.Reason;
                total.EndedAt = summary.EndedAt;
                if (summary.Ending != ConsumerEnding.Crashed || !_options.Chaos.RestartOnCrash || stopRequested.IsCancellationRequested)
                    return total;

                total.Restarts++;
                try
                {
                    if (_options.Chaos.RestartDelaySeconds > 0)
                        await _backend.Clock.Delay(TimeSpan.FromSeconds(_options.Chaos.RestartDelaySeconds), stopRequested).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped while waiting to restart: the stop, not the crash, is how it ended.
                    total.Ending = ConsumerEnding.Stopped;
                    total.Reason = null;
                    return total;
                }
                _backend.Journal.Record(JournalEventKind.ConsumerRestarted, _options.QueueUrl, actor: _options.ConsumerId,
                    detail: "incarnation " + (incarnation + 1).ToString(CultureInfo.InvariantCulture) + " after: " + summary.Reason,
                    facts: new JournalFacts { Incarnation = incarnation + 1, Reason = summary.Reason });
            }
        }
    }
}

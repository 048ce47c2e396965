using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Work;

namespace SqsDemo.Engine.Outside
{
    /// <summary>
    /// Runs the user's consumer as a process against an endpoint, as ECS runs a task: started with the seeds'
    /// variables, killed at the plan's protocol points, stopped with SIGTERM and, after the stop timeout, SIGKILL,
    /// and (with RestartOnCrash) replaced by a fresh process after a crash, named consumer-2#2, #3, ... Every
    /// start, end and restart is journaled under the consumer's name, as for SqsDemo's own consumer.
    /// </summary>
    public sealed class OutsideConsumerSupervisor
    {
        private readonly DemoRun _run;
        private readonly DemoEndpoint _endpoint;
        private readonly OutsideConsumerOptions _options;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly OutsideConsumerSummary _summary;
        private readonly System.Diagnostics.Stopwatch _wall = System.Diagnostics.Stopwatch.StartNew();
        private volatile Incarnation? _current;
        private Task<OutsideConsumerSummary>? _completion;

        private OutsideConsumerSupervisor(DemoRun run, DemoEndpoint endpoint, OutsideConsumerOptions options)
        {
            _run = run;
            _endpoint = endpoint;
            _options = options;
            _summary = new OutsideConsumerSummary { ConsumerId = options.ConsumerId, Command = options.Command.Text, StartedAt = run.ScenarioTime };
        }

        public string ConsumerId => _options.ConsumerId;

        /// <summary>Each line the process writes, tagged with the incarnation that wrote it.</summary>
        public event EventHandler<ProcessOutputLine>? Line;

        /// <summary>The running process's id; null between incarnations and after the end.</summary>
        public int? ProcessId => _current?.Process.HasExited == false ? _current.Process.Id : (int?)null;

        /// <summary>Completes when the consumer has ended for good.</summary>
        public Task<OutsideConsumerSummary> Completion => _completion!;

        /// <summary>
        /// Starts the first process now, so a command that cannot start is an error here (<see cref="ConsumerStartException"/>),
        /// then supervises it in the background. <paramref name="onLine"/> is attached before the process can write.
        /// </summary>
        public static OutsideConsumerSupervisor Start(DemoRun run, DemoEndpoint endpoint, OutsideConsumerOptions options, EventHandler<ProcessOutputLine>? onLine = null)
        {
            options.Validate();
            var supervisor = new OutsideConsumerSupervisor(run, endpoint, options);
            if (onLine != null) supervisor.Line += onLine;
            var first = supervisor.StartIncarnation(1);
            supervisor._completion = Task.Run(() => supervisor.SuperviseAsync(first));
            return supervisor;
        }

        /// <summary>SIGTERM now, SIGKILL after the stop timeout (wall time: the process's own); returns once it has ended.</summary>
        public OutsideConsumerSummary Stop()
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
                var current = _current;
                if (current != null) StopProcess(current);
            }
            return Completion.GetAwaiter().GetResult();
        }

        private void StopProcess(Incarnation incarnation)
        {
            incarnation.Process.Terminate();
            var grace = TimeSpan.FromSeconds(_options.StopTimeoutSeconds);
            _ = Task.Delay(grace).ContinueWith(_ =>
            {
                if (incarnation.Process.HasExited) return;
                incarnation.TimedOut = true;
                incarnation.Process.Kill();
            }, TaskScheduler.Default);
        }

        private Incarnation StartIncarnation(int number)
        {
            var id = number == 1 ? _options.ConsumerId : _options.ConsumerId + "#" + number.ToString(CultureInfo.InvariantCulture);
            var region = (_run.Broker as Broker.Embedded.EmbeddedBroker)?.Options.Region ?? "us-east-1";
            // An endpoint that checks signatures admits the process under its own name, with a secret only it is given.
            var secret = _endpoint.Router.Signatures?.SecretFor(id) ?? OutsideConsumerVariables.DummySecret;
            var variables = OutsideConsumerVariables.For(_options, id, secret, _endpoint.Url, _endpoint.Sqs.Urls.ToClient(_options.QueueUrl), region);
            ConsumerProcess? process = null;
            var lastLines = new LastLines();
            var plan = _options.Kills.Clone();
            // Each incarnation draws its kills from the run's seed and its own name, so a run repeats.
            if (plan.Seed == null) plan.Seed = _run.RandomFor(id + "/kills").Seed;
            // A trigger only where a kill is planned: every request of every client passes each interceptor. It watches
            // from before the first request the process could make.
            var trigger = plan.IsEmpty ? null : new KillTrigger(_run.Journal, id, plan, _options.SideEffectsTable, () => process?.Kill());
            if (trigger != null) _endpoint.Router.AddInterceptor(trigger);
            try
            {
                process = ConsumerProcess.Start(_options.Command, _options.WorkingDirectory, variables,
                    (stream, text) =>
                    {
                        if (stream == ProcessStream.StandardError) lastLines.Add(text);
                        Line?.Invoke(this, new ProcessOutputLine(id, stream, text));
                    });
            }
            catch
            {
                Detach(trigger);
                throw;
            }
            _run.Journal.Record(JournalEventKind.ConsumerStarted, _options.QueueUrl, actor: id,
                detail: "process " + process.Id.ToString(CultureInfo.InvariantCulture) + ": " + _options.Command.Text,
                facts: new JournalFacts { ProcessId = process.Id });
            var incarnation = new Incarnation(id, process, trigger, lastLines);
            _current = incarnation;
            // A stop that came while this one was starting must reach it too.
            if (_stopping.IsCancellationRequested) StopProcess(incarnation);
            return incarnation;
        }

        private async Task<OutsideConsumerSummary> SuperviseAsync(Incarnation first)
        {
            var current = first;
            for (var number = 1; ; number++)
            {
                var exitCode = await current.Process.Exited.ConfigureAwait(false);
                Detach(current.Trigger);
                current.Process.Dispose();
                _current = null;
                var (ending, reason) = EndingOf(current, exitCode);
                Tally(current, ending, reason, exitCode);
                if (ending != ConsumerEnding.Crashed || !_options.RestartOnCrash || _stopping.IsCancellationRequested) return Finish();
                var next = await RestartAsync(number + 1, reason).ConfigureAwait(false);
                if (next == null) return Finish();
                current = next;
            }
        }

        private void Detach(KillTrigger? trigger)
        {
            if (trigger == null) return;
            _endpoint.Router.RemoveInterceptor(trigger);
            trigger.Dispose();
        }

        /// <summary>After a crash: wait the restart delay on the scenario clock, then a fresh process; null when stopped meanwhile or it cannot start.</summary>
        private async Task<Incarnation?> RestartAsync(int number, string? after)
        {
            try
            {
                if (_options.RestartDelaySeconds > 0)
                    await _run.Clock.Delay(TimeSpan.FromSeconds(_options.RestartDelaySeconds), _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped while waiting to restart: the stop, not the crash, is how it ended.
                _summary.Ending = ConsumerEnding.Stopped;
                _summary.Reason = null;
                return null;
            }
            _summary.Restarts++;
            _run.Journal.Record(JournalEventKind.ConsumerRestarted, _options.QueueUrl, actor: _options.ConsumerId,
                detail: "incarnation " + number.ToString(CultureInfo.InvariantCulture) + " after: " + after,
                facts: new JournalFacts { Incarnation = number, Reason = after });
            try
            {
                return StartIncarnation(number);
            }
            catch (ConsumerStartException e)
            {
                _summary.Ending = ConsumerEnding.Faulted;
                _summary.Reason = e.Message;
                return null;
            }
        }

        /// <summary>How one process ended, from who ended it and its exit code.</summary>
        private (ConsumerEnding, string?) EndingOf(Incarnation incarnation, int exitCode)
        {
            if (incarnation.Trigger?.KilledAt is KillPoint point) return (ConsumerEnding.Crashed, "killed by the scenario " + KillTrigger.Describe(point));
            if (incarnation.TimedOut)
                return (ConsumerEnding.Crashed, "did not stop within " + _options.StopTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + " s of SIGTERM: killed");
            if (_stopping.IsCancellationRequested) return (ConsumerEnding.Stopped, exitCode == 0 ? null : "exit code " + ExitText(exitCode) + " after SIGTERM");
            if (exitCode == 0) return (ConsumerEnding.Exited, null);
            return (ConsumerEnding.Crashed, "exited on its own with code " + ExitText(exitCode) + incarnation.LastLines.Quote());
        }

        /// <summary>An exit code, with the signal it means on Linux and macOS (128 + the signal's number).</summary>
        private static string ExitText(int exitCode) =>
            exitCode.ToString(CultureInfo.InvariantCulture) + (PosixSignals.Available && exitCode > 128 && exitCode < 160 ? " (signal " + (exitCode - 128).ToString(CultureInfo.InvariantCulture) + ")" : "");

        private void Tally(Incarnation incarnation, ConsumerEnding ending, string? reason, int exitCode)
        {
            var events = _run.Journal.Snapshot().Where(e => e.Actor == incarnation.Id).ToArray();
            _summary.Received += events.Count(e => e.Kind == JournalEventKind.Received);
            // A retried delete of a message already gone names no message: one message, one delete.
            _summary.Deleted += events.Count(e => (e.Kind == JournalEventKind.Deleted || e.Kind == JournalEventKind.DeleteMayNotHaveDeleted) && e.MessageId != null);
            if (incarnation.Trigger?.KilledAt is KillPoint point) _summary.Kills.Add(point);
            _summary.Ending = ending;
            _summary.Reason = reason;
            _summary.ExitCode = exitCode;
            _run.Journal.Record(JournalEventKind.ConsumerEnded, _options.QueueUrl, actor: incarnation.Id,
                detail: ending + (reason == null ? "" : ": " + reason) + " (exit code " + ExitText(exitCode) + ")",
                facts: new JournalFacts { Ending = ending, Reason = reason, ExitCode = exitCode });
        }

        private OutsideConsumerSummary Finish()
        {
            _summary.EndedAt = _run.ScenarioTime;
            _summary.WallElapsed = _wall.Elapsed;
            return _summary;
        }

        private sealed class Incarnation
        {
            public Incarnation(string id, ConsumerProcess process, KillTrigger? trigger, LastLines lastLines)
            {
                Id = id;
                Process = process;
                Trigger = trigger;
                LastLines = lastLines;
            }

            public string Id { get; }
            public ConsumerProcess Process { get; }
            /// <summary>Null when no kill is planned.</summary>
            public KillTrigger? Trigger { get; }
            public LastLines LastLines { get; }
            /// <summary>SIGKILLed because it outlived the stop timeout.</summary>
            public volatile bool TimedOut;
        }
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Outside;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;
using SqsDemo.Jobs;

namespace SqsDemo.Commands
{
    /// <summary>Start-DemoConsumer -Command: your own consumer, a process against the session's endpoint.</summary>
    public sealed partial class StartDemoConsumerCommand
    {
        /// <summary>
        /// Your own consumer's command line ('python consume.py'), run as a process against the session's endpoint
        /// (started on a free port when there is none) with the seeds' environment variables; returns a job.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Command { get; set; }

        /// <summary>With -Command: the directory the process starts in; the current location when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? WorkingDirectory { get; set; }

        /// <summary>With -Command: variables of your own, laid over the ones SqsDemo sets; $null removes one.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Environment { get; set; }

        /// <summary>With -Command: wall seconds between Stop-Job's SIGTERM and SIGKILL (ECS's stopTimeout; 30 by default).</summary>
        [Parameter]
        [ValidateRange(0.0, 3600.0)]
        public double StopTimeoutSeconds { get; set; } = OutsideConsumerOptions.DefaultStopTimeoutSeconds;

        /// <summary>With -Command: kill the process (SIGKILL) when it asks to delete a message, before the delete happens.</summary>
        [Parameter]
        public SwitchParameter KillBeforeDelete { get; set; }

        /// <summary>With -Command: kill the process (SIGKILL) once it has received this many messages, holding the last.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int KillAfterMessages { get; set; }

        /// <summary>The parameters that shape an outside consumer besides those the seeds' variables carry.</summary>
        private static readonly HashSet<string> OutsideParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            nameof(Command), nameof(WorkingDirectory), nameof(Environment), nameof(StopTimeoutSeconds), nameof(KillBeforeDelete), nameof(KillAfterMessages),
            nameof(QueueUrl), nameof(ConsumerId), nameof(Ledger), nameof(StatusTable), nameof(SideEffectsTable), nameof(AsJob), nameof(Backend),
            nameof(CrashRate), nameof(CrashAfterReceive), nameof(CrashAfterSideEffect), nameof(RestartOnCrash),
        };

        /// <summary>The options SqsDemo turns into kills from outside rather than variables the process reads.</summary>
        private static readonly HashSet<string> KillParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            nameof(CrashRate), nameof(CrashAfterReceive), nameof(CrashAfterSideEffect),
        };

        /// <summary>Parameters only a process takes, or only SqsDemo's own consumer takes, given on the command line in the wrong company.</summary>
        private void CheckCommandParameters()
        {
            // What the command line gave: a piped environment binds its tables too, which a process does not refuse.
            var bound = _givenOnCommandLine.Where(k => !StandardParameters.Contains(k)).ToArray();
            if (Command == null)
            {
                var onlyOutside = bound.Where(k => k == nameof(WorkingDirectory) || k == nameof(Environment) || k == nameof(StopTimeoutSeconds)
                    || k == nameof(KillBeforeDelete) || k == nameof(KillAfterMessages)).ToArray();
                if (onlyOutside.Length > 0)
                    ThrowTerminatingError(ErrorRecords.Create(ErrorIds.OptionNeedsConsumerCommand, ErrorCategory.InvalidArgument, null,
                        "-" + string.Join(", -", onlyOutside) + " shape a consumer process: give -Command.",
                        "Add -Command 'python consume.py' (your consumer's command line), or leave these out for SqsDemo's own consumer."));
                return;
            }
            var variables = ConsumerOptionTable.Rows.Where(r => r.Parameter != null && r.Variable != null).Select(r => r.Parameter!);
            var builtInOnly = bound.Where(k => !OutsideParameters.Contains(k) && !variables.Contains(k, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (builtInOnly.Length > 0)
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.OptionNeedsBuiltInConsumer, ErrorCategory.InvalidArgument, Command,
                    "-" + string.Join(", -", builtInOnly) + " shape SqsDemo's own consumer; a consumer process (-Command) cannot take them.",
                    "Leave them out: your consumer reads the seeds' environment variables (QUEUE_URL, WAIT_TIME_SECONDS, ...); pass more with -Environment."));
        }

        private static readonly HashSet<string> StandardParameters = new HashSet<string>(
            Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);

        /// <summary>Starts the process (an error here when it cannot start): with -AsJob returns its job, else follows it to its end.</summary>
        private void StartOutside(DemoRun backend, ConsumerOptions consumer)
        {
            if (backend.Kind != BackendKind.Embedded)
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.OutsideConsumerNeedsEmbeddedBackend, ErrorCategory.InvalidArgument, backend,
                    "A consumer process runs against SqsDemo's endpoint, which serves an embedded backend; " + backend.Description + " is not one.",
                    "Connect-DemoBackend -Embedded, then start the consumer; point your consumer at " + backend.Description + " yourself to run it there, unjudged."));
            var options = OutsideOptions(consumer, backend.TimeScale);
            var endpoint = Session.EndpointFor(backend);
            if (AsJob) StartOutsideJob(backend, endpoint, options);
            else RunOutsideInForeground(backend, endpoint, options);
        }

        private void StartOutsideJob(DemoRun backend, DemoEndpoint endpoint, OutsideConsumerOptions options)
        {
            var child = new OutsideConsumerChildJob(MyInvocation.Line, options.ConsumerId, options.Command.Text);
            var supervisor = StartSupervisor(backend, endpoint, options, child.OnLine, child.Dispose);
            child.Follow(supervisor);
            var job = new OutsideConsumerJob(MyInvocation.Line, backend, child);
            JobRepository.Add(job);
            Session.Track(job);
            job.StartJob();
            WriteVerbose("Started " + options.ConsumerId + " (process " + supervisor.ProcessId + "): " + options.Command.Text + ", against " + endpoint.Url + ".");
            WriteObject(job);
        }

        /// <summary>The process in the foreground: its lines as they come, Ctrl+C as Stop-Job, its ending as SqsDemo's own consumer reports one.</summary>
        private void RunOutsideInForeground(DemoRun backend, DemoEndpoint endpoint, OutsideConsumerOptions options)
        {
            var summary = Run(async writer =>
            {
                var supervisor = StartSupervisor(backend, endpoint, options, (_, line) => writer.Post(() => WriteLine(line)), null);
                using (StopToken.Register(() => Task.Run(() => supervisor.Stop())))
                    return await supervisor.Completion.ConfigureAwait(false);
            });
            ReportEnding(summary, summary.ConsumerId, summary.Ending, summary.Reason);
        }

        private void WriteLine(ProcessOutputLine line)
        {
            if (line.Stream == ProcessStream.StandardOutput) WriteObject(line.Text);
            else WriteInformation(OutsideConsumerLines.Information(line));
        }

        /// <summary>The supervisor, started; a command that cannot start is ConsumerCommandNotStarted (after <paramref name="cleanUp"/>).</summary>
        private OutsideConsumerSupervisor StartSupervisor(DemoRun backend, DemoEndpoint endpoint, OutsideConsumerOptions options, EventHandler<ProcessOutputLine> onLine, Action? cleanUp)
        {
            try
            {
                return OutsideConsumerSupervisor.Start(backend, endpoint, options, onLine);
            }
            catch (ConsumerStartException e)
            {
                cleanUp?.Invoke();
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.ConsumerCommandNotStarted, ErrorCategory.ObjectNotFound, Command)
                {
                    ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = "Check the program's name (and -WorkingDirectory for a relative path): it must be on PATH or a path to an executable." },
                });
                throw;
            }
        }

        private OutsideConsumerOptions OutsideOptions(ConsumerOptions consumer, double timeScale)
        {
            OutsideConsumerOptions options;
            try
            {
                options = new OutsideConsumerOptions(ConsumerCommandLine.Parse(Command!), consumer.ConsumerId, consumer.QueueUrl!)
                {
                    WorkingDirectory = WorkingDirectory == null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath : GetUnresolvedProviderPathFromPSPath(WorkingDirectory),
                    StatusTable = consumer.Ledger.StatusTable,
                    SideEffectsTable = consumer.Ledger.SideEffectsTable,
                    // Every ledger environment binds its versions table: a process is given it only when asked to version.
                    VersionsTable = consumer.Ledger.Versioning ? consumer.Ledger.VersionsTable : null,
                    RestartOnCrash = consumer.Chaos.RestartOnCrash,
                    RestartDelaySeconds = consumer.Chaos.RestartDelaySeconds,
                    StopTimeoutSeconds = StopTimeoutSeconds,
                    Kills = new ProcessKillPlan
                    {
                        AfterReceive = consumer.Chaos.CrashAfterReceive,
                        AfterSideEffect = consumer.Chaos.CrashAfterSideEffect,
                        Rate = consumer.Chaos.CrashRate,
                        BeforeDelete = KillBeforeDelete,
                        AfterMessages = KillAfterMessages,
                    },
                };
                foreach (var knob in KnobsGiven(timeScale)) options.Knobs[knob.Key] = knob.Value;
                if (Environment != null)
                    foreach (DictionaryEntry own in Environment) options.Environment[Convert.ToString(own.Key, CultureInfo.InvariantCulture)!] = own.Value == null ? null : Convert.ToString(own.Value, CultureInfo.InvariantCulture);
                options.Validate();
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidConsumerOptions, ErrorCategory.InvalidArgument, Command));
                throw;
            }
            return options;
        }

        /// <summary>
        /// The knobs a consumer times on its own clock. A process lives in wall time, so they are given in wall seconds: the
        /// scenario's seconds divided by the time scale. Waits the server makes (the long poll, visibility timeouts,
        /// backoffs it asks the server for) run on the scenario clock at the endpoint and are given as they are. A stale
        /// limit is measured on the process's clock against SentTimestamp, which the endpoint gives in wall time (CallerTime).
        /// </summary>
        private static readonly HashSet<string> OwnClockParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            nameof(IdleTimeoutSeconds), nameof(SideEffectDelaySeconds), nameof(HeartbeatSeconds), nameof(StaleAfterSeconds), nameof(SleepMinSeconds), nameof(SleepMaxSeconds), nameof(LongSleepSeconds),
        };

        /// <summary>The seeds' variables of the parameters given (not the kill knobs, which SqsDemo acts on itself).</summary>
        private IEnumerable<KeyValuePair<string, string>> KnobsGiven(double timeScale)
        {
            var bound = MyInvocation.BoundParameters;
            foreach (var option in ConsumerOptionTable.Rows)
            {
                if (option.Parameter == null || option.Variable == null || KillParameters.Contains(option.Parameter) || !bound.ContainsKey(option.Parameter)) continue;
                if (option.Parameter == nameof(QueueUrl) || option.Parameter == nameof(StatusTable) || option.Parameter == nameof(SideEffectsTable) || option.Parameter == nameof(VersionsTable)) continue;
                var value = GetType().GetProperty(option.Parameter)!.GetValue(this);
                if (OwnClockParameters.Contains(option.Parameter) && value != null) value = Convert.ToDouble(value, CultureInfo.InvariantCulture) / timeScale;
                var text = VariableText(value);
                if (text != null) yield return new KeyValuePair<string, string>(option.Variable, text);
            }
        }

        /// <summary>A parameter's value as the seeds' variables spell it.</summary>
        private static string? VariableText(object? value)
        {
            switch (value)
            {
                case null: return null;
                case SwitchParameter flag: return flag.IsPresent ? "true" : "false";
                case bool flag: return flag ? "true" : "false";
                case ConsumerLogLevel level: return level.ToString().ToUpperInvariant();
                case IFormattable number: return number.ToString(null, CultureInfo.InvariantCulture);
                default: return value.ToString();
            }
        }
    }
}

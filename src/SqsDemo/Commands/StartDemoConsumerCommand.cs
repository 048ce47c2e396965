using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;
using SqsDemo.Jobs;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs a consumer: receive, process, delete, with every chaos knob and the idempotency ledger.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "DemoConsumer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ConsumerRecord))]
    [OutputType(typeof(ConsumerJob))]
    [OutputType(typeof(OutsideConsumerJob))]
    [OutputType(typeof(string))]
    public sealed partial class StartDemoConsumerCommand : DemoBackendCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        protected override string? TargetQueueUrl => QueueUrl;

        /// <summary>The consumer's name in the journal and the job's name; consumer-N when omitted.</summary>
        [Parameter]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        public string? ConsumerId { get; set; }

        [Parameter]
        [ValidateRange(0, 20)]
        public int WaitTimeSeconds { get; set; }

        [Parameter]
        [ValidateRange(1, 10)]
        public int MaxMessages { get; set; } = 1;

        [Parameter]
        [ValidateRange(0, 43200)]
        public int VisibilityTimeout { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MessageLimit { get; set; }

        [Parameter]
        [ValidateRange(0.0, 31_536_000.0)]
        public double IdleTimeoutSeconds { get; set; }

        [Parameter]
        [AllowEmptyString]
        [AllowNull]
        public string? RejectPayloadMarker { get; set; } = MessageBody.PoisonMarker;

        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double CrashRate { get; set; }

        [Parameter]
        public SwitchParameter CrashAfterReceive { get; set; }

        [Parameter]
        public SwitchParameter CrashAfterSideEffect { get; set; }

        [Parameter]
        [ValidateRange(0, 10_000_000)]
        public int IdempotencyCacheSize { get; set; }

        [Parameter]
        [ValidateRange(0.0, 43_200.0)]
        public double SleepMinSeconds { get; set; }

        [Parameter]
        [ValidateRange(0.0, 43_200.0)]
        public double SleepMaxSeconds { get; set; }

        [Parameter]
        [ValidateRange(0.0, 43_200.0)]
        public double LongSleepSeconds { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int LongSleepEvery { get; set; }

        /// <summary>Turn the ledger on with the tables of the queue's environment (name-status, name-side-effects).</summary>
        [Parameter]
        public SwitchParameter Ledger { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? StatusTable { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SideEffectsTable { get; set; }

        [Parameter]
        [ValidateRange(0.0, 43_200.0)]
        public double SideEffectDelaySeconds { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BusinessIdempotencyField { get; set; }

        /// <summary>Extend the visibility of the message in hand every this many scenario seconds, while it is worked on; below the visibility timeout.</summary>
        [Parameter]
        [ValidateRange(1, 43_199)]
        public int HeartbeatSeconds { get; set; }

        /// <summary>Apply nothing of a message whose visibility this consumer no longer holds (journaled LeaseExpired); off by default.</summary>
        [Parameter]
        public SwitchParameter LeaseGuard { get; set; }

        /// <summary>Delete, without applying, a message sent more than this many scenario seconds before its turn came.</summary>
        [Parameter]
        [ValidateRange(0.001, 31_536_000.0)]
        public double StaleAfterSeconds { get; set; }

        /// <summary>Back a rejected message off from its receive count: visible again after base x 2^(receives-1) seconds, capped, jittered.</summary>
        [Parameter]
        [ValidateRange(0.001, 43_200.0)]
        public double BackoffBaseSeconds { get; set; }

        /// <summary>The backoff's cap in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 43_200)]
        public int BackoffMaxSeconds { get; set; } = 900;

        /// <summary>
        /// Scenario seconds the consumer waits out a backend that fails transiently (unreachable, no answer, 5xx,
        /// throttling), retrying with capped, jittered exponential backoff, before it faults; 0 faults at once.
        /// </summary>
        [Parameter]
        [ValidateRange(0.0, ConsumerOptions.MaxOutageLimit)]
        public double MaxOutageSeconds { get; set; } = ReceiveOptions.DefaultMaxOutageSeconds;

        [Parameter]
        public SwitchParameter RestartOnCrash { get; set; }

        /// <summary>The ledger's ordered effect log; an environment made with -Ledger binds its own.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? EffectLogTable { get; set; }

        /// <summary>The ledger's entity-versions table; an environment made with -Ledger binds its own.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? VersionsTable { get; set; }

        /// <summary>Append this body field to the effect log as each message takes effect (e.g. a FIFO sequence).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SideEffectLogField { get; set; }

        /// <summary>Apply entity versions only when newer than the stored one; log every version seen and applied.</summary>
        [Parameter]
        public SwitchParameter Versioning { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string EntityKey { get; set; } = "entity_id";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string VersionKey { get; set; } = "version";

        /// <summary>With -Versioning: apply every version as it arrives (the naive consumer).</summary>
        [Parameter]
        public SwitchParameter LastWriteWins { get; set; }

        /// <summary>Which per-message records are written: Info (all), Warning (rejections and crashes), Error (crashes).</summary>
        [Parameter]
        public ConsumerLogLevel LogLevel { get; set; } = ConsumerLogLevel.Info;

        /// <summary>
        /// Your own processing instead of the built-in work simulation: called per message with
        /// $Message (also $_) and $Context; its output is the message's result and what is forwarded;
        /// an error fails the message. Runs in a runspace of its own per consumer.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public ScriptBlock? Handler { get; set; }

        /// <summary>The dependency the handler calls with $Context.Call(key) (from New-DemoDependency).</summary>
        [Parameter]
        [ValidateNotNull]
        public SimulatedDependency? Dependency { get; set; }

        /// <summary>Puts a circuit breaker (Polly's) around the dependency: it opens once at least this many calls within -BreakerSamplingSeconds all failed.</summary>
        [Parameter]
        [ValidateRange(2, 1000)]
        public int BreakerFailureThreshold { get; set; }

        /// <summary>Scenario seconds the breaker stays open before one trial call.</summary>
        [Parameter]
        [ValidateRange(0.5, 86_400.0)]
        public double BreakerBreakSeconds { get; set; } = 30;

        /// <summary>Scenario seconds over which the breaker counts failures.</summary>
        [Parameter]
        [ValidateRange(0.5, 86_400.0)]
        public double BreakerSamplingSeconds { get; set; } = 10;

        /// <summary>Sends each handler output to this queue before deleting the message (FIFO: give -ForwardGroupIdField).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? ForwardQueueUrl { get; set; }

        /// <summary>The output field whose value is the forwarded message's MessageGroupId on a FIFO queue.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ForwardGroupIdField { get; set; }

        /// <summary>Stores each handled message's output in the results table (from a piped -Ledger environment, or -ResultsTable).</summary>
        [Parameter]
        public SwitchParameter StoreResults { get; set; }

        /// <summary>The ledger's results table; given on the command line it turns -StoreResults on.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ResultsTable { get; set; }

        /// <summary>Event source mapping mode: batches of up to this many, successes deleted together, only failures return.</summary>
        [Parameter]
        [ValidateRange(1, 10)]
        public int BatchSize { get; set; }

        /// <summary>With -BatchSize: scenario seconds to keep gathering a batch that is not full (Lambda's MaximumBatchingWindowInSeconds).</summary>
        [Parameter]
        [ValidateRange(0.0, 300.0)]
        public double BatchWindowSeconds { get; set; }

        /// <summary>
        /// Read the knobs from the seeds' environment variables (<see cref="ReferenceConsumerVariables"/>: QUEUE_URL, CRASH_RATE, ...,
        /// HEARTBEAT_SECONDS, STALE_AFTER_SECONDS); parameters given explicitly win.
        /// </summary>
        [Parameter]
        [Alias("FromEnvironment")]
        public SwitchParameter FromEnvironmentVariables { get; set; }

        [Parameter]
        public SwitchParameter AsJob { get; set; }

        private bool _resultsTableGiven;
        private string[] _givenOnCommandLine = Array.Empty<string>();

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Only what the command line gives is bound yet: a piped environment's ResultsTable is not a request to store.
            _resultsTableGiven = MyInvocation.BoundParameters.ContainsKey(nameof(ResultsTable));
            _givenOnCommandLine = MyInvocation.BoundParameters.Keys.ToArray();
            CheckCommandParameters();
        }

        protected override void ProcessRecord()
        {
            ConsumerOptions options;
            try
            {
                options = BuildOptions();
            }
            catch (ArgumentException e)
            {
                // A malformed variable of -FromEnvironmentVariables: the message names it.
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidConsumerOptions, ErrorCategory.InvalidArgument, null));
                return;
            }
            if (!RequireQueueUrl(options.QueueUrl, "No queue to consume from.",
                    "Pipe an environment from New-DemoEnvironment, give -QueueUrl, or set QUEUE_URL with -FromEnvironmentVariables.")) return;
            // The seeds' consumer reaches QUEUE_URL where it is: connect there when nothing else was chosen.
            if (FromEnvironmentVariables && Backend == null) global::SqsDemo.Session.ReferenceConsumerConnection.ConnectIfNeeded(this, Session, options.QueueUrl);
            var backend = ActiveBackend;
            options.ConsumerId = ConsumerId ?? backend.NextConsumerId();
            try
            {
                options.Validate();
                Run(_ => Consumer.ValidateAgainstQueueAsync(backend, options, StopToken));
            }
            catch (LedgerTablesMissingException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.LedgerTablesNotFound, ErrorCategory.ObjectNotFound, string.Join(", ", e.MissingTables)));
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidConsumerOptions, ErrorCategory.InvalidArgument, options));
            }
            if (!ShouldProcess(options.QueueUrl, $"Start consumer {options.ConsumerId} (receives and deletes messages)")) return;
            if (Command != null)
            {
                StartOutside(backend, options);
                return;
            }

            if (AsJob)
            {
                var job = new ConsumerJob(MyInvocation.Line, backend, options);
                JobRepository.Add(job);
                Session.Track(job);
                job.StartJob();
                WriteObject(job);
                return;
            }

            var consumer = new ConsumerSupervisor(backend, options);
            // In the foreground the consumer is the long work: a bar counts what it has done so far.
            var progress = new ConsumerProgress(this, Session.WallClock, options);
            progress.Show();
            ConsumerSummary summary;
            try
            {
                summary = Run(writer =>
                {
                    consumer.Warning += (_, message) => writer.Post(() => WriteWarning(message));
                    return consumer.RunAsync(record => writer.Post(() => WriteObject(record)), StopToken,
                        record => writer.Post(() => progress.Count(record)));
                });
            }
            finally
            {
                progress.Complete();
            }
            ReportEnding(summary, summary.ConsumerId, summary.Ending, summary.Reason);
        }

        /// <summary>
        /// A foreground consumer's end: its summary on the verbose stream and, with its throughput, on the information
        /// stream (tag Throughput); a crash or a fault as an error, as a job reports them.
        /// </summary>
        private void ReportEnding(object summary, string consumerId, ConsumerEnding ending, string? reason)
        {
            WriteVerbose(summary + ".");
            WriteInformation(Jobs.WorkerJob.SummaryRecord(summary, consumerId));
            if (ending == ConsumerEnding.Crashed)
                WriteError(new ErrorRecord(new ConsumerCrashedException(consumerId, reason ?? "crash"), ErrorIds.ConsumerCrashed, ErrorCategory.OperationStopped, consumerId));
            else if (ending == ConsumerEnding.Faulted)
                WriteError(ErrorRecords.Create(ErrorIds.ConsumerFaulted, ErrorCategory.InvalidOperation, consumerId, $"Consumer {consumerId} could not go on: {reason}"));
        }

        /// <summary>
        /// The seeds' variables (with -FromEnvironmentVariables) or the defaults, then every parameter of
        /// <see cref="ConsumerOptionTable"/> given, then the options that take more than one parameter.
        /// </summary>
        private ConsumerOptions BuildOptions()
        {
            var options = FromEnvironmentVariables ? ReferenceConsumerVariables.Read(ProcessVariables()) : new ConsumerOptions();
            var bound = MyInvocation.BoundParameters;
            foreach (var option in ConsumerOptionTable.Rows)
            {
                if (option.Parameter == null) continue;
                var value = GetType().GetProperty(option.Parameter)!.GetValue(this);
                option.ApplyParameter(options, bound.ContainsKey(option.Parameter), value is SwitchParameter flag ? flag.IsPresent : value);
            }
            UseHandler(options);
            UseBreaker(options);
            StoreResultsIfAsked(options);
            if (Ledger) options.UseLedgerOfQueue();
            return options;
        }

        private void UseHandler(ConsumerOptions options)
        {
            if (Handler == null) return;
            var handler = Handler;
            options.Work.HandlerFactory = () => new Handlers.ScriptBlockHandler(handler);
            // Your handler decides what fails: the built-in POISON rule applies only when asked for.
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(RejectPayloadMarker))) options.Work.RejectPayloadMarker = null;
        }

        private void UseBreaker(ConsumerOptions options)
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey(nameof(BreakerFailureThreshold)))
                options.Work.Breaker = new CircuitBreakerSettings { FailureThreshold = BreakerFailureThreshold, BreakSeconds = BreakerBreakSeconds, SamplingSeconds = BreakerSamplingSeconds };
            else if (bound.ContainsKey(nameof(BreakerBreakSeconds)) || bound.ContainsKey(nameof(BreakerSamplingSeconds)))
                throw new ArgumentException("-BreakerBreakSeconds and -BreakerSamplingSeconds shape a circuit breaker: give -BreakerFailureThreshold to have one.");
        }

        private void StoreResultsIfAsked(ConsumerOptions options)
        {
            if (!StoreResults && !_resultsTableGiven) return;
            options.Ledger.ResultsTable = !string.IsNullOrEmpty(ResultsTable) ? ResultsTable
                : Ledger && !string.IsNullOrEmpty(options.QueueUrl) ? options.LedgerTablesOfQueue().ResultsTable
                : throw new ArgumentException("-StoreResults needs a results table: pipe an environment made with New-DemoEnvironment -Ledger, or give -ResultsTable.");
        }

        private static IDictionary ProcessVariables() => System.Environment.GetEnvironmentVariables();
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using SqsDemo.Completers;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;
using SqsDemo.Engine.Environments;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Sends messages: bodies you give, or generated work and poison messages.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "DemoMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = GenerateSet)]
    [OutputType(typeof(SentMessage))]
    public sealed class SendDemoMessageCommand : DemoBackendCmdlet
    {
        private const string GenerateSet = "Generate";
        private const string BodySet = "Body";
        /// <summary>More messages than this show a progress bar: a few hundred sends take a noticeable while on a real endpoint.</summary>
        private const int ProgressThreshold = 200;
        private const int ProgressActivityId = 0x5d5;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        protected override string? TargetQueueUrl => QueueUrl;

        /// <summary>
        /// The bodies, as text. Typed object so that what is not text reaches the cmdlet as itself and is
        /// refused (NonStringMessageBody), rather than converted to its type name by parameter binding.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BodySet)]
        [AllowEmptyString]
        public object[] Body { get; set; } = Array.Empty<object>();

        [Parameter(ParameterSetName = GenerateSet)]
        [ValidateRange(0, 10_000_000)]
        public int Count { get; set; } = 1;

        [Parameter(ParameterSetName = GenerateSet)]
        [ValidateRange(0, int.MaxValue)]
        public int PoisonCount { get; set; }

        [Parameter(ParameterSetName = GenerateSet)]
        [ValidateRange(0, int.MaxValue)]
        public int PoisonEvery { get; set; }

        /// <summary>Seed of the generated bodies and poison positions; the run's seed when omitted.</summary>
        [Parameter(ParameterSetName = GenerateSet)]
        public int? Seed { get; set; }

        /// <summary>Messages per scenario second; 0 sends as fast as possible.</summary>
        [Parameter]
        [ValidateRange(0.0, 1_000_000.0)]
        public double Rate { get; set; }

        [Parameter]
        [ValidateRange(1, 10)]
        public int BatchSize { get; set; } = 1;

        [Parameter]
        [ValidateRange(0, 900)]
        public int? DelaySeconds { get; set; }

        /// <summary>Send in an order shuffled from the seed.</summary>
        [Parameter]
        public SwitchParameter Shuffle { get; set; }

        /// <summary>FIFO: the message group, as text, or a script block that derives it from each body ($_).</summary>
        [Parameter]
        public object? MessageGroupId { get; set; }

        /// <summary>FIFO: take each message's group from this field of its JSON body.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MessageGroupField { get; set; }

        /// <summary>FIFO: the deduplication id, as text, or a script block that derives it from each body ($_).</summary>
        [Parameter]
        public object? DeduplicationId { get; set; }

        /// <summary>As the seeds' producer: the queue from QUEUE_URL when -QueueUrl is not given (connecting as the seeds do), and the burst's throughput printed.</summary>
        [Parameter]
        [Alias("FromEnvironment")]
        public SwitchParameter FromEnvironmentVariables { get; set; }

        protected override void ProcessRecord()
        {
            if (FromEnvironmentVariables && string.IsNullOrEmpty(QueueUrl))
            {
                QueueUrl = System.Environment.GetEnvironmentVariable(ReferenceConsumerVariables.QueueUrl);
                if (Backend == null) global::SqsDemo.Session.ReferenceConsumerConnection.ConnectIfNeeded(this, Session, QueueUrl);
            }
            if (!RequireQueueUrl(QueueUrl, "No queue to send to.", "Pipe an environment from New-DemoEnvironment, give -QueueUrl, or set QUEUE_URL with -FromEnvironmentVariables.")) return;
            var options = new ProducerOptions { Rate = Rate, BatchSize = BatchSize, DelaySeconds = DelaySeconds };
            if (ParameterSetName == BodySet)
            {
                var accepted = AcceptableBodies();
                // Bodies piped in arrive one per record: to shuffle or batch them, gather them first.
                if (GathersBodies && _gatheredQueueUrl == QueueUrl)
                {
                    _gathered.AddRange(accepted);
                    return;
                }
                options.Bodies = accepted;
                if (options.Bodies.Count == 0) return;
            }
            else
            {
                options.Count = Count;
                options.PoisonCount = PoisonCount;
                options.PoisonEvery = PoisonEvery;
                options.Seed = Seed;
                try
                {
                    options.Validate();
                }
                catch (ArgumentException e)
                {
                    ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidProducerOptions, ErrorCategory.InvalidArgument, null));
                }
            }

            Send(options);
        }

        private void Send(ProducerOptions options)
        {
            var total = options.Bodies?.Count ?? options.Count;
            if (!ShouldProcess(QueueUrl, $"Send {total} message(s)")) return;
            var backend = ActiveBackend;
            options.MessageGroupField = MessageGroupField;
            options.Shuffle = Shuffle;
            var producer = new Producer(backend, options);
            if (!ResolvePerMessage(producer)) return;
            var queueUrl = QueueUrl!;
            var progress = total > ProgressThreshold
                ? new ThrottledProgress(this, Session.WallClock, ProgressActivityId, $"Sending {total} messages to {QueueName(queueUrl)}", $"0 of {total} sent")
                : null;
            progress?.Show();
            int sentCount = 0, failedCount = 0;
            void Advance()
            {
                if (progress == null) return;
                var done = sentCount + failedCount;
                progress.Record.PercentComplete = (int)(100L * done / total);
                progress.Record.StatusDescription = $"{sentCount} of {total} sent" + (failedCount > 0 ? $", {failedCount} failed" : "");
                progress.Show();
            }
            if (_burstClock == null)
            {
                _burstClock = System.Diagnostics.Stopwatch.StartNew();
                _burstScenarioStart = backend.ScenarioTime;
            }
            _burstRun = backend;
            _burstQueueUrl = queueUrl;
            try
            {
                Run(writer => producer.RunAsync(queueUrl,
                    sent => writer.Post(() =>
                    {
                        WriteObject(sent);
                        sentCount++;
                        Advance();
                    }),
                    failed => writer.Post(() =>
                    {
                        WriteError(new ErrorRecord(failed.Error, failed.Error.ErrorCode, ErrorRecords.CategoryOf(failed.Error.ErrorCode), failed.Body));
                        failedCount++;
                        Advance();
                    }),
                    StopToken));
            }
            catch (SqsException e)
            {
                Fail(e, queueUrl, terminating: true);
            }
            finally
            {
                progress?.Complete();
                _burstSent += sentCount;
                _burstFailed += failedCount;
            }
        }

        private System.Diagnostics.Stopwatch? _burstClock;
        private TimeSpan _burstScenarioStart;
        private Engine.Backends.DemoRun? _burstRun;
        private string? _burstQueueUrl;
        private int _burstSent, _burstFailed;

        /// <summary>
        /// The whole command's throughput on the information stream (tag Throughput), on wall-clock time as the seeds'
        /// producer measures it and on the scenario clock as the queue's metrics see it; with -FromEnvironmentVariables
        /// also shown, as that producer prints it.
        /// </summary>
        private void WriteThroughput()
        {
            if (_burstClock == null || _burstQueueUrl == null || _burstRun == null) return;
            _burstClock.Stop();
            var throughput = new SendThroughput(_burstQueueUrl, _burstSent, _burstFailed, _burstClock.Elapsed, _burstRun.ScenarioTime - _burstScenarioStart);
            WriteInformation(throughput, FromEnvironmentVariables ? new[] { ThroughputTag, "PSHOST" } : new[] { ThroughputTag });
        }

        /// <summary>The information record's tag that says it is the throughput of the sends.</summary>
        public const string ThroughputTag = "Throughput";

        private static string QueueName(string queueUrl) => QueueAddress.NameOf(queueUrl);

        private readonly System.Collections.Generic.List<string> _gathered = new System.Collections.Generic.List<string>();
        private string? _gatheredQueueUrl;

        private bool GathersBodies => ParameterSetName == BodySet && (Shuffle || BatchSize > 1);

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (GathersBodies && !string.IsNullOrEmpty(QueueUrl)) _gatheredQueueUrl = QueueUrl;
        }

        protected override void EndProcessing()
        {
            if (_gathered.Count > 0)
                Send(new ProducerOptions { Rate = Rate, BatchSize = BatchSize, DelaySeconds = DelaySeconds, Bodies = _gathered.ToArray() });
            WriteThroughput();
        }

        /// <summary>
        /// Script-block group and deduplication ids run here, on the pipeline thread, once per
        /// planned message with the body as $_: the engine's threads cannot run PowerShell.
        /// </summary>
        private bool ResolvePerMessage(Producer producer)
        {
            var group = Unwrap(MessageGroupId);
            var dedup = Unwrap(DeduplicationId);
            if (group == null && dedup == null) return true;
            foreach (var planned in producer.Plan())
            {
                _planned++;
                if (group != null) planned.MessageGroupId = IdFor(group, "MessageGroupId", ErrorIds.MessageGroupScriptFailed, planned);
                if (dedup != null) planned.DeduplicationId = IdFor(dedup, "DeduplicationId", ErrorIds.DeduplicationIdScriptFailed, planned);
            }
            return true;
        }

        /// <summary>Messages this call has planned so far, piped bodies arriving one per record included: the failing one's place.</summary>
        private int _planned;

        /// <summary>
        /// The id a parameter gives one message: its text, or what its script block returns for the body. A script that
        /// throws stops the call before anything is sent, naming the parameter and the message; its error stays the inner one.
        /// </summary>
        private string? IdFor(object given, string parameter, string errorId, PlannedMessage planned)
        {
            if (!(given is ScriptBlock script)) return given.ToString();
            try
            {
                return Evaluate(script, planned.Body);
            }
            catch (RuntimeException e)
            {
                var body = planned.Body.Length > 80 ? planned.Body.Substring(0, 80) + "..." : planned.Body;
                // Piped bodies are sent one per record: those before this one may be sent already, and stay so.
                var sent = _burstSent == 0 ? "Nothing was sent." : $"The {_burstSent} message(s) sent before it stay sent; nothing more was sent.";
                var message = $"The -{parameter} script block failed on message {_planned} of this call (body {body}): {e.Message.TrimEnd('.')}. {sent}";
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(message, e), errorId, ErrorCategory.InvalidArgument, planned.Body)
                {
                    ErrorDetails = new ErrorDetails(message)
                    {
                        RecommendedAction = $"Fix the -{parameter} script block so it returns an id for every body ($_ is the body's text; ConvertFrom-Json reads its fields), or give -{parameter} as text.",
                    },
                });
                throw;
            }
        }

        private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

        private static string? Evaluate(ScriptBlock script, string body)
        {
            var result = script.InvokeWithContext(null, new System.Collections.Generic.List<PSVariable> { new PSVariable("_", body) });
            return result.Count == 0 || result[0] == null ? null : result[0].ToString();
        }

        /// <summary>A body that is not text: sending its type name would hide the mistake, so it is refused and named.</summary>
        private static ErrorRecord NotText(object? given)
        {
            var type = Unwrap(given)?.GetType().FullName ?? "null";
            return ErrorRecords.Create(ErrorIds.NonStringMessageBody, ErrorCategory.InvalidType, given,
                $"A message body must be text; this one is a {type}, and nothing was sent for it.",
                "Convert it to the text you mean to send first, for example: $value | ConvertTo-Json -Compress | Send-DemoMessage -QueueUrl <url>. To send generated messages to an environment piped in, give -Count.");
        }

        /// <summary>Refuses, one error each, the bodies SQS would refuse for their size or emptiness; the rest go.</summary>
        private List<string> AcceptableBodies()
        {
            var accepted = new List<string>();
            foreach (var given in Body)
            {
                if (!(Unwrap(given) is string body))
                {
                    WriteError(NotText(given));
                    continue;
                }
                if (string.IsNullOrEmpty(body))
                {
                    WriteError(ErrorRecords.Create(ErrorIds.EmptyMessageBody, ErrorCategory.InvalidArgument, body,
                        "A message body must have at least one character.", "Give a non-empty body."));
                    continue;
                }
                var bytes = Encoding.UTF8.GetByteCount(body);
                if (bytes > SqsLimits.MaxMessageSizeBytes)
                {
                    WriteError(ErrorRecords.Create(ErrorIds.MessageTooLarge, ErrorCategory.LimitsExceeded, body.Substring(0, Math.Min(64, body.Length)) + "...",
                        string.Format(System.Globalization.CultureInfo.InvariantCulture, "The message body is {0:N0} bytes; SQS accepts at most {1:N0} bytes (1 MiB) including message attributes.", bytes, SqsLimits.MaxMessageSizeBytes),
                        "Store large payloads elsewhere (for example S3) and send a reference."));
                    continue;
                }
                accepted.Add(body);
            }
            return accepted;
        }
    }
}

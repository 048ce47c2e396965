using System;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;
using SqsDemo.Jobs;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs a consumer: receive, process, delete, with chaos knobs.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "DemoConsumer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ConsumerRecord))]
    [OutputType(typeof(ConsumerJob))]
    public sealed class StartDemoConsumerCommand : DemoCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        /// <summary>The consumer's name in the journal and the job's name; consumer-N when omitted.</summary>
        [Parameter]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        public string? ConsumerId { get; set; }

        [Parameter]
        [ValidateRange(0, 20)]
        public int? WaitTimeSeconds { get; set; }

        [Parameter]
        [ValidateRange(1, 10)]
        public int MaxMessages { get; set; } = 1;

        [Parameter]
        [ValidateRange(0, 43200)]
        public int? VisibilityTimeout { get; set; }

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
        [ValidateRange(0, 10_000_000)]
        public int IdempotencyCacheSize { get; set; }

        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(QueueUrl))
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.QueueNotSpecified, ErrorCategory.InvalidArgument, null,
                    "No queue to consume from.", "Pipe an environment from New-DemoEnvironment, or give -QueueUrl."));
                return;
            }
            var backend = Backend;
            var options = new ConsumerOptions
            {
                ConsumerId = ConsumerId ?? backend.NextConsumerId(),
                QueueUrl = QueueUrl!,
                WaitTimeSeconds = WaitTimeSeconds,
                MaxMessages = MaxMessages,
                VisibilityTimeout = VisibilityTimeout,
                MessageLimit = MessageLimit,
                IdleTimeoutSeconds = IdleTimeoutSeconds,
                RejectPayloadMarker = RejectPayloadMarker,
                CrashRate = CrashRate,
                CrashAfterReceive = CrashAfterReceive,
                IdempotencyCacheSize = IdempotencyCacheSize,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidConsumerOptions, ErrorCategory.InvalidArgument, options));
            }
            if (!ShouldProcess(options.QueueUrl, $"Start consumer {options.ConsumerId} (receives and deletes messages)")) return;

            if (AsJob)
            {
                var job = new ConsumerJob(MyInvocation.Line, backend, options);
                JobRepository.Add(job);
                Session.Track(job);
                job.StartJob();
                WriteObject(job);
                return;
            }

            var consumer = new Consumer(backend, options);
            var summary = Run(writer =>
            {
                consumer.Warning += (_, message) => writer.Post(() => WriteWarning(message));
                return consumer.RunAsync(record => writer.Post(() => WriteObject(record)), StopToken);
            });
            WriteVerbose($"{summary.ConsumerId} ended ({summary.Ending}): {summary.Received} received, {summary.Processed} processed, {summary.Rejected} rejected, {summary.DuplicatesSkipped} duplicates skipped.");
            if (summary.Ending == ConsumerEnding.Crashed)
                WriteError(new ErrorRecord(new ConsumerCrashedException(summary.ConsumerId, summary.Reason ?? "crash"), ErrorIds.ConsumerCrashed, ErrorCategory.OperationStopped, summary.ConsumerId));
            else if (summary.Ending == ConsumerEnding.Faulted)
                WriteError(ErrorRecords.Create(ErrorIds.ConsumerFaulted, ErrorCategory.InvalidOperation, summary.ConsumerId,
                    $"Consumer {summary.ConsumerId} could not go on: {summary.Reason}"));
        }
    }
}

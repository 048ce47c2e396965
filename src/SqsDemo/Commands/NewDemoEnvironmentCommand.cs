using System;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Environments;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a queue and its dead-letter queue with a redrive policy.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DemoEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DemoEnvironment))]
    public sealed class NewDemoEnvironmentCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateRange(0, 43200)]
        public int VisibilityTimeout { get; set; } = 10;

        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxReceiveCount { get; set; } = 2;

        [Parameter]
        [ValidateRange(0, 20)]
        public int ReceiveWaitTime { get; set; } = 10;

        [Parameter]
        [ValidateRange(60, 1209600)]
        public int? MessageRetentionPeriod { get; set; }

        [Parameter]
        [ValidateRange(0, 900)]
        public int? DelaySeconds { get; set; }

        /// <summary>Also create the idempotency ledger's status and side-effects tables.</summary>
        [Parameter]
        public SwitchParameter Ledger { get; set; }

        /// <summary>A FIFO queue (name.fifo) with a FIFO dead-letter queue.</summary>
        [Parameter]
        public SwitchParameter Fifo { get; set; }

        /// <summary>FIFO: deduplicate by the SHA-256 of the body when no deduplication id is given.</summary>
        [Parameter]
        public SwitchParameter ContentBasedDeduplication { get; set; }

        /// <summary>
        /// An existing queue of the same type to redrive to instead of creating a DLQ (for example another
        /// environment's: $orders.DeadLetterQueueUrl). Deliberately not bound from the pipeline: piping an
        /// environment in must not make the new one share its DLQ unasked.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? DeadLetterQueueUrl { get; set; }

        protected override string? TargetQueueUrl => DeadLetterQueueUrl;

        protected override void ProcessRecord()
        {
            if (!EnvironmentProvisioner.IsValidName(Name))
            {
                WriteError(ErrorRecords.Create(ErrorIds.InvalidEnvironmentName, ErrorCategory.InvalidArgument, Name,
                    $"'{Name}' is not a valid environment name.",
                    "Use 1-56 letters, digits, '-' or '_': a run prefix, \"-dlq\" and \".fifo\" must fit within SQS's 80-character limit."));
                return;
            }
            if (ContentBasedDeduplication && !Fifo)
            {
                WriteError(ErrorRecords.Create(ErrorIds.ContentBasedDeduplicationNeedsFifo, ErrorCategory.InvalidArgument, Name,
                    "-ContentBasedDeduplication is an attribute of FIFO queues.", "Add -Fifo, or leave -ContentBasedDeduplication out."));
                return;
            }
            var adopting = ActiveBackend.Provisioned.TryGetValue(Name, out var provisioned);
            if (adopting && !ShouldProcess(Name, $"Use Terraform's queue {provisioned!.QueueUrl}: set its attributes (visibility {VisibilityTimeout}s, maxReceiveCount {MaxReceiveCount}) and drain it and its dead-letter queue{(provisioned.HasLedger ? ", and empty its ledger tables" : "")}"))
                return;
            var deadLetterQueue = DeadLetterQueueUrl == null
                ? $"dead-letter queue '{EnvironmentProvisioner.DeadLetterQueueName(ActiveBackend.NamePrefix + Name, Fifo)}'"
                : $"a redrive policy to the existing dead-letter queue {DeadLetterQueueUrl}";
            if (!adopting && !ShouldProcess(Name, $"Create queue '{EnvironmentProvisioner.QueueName(ActiveBackend.NamePrefix + Name, Fifo)}' and {deadLetterQueue} (visibility {VisibilityTimeout}s, maxReceiveCount {MaxReceiveCount}){(Ledger ? " and the ledger's tables" : "")}"))
                return;
            var spec = new EnvironmentSpec
            {
                Name = Name,
                VisibilityTimeout = VisibilityTimeout,
                MaxReceiveCount = MaxReceiveCount,
                ReceiveWaitTime = ReceiveWaitTime,
                MessageRetentionPeriod = MessageRetentionPeriod,
                DelaySeconds = DelaySeconds,
                Ledger = Ledger,
                Fifo = Fifo,
                ContentBasedDeduplication = ContentBasedDeduplication,
                DeadLetterQueueUrl = DeadLetterQueueUrl,
            };
            var backend = ActiveBackend;
            try
            {
                var environment = Run(writer => EnvironmentProvisioner.CreateAsync(backend, spec, StopToken, warning => writer.Post(() => WriteWarning(warning))));
                Session.Remember(environment, backend);
                WriteObject(environment);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Fail(e, Name, terminating: false);
            }
        }
    }
}

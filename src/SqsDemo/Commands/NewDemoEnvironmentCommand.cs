using System;
using System.Management.Automation;
using SqsDemo.Engine.Environments;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a queue and its dead-letter queue with a redrive policy.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DemoEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DemoEnvironment))]
    public sealed class NewDemoEnvironmentCommand : DemoCmdlet
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

        protected override void ProcessRecord()
        {
            if (!EnvironmentProvisioner.IsValidName(Name))
            {
                WriteError(ErrorRecords.Create(ErrorIds.InvalidEnvironmentName, ErrorCategory.InvalidArgument, Name,
                    $"'{Name}' is not a valid environment name.",
                    "Use 1-76 letters, digits, '-' or '_'; the dead-letter queue adds \"-dlq\" within SQS's 80-character limit."));
                return;
            }
            if (!ShouldProcess(Name, $"Create queue '{Name}' and dead-letter queue '{Name}{EnvironmentProvisioner.DeadLetterSuffix}' (visibility {VisibilityTimeout}s, maxReceiveCount {MaxReceiveCount}){(Ledger ? " and the ledger's tables" : "")}"))
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
            };
            var backend = Backend;
            try
            {
                var environment = Run(_ => EnvironmentProvisioner.CreateAsync(backend, spec, StopToken));
                Session.Remember(environment);
                WriteObject(environment);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Fail(e, Name, terminating: false);
            }
        }
    }
}

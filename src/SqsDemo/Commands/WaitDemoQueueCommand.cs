using System;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits on the scenario clock until a queue's counts meet a condition (empty, at least N visible, N in flight...), then returns them.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "DemoQueue")]
    [OutputType(typeof(QueueStatistics))]
    public sealed class WaitDemoQueueCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string QueueUrl { get; set; } = "";

        /// <summary>The DLQ, for -DeadLetterVisibleAtLeast; bound from an environment piped in.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? DeadLetterQueueUrl { get; set; }

        /// <summary>Nothing visible, in flight or delayed.</summary>
        [Parameter]
        public SwitchParameter Empty { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? VisibleAtLeast { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? VisibleAtMost { get; set; }

        /// <summary>Exactly this many in flight.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? InFlight { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? DeadLetterVisibleAtLeast { get; set; }

        /// <summary>Scenario seconds to wait at most; then a QueueWaitTimedOut error.</summary>
        [Parameter]
        [ValidateRange(0.0, 86_400.0)]
        public double TimeoutSeconds { get; set; } = 300;

        protected override string? TargetQueueUrl => QueueUrl;

        protected override void ProcessRecord()
        {
            var condition = new QueueCondition
            {
                Empty = Empty, VisibleAtLeast = VisibleAtLeast, VisibleAtMost = VisibleAtMost, InFlight = InFlight, DeadLetterVisibleAtLeast = DeadLetterVisibleAtLeast,
            };
            if (!condition.IsSpecified)
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.QueueConditionNotSpecified, ErrorCategory.InvalidArgument, QueueUrl,
                    "Wait-DemoQueue needs a condition to wait for.", "Give -Empty, -VisibleAtLeast, -VisibleAtMost, -InFlight or -DeadLetterVisibleAtLeast."));
            if (DeadLetterVisibleAtLeast != null && string.IsNullOrEmpty(DeadLetterQueueUrl))
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.QueueConditionNotSpecified, ErrorCategory.InvalidArgument, QueueUrl,
                    "-DeadLetterVisibleAtLeast needs the dead-letter queue.", "Pipe the environment in, or give -DeadLetterQueueUrl."));
            var backend = ActiveBackend;
            (bool Held, QueueStatistics Last) outcome;
            try
            {
                outcome = Run(_ => condition.WaitAsync(backend.Broker, backend.Journal, backend.Clock, QueueUrl, DeadLetterQueueUrl,
                    TimeSpan.FromSeconds(TimeoutSeconds), StopToken));
            }
            catch (SqsException e)
            {
                Fail(e, QueueUrl, terminating: true);
                return;
            }
            if (!outcome.Held)
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.QueueWaitTimedOut, ErrorCategory.OperationTimeout, QueueUrl,
                    $"Waited {TimeoutSeconds} scenario seconds for {outcome.Last.Name} to be {condition}; it has {outcome.Last.Visible} visible, {outcome.Last.InFlight} in flight, {outcome.Last.Delayed} delayed"
                    + (outcome.Last.DeadLetterVisible is int dead ? $", {dead} visible in the DLQ." : "."),
                    "Check that the consumers or producers you wait for are running, or raise -TimeoutSeconds."));
            WriteObject(outcome.Last);
        }
    }
}

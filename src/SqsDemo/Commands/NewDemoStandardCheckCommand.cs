using System.Management.Automation;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Emits the checks most scenarios end with: the queue drained, the DLQ empty, nothing lost.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DemoStandardCheck")]
    [OutputType(typeof(ScenarioCheck))]
    public sealed class NewDemoStandardCheckCommand : DemoBackendCmdlet
    {
        private static readonly StandardCheck[] All = { StandardCheck.Drained, StandardCheck.DeadLetterEmpty, StandardCheck.NothingLost };

        /// <summary>The environment to check, as New-DemoEnvironment returned it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public DemoEnvironment Environment { get; set; } = new DemoEnvironment();

        /// <summary>Which checks, in this order; all three by default.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public StandardCheck[] Check { get; set; } = All;

        protected override string? TargetQueueUrl => Environment?.QueueUrl;

        protected override void ProcessRecord()
        {
            var backend = ActiveBackend;
            try
            {
                foreach (var check in Run(_ => StandardChecks.TakeAsync(backend, Environment, Check, StopToken)))
                    WriteObject(check);
            }
            catch (SqsException e)
            {
                Fail(e, Environment, terminating: false);
            }
        }
    }
}

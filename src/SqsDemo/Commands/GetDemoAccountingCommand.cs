using System;
using System.Management.Automation;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Accounts for every message sent to an environment: processed, dead-lettered, still queued, or lost.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoAccounting")]
    [OutputType(typeof(MessageAccounting))]
    public sealed class GetDemoAccountingCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public DemoEnvironment Environment { get; set; } = new DemoEnvironment();

        protected override string? TargetQueueUrl => Environment?.QueueUrl;

        protected override void ProcessRecord()
        {
            var backend = ActiveBackend;
            try
            {
                WriteObject(Run(_ => MessageAccounting.TakeAsync(backend, Environment, StopToken)));
            }
            catch (SqsException e)
            {
                Fail(e, Environment, terminating: false);
            }
        }
    }
}

using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Broker;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Purges a queue: deletes every message in it, in flight ones included.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Clear, "DemoQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(string))]
    public sealed class ClearDemoQueueCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string QueueUrl { get; set; } = "";

        protected override string? TargetQueueUrl => QueueUrl;

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the purged queue's URL.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcessUnlessForced(Force, QueueUrl, "Purge every message (messages sent in the next 60 seconds may be deleted too)"))
                return;
            var broker = ActiveBackend.BrokerFor("user");
            try
            {
                Run(_ => broker.PurgeQueueAsync(QueueUrl, StopToken));
                if (PassThru) WriteObject(QueueUrl);
            }
            catch (SqsException e)
            {
                Fail(e, QueueUrl, terminating: false);
            }
        }
    }
}

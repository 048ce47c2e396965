using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Cancels a running redrive; the messages it already moved stay moved.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "DemoRedrive", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RedriveTask))]
    public sealed class StopDemoRedriveCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string TaskHandle { get; set; } = "";

        /// <summary>The redriven dead-letter queue (from the task piped in).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string SourceQueueUrl { get; set; } = "";

        protected override string? TargetQueueUrl => SourceQueueUrl;

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(SourceQueueUrl, $"Cancel redrive {TaskHandle}")) return;
            var backend = ActiveBackend;
            try
            {
                WriteObject(Run(_ => backend.Redrive.StopAsync(TaskHandle, SourceQueueUrl, StopToken)));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Fail(e, TaskHandle, terminating: false);
            }
        }
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the redrives of a dead-letter queue, newest first, with their status and counts.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoRedrive")]
    [OutputType(typeof(RedriveTask))]
    public sealed class GetDemoRedriveCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("SourceQueueUrl")]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string DeadLetterQueueUrl { get; set; } = "";

        protected override string? TargetQueueUrl => DeadLetterQueueUrl;

        protected override void ProcessRecord()
        {
            var backend = ActiveBackend;
            var source = DeadLetterQueueUrl;
            try
            {
                foreach (var task in Run(_ => backend.Redrive.ListAsync(source, StopToken))) WriteObject(task);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Fail(e, source, terminating: false);
            }
        }
    }
}

using System;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows a queue's approximate counts: visible, in flight, delayed, and its DLQ's.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoQueue")]
    [OutputType(typeof(QueueStatistics))]
    public sealed class GetDemoQueueCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string QueueUrl { get; set; } = "";

        /// <summary>The DLQ to count too; bound from an environment piped in.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? DeadLetterQueueUrl { get; set; }

        protected override string? TargetQueueUrl => QueueUrl;

        protected override void ProcessRecord()
        {
            var broker = ActiveBackend.Broker;
            try
            {
                WriteObject(Run(_ => QueueStatistics.ReadAsync(broker, QueueUrl, DeadLetterQueueUrl, StopToken)));
            }
            catch (SqsException e)
            {
                Fail(e, QueueUrl, terminating: false);
            }
        }
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;
using SqsDemo.Engine.Environments;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Redrives a dead-letter queue: moves its messages back to their source queue (or to another queue) with a message move task.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "DemoRedrive", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RedriveTask))]
    public sealed class StartDemoRedriveCommand : DemoBackendCmdlet
    {
        /// <summary>The dead-letter queue to redrive; binds from an environment's DeadLetterQueueUrl.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("SourceQueueUrl")]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string DeadLetterQueueUrl { get; set; } = "";

        protected override string? TargetQueueUrl => DeadLetterQueueUrl;

        /// <summary>Where to move the messages; by default each goes back to the queue it was dead-lettered from.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? DestinationQueueUrl { get; set; }

        [Parameter]
        [ValidateRange(1, 500)]
        public int? MaxMessagesPerSecond { get; set; }

        /// <summary>Wait until the redrive has ended, then output its final state.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(0.001, 1_000_000.0)]
        public double TimeoutSeconds { get; set; } = 3600;

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(DeadLetterQueueUrl, $"Move its messages to {DestinationQueueUrl ?? "the queues they came from"}")) return;
            var backend = ActiveBackend;
            var source = DeadLetterQueueUrl;
            try
            {
                var task = Run(_ => backend.Redrive.StartAsync(source, DestinationQueueUrl, MaxMessagesPerSecond, StopToken));
                if (task.IsFallback) WriteVerbose($"The backend has no message move tasks: redriving {source} by {Redrive.FallbackMethod}.");
                if (Wait) task = WaitFor(backend, task);
                WriteObject(task);
            }
            catch (TimeoutException e)
            {
                WriteError(new ErrorRecord(e, ErrorIds.RedriveTimedOut, ErrorCategory.OperationTimeout, source));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Fail(e, source, terminating: false);
            }
        }

        private const int ProgressActivityId = 0x5da;

        /// <summary>Waits for the redrive to end, with a bar of the messages moved.</summary>
        private RedriveTask WaitFor(Engine.Backends.DemoRun backend, RedriveTask task)
        {
            var queue = QueueAddress.NameOf(task.SourceQueueUrl);
            var progress = new ThrottledProgress(this, Session.WallClock, ProgressActivityId, "Redriving " + queue, Describe(task));
            progress.Show();
            try
            {
                return Run(writer => backend.Redrive.WaitAsync(task, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(TimeoutSeconds), StopToken,
                    current => writer.Post(() =>
                    {
                        progress.Record.StatusDescription = Describe(current);
                        if (current.ToMove > 0) progress.Record.PercentComplete = (int)Math.Min(100, 100 * current.Moved / current.ToMove.Value);
                        progress.Show();
                    })));
            }
            finally
            {
                progress.Complete();
            }
        }

        private static string Describe(RedriveTask task) =>
            $"{task.Status}: {task.Moved} of {(task.ToMove?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")} moved" + (task.IsFallback ? " (receive-send-delete)" : "");
    }
}

using System;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;
using SqsDemo.Jobs;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Sends generated messages at a steady rate until stopped: the producer that keeps a queue under load.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "DemoProducer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ProducerJob), typeof(SentMessage))]
    public sealed class StartDemoProducerCommand : DemoBackendCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        protected override string? TargetQueueUrl => QueueUrl;

        /// <summary>Messages per scenario second.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateRange(0.001, 100_000.0)]
        public double Rate { get; set; }

        [Parameter]
        [ValidateRange(1, 10)]
        public int BatchSize { get; set; } = 1;

        /// <summary>Every Nth message is poison.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int PoisonEvery { get; set; }

        /// <summary>Stop after this many messages; without it the producer runs until stopped.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Count { get; set; }

        [Parameter]
        public int? Seed { get; set; }

        /// <summary>A name for the job (and the producer's random stream); producer-N when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected override void ProcessRecord()
        {
            if (!RequireQueueUrl(QueueUrl, "No queue to send to.", "Pipe an environment from New-DemoEnvironment, or give -QueueUrl.")) return;
            var backend = ActiveBackend;
            var name = Name ?? backend.NextProducerName();
            var options = new ProducerOptions { Rate = Rate, BatchSize = BatchSize, PoisonEvery = PoisonEvery, Seed = Seed, Actor = name };
            if (!ShouldProcess(QueueUrl, $"Start producer {name} at {Rate} message(s) per second{(Count is int c ? $", {c} messages" : " until stopped")}")) return;
            Producer producer;
            try
            {
                producer = new Producer(backend, options);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidProducerOptions, ErrorCategory.InvalidArgument, options));
                return;
            }
            if (AsJob)
            {
                var job = new ProducerJob(MyInvocation.Line, name, backend, producer, QueueUrl!, Count);
                JobRepository.Add(job);
                Session.Track(job);
                job.StartJob();
                WriteObject(job);
                return;
            }
            var queueUrl = QueueUrl!;
            try
            {
                // In the foreground it runs until -Count or Ctrl+C, which ends it gracefully.
                var sent = Run(writer => producer.RunContinuouslyAsync(queueUrl,
                    m => writer.Post(() => WriteObject(m)),
                    failed => writer.Post(() => WriteError(new ErrorRecord(failed.Error, failed.Error.ErrorCode, ErrorRecords.CategoryOf(failed.Error.ErrorCode), failed.Body))),
                    StopToken, Count));
                WriteVerbose($"{name} sent {sent} message(s).");
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Fail(e, queueUrl, terminating: true);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SqsDemo.Completers;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;
using SqsDemo.Jobs;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Watches a queue's depth and adds consumers while it stays high; stops the producer once the load is handled and returns when the queue has drained.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "DemoAutoscaler", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(AutoscalerReport))]
    public sealed class InvokeDemoAutoscalerCommand : DemoBackendCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        protected override string? TargetQueueUrl => QueueUrl;

        /// <summary>Starts one consumer and outputs its job; run on each scale-out. Without it, a default Start-DemoConsumer -AsJob.</summary>
        [Parameter]
        public ScriptBlock? ScaleOut { get; set; }

        /// <summary>The producer job to stop once the consumers keep up.</summary>
        [Parameter]
        public ProducerJob? Producer { get; set; }

        [Parameter]
        [ValidateRange(0.001, 3600.0)]
        public double IntervalSeconds { get; set; } = 5;

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int ScaleOutDepth { get; set; } = 10;

        [Parameter]
        [ValidateRange(0, 1000)]
        public int InitialConsumers { get; set; } = 1;

        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxConsumers { get; set; } = 10;

        [Parameter]
        [ValidateRange(1, 1000)]
        public int QuietTicks { get; set; } = 3;

        [Parameter]
        [ValidateRange(0.001, 1_000_000.0)]
        public double TimeoutSeconds { get; set; } = 3600;

        /// <summary>Leave the consumers running at the end (by default they are stopped gracefully once the queue has drained).</summary>
        [Parameter]
        public SwitchParameter KeepConsumers { get; set; }

        protected override void ProcessRecord()
        {
            if (!RequireQueueUrl(QueueUrl, "No queue to watch.", "Pipe an environment from New-DemoEnvironment, or give -QueueUrl.")) return;
            var policy = CreatePolicy();
            var queueUrl = QueueUrl!;
            if (!ShouldProcess(queueUrl, $"Watch depth every {IntervalSeconds}s and start up to {MaxConsumers} consumer(s)")) return;

            var consumers = new List<Job>();
            var ticks = new List<AutoscalerTick>();
            var report = new AutoscalerReport { QueueUrl = queueUrl, Ticks = ticks };
            var progress = new ThrottledProgress(this, Session.WallClock, 0x5d7, "Autoscaling " + QueueAddress.NameOf(queueUrl), "starting");
            try
            {
                progress.Show();
                for (var i = 0; i < InitialConsumers; i++) StartConsumer(consumers, report, queueUrl);
                Watch(policy, queueUrl, consumers, report, ticks, progress);
            }
            catch (Exception e) when (!(e is PipelineStoppedException) && !(e is RuntimeException))
            {
                // The queue went away, or the backend failed: a stable error id, and the ticks so far.
                WriteObject(report);
                Fail(e, queueUrl, terminating: true);
            }
            finally
            {
                if (!KeepConsumers)
                    foreach (var job in consumers.Where(j => !IsFinished(j))) job.StopJob();
                progress.Complete();
            }
            WriteObject(report);
        }

        private AutoscalerPolicy CreatePolicy()
        {
            var options = new AutoscalerOptions
            {
                IntervalSeconds = IntervalSeconds, ScaleOutDepth = ScaleOutDepth, InitialConsumers = InitialConsumers,
                MaxConsumers = MaxConsumers, QuietTicks = QuietTicks, TimeoutSeconds = TimeoutSeconds,
            };
            try
            {
                return new AutoscalerPolicy(options);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidAutoscalerOptions, ErrorCategory.InvalidArgument, options));
                throw; // not reached: ThrowTerminatingError throws
            }
        }

        /// <summary>One tick per interval: read the depth, let the policy decide, act, until the queue drains or the time runs out.</summary>
        private void Watch(AutoscalerPolicy policy, string queueUrl, List<Job> consumers, AutoscalerReport report, List<AutoscalerTick> ticks, ThrottledProgress progress)
        {
            var backend = ActiveBackend;
            var producerRunning = Producer != null && !Producer.IsFinishedOrDisposed();
            var started = backend.ScenarioTime;
            for (var number = 1; ; number++)
            {
                Run(_ => backend.Clock.Delay(TimeSpan.FromSeconds(IntervalSeconds), StopToken));
                var stats = Run(_ => QueueStatistics.ReadAsync(backend.Broker, queueUrl, null, StopToken));
                var running = consumers.Count(j => !IsFinished(j));
                var processed = backend.Journal.Where(e => e.Kind == JournalEventKind.Processed && e.QueueUrl == queueUrl).Count;
                producerRunning &= Producer != null && !Producer.IsFinishedOrDisposed();
                var action = policy.Decide(stats.Visible, stats.InFlight, running, producerRunning, processed);
                var tick = new AutoscalerTick { Number = number, ScenarioTime = backend.ScenarioTime, Visible = stats.Visible, InFlight = stats.InFlight, Consumers = running, Processed = processed, Action = action };
                ticks.Add(tick);
                report.PeakConsumers = Math.Max(report.PeakConsumers, running);
                WriteVerbose($"tick {number} at {tick.ScenarioTime.TotalSeconds:0.#}s: visible {tick.Visible}, in flight {tick.InFlight}, consumers {running}, processed {processed}{(action == AutoscalerAction.None ? "" : " -> " + action)}");
                progress.Record.StatusDescription = $"tick {number}: visible {tick.Visible}, in flight {tick.InFlight}, consumers {running}";
                progress.Show();

                if ((action & AutoscalerAction.StopProducer) != 0) producerRunning = false;
                if (Act(action, tick, queueUrl, consumers, report)) return;
                if ((backend.ScenarioTime - started).TotalSeconds >= TimeoutSeconds)
                {
                    report.TimedOut = true;
                    WriteError(ErrorRecords.Create(ErrorIds.AutoscalerTimedOut, ErrorCategory.OperationTimeout, queueUrl,
                        $"The queue did not drain within {TimeoutSeconds} scenario seconds (visible {stats.Visible}, in flight {stats.InFlight}).",
                        "Raise -MaxConsumers or -TimeoutSeconds, or look at the consumers' jobs for errors."));
                    return;
                }
            }
        }

        /// <summary>Does what the policy decided, and journals it; true when the queue has drained and the watch ends.</summary>
        private bool Act(AutoscalerAction action, AutoscalerTick tick, string queueUrl, List<Job> consumers, AutoscalerReport report)
        {
            var backend = ActiveBackend;
            if ((action & AutoscalerAction.ScaleOut) != 0)
            {
                StartConsumer(consumers, report, queueUrl);
                report.PeakConsumers = Math.Max(report.PeakConsumers, consumers.Count(j => !IsFinished(j)));
                backend.Journal.Record(JournalEventKind.ScaledOut, queueUrl, null, "autoscaler", detail: $"consumers {tick.Consumers} -> {tick.Consumers + 1} at visible depth {tick.Visible}",
                    facts: new JournalFacts { ConsumersBefore = tick.Consumers, ConsumersAfter = tick.Consumers + 1, VisibleDepth = tick.Visible });
            }
            if ((action & AutoscalerAction.StopProducer) != 0)
            {
                Producer!.StopJob();
                report.ProducerStoppedAt = backend.ScenarioTime;
                backend.Journal.Record(JournalEventKind.ProducerStopped, queueUrl, null, "autoscaler", detail: $"{Producer.Name} after {Producer.Sent} message(s): depth below {ScaleOutDepth} for {QuietTicks} tick(s)");
            }
            if ((action & AutoscalerAction.Drained) == 0) return false;
            report.DrainedAt = backend.ScenarioTime;
            return true;
        }

        private void StartConsumer(List<Job> consumers, AutoscalerReport report, string queueUrl)
        {
            // The block gets the queue URL and the backend being watched, so its consumers work where the depth is read.
            var script = ScaleOut ?? ScriptBlock.Create("param($queueUrl, $backend) Start-DemoConsumer -QueueUrl $queueUrl -Backend $backend -AsJob");
            var output = InvokeCommand.InvokeScript(false, script, null, queueUrl, ActiveBackend);
            var jobs = output.Select(o => o?.BaseObject).OfType<Job>().ToArray();
            if (jobs.Length == 0)
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidAutoscalerOptions, ErrorCategory.InvalidResult, ScaleOut,
                    "The -ScaleOut script block started no job.", "End it with a command that outputs a job, such as Start-DemoConsumer -AsJob."));
            consumers.AddRange(jobs);
            report.ConsumersStarted += jobs.Length;
        }

        private static bool IsFinished(Job job) =>
            job.JobStateInfo.State == JobState.Completed || job.JobStateInfo.State == JobState.Failed || job.JobStateInfo.State == JobState.Stopped;
    }
}

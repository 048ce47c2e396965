using System;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;

namespace SqsDemo.Jobs
{
    /// <summary>
    /// The worker child of a SqsDemo job: it runs engine work until it ends or is stopped. Stop-Job
    /// is graceful (the work in hand finishes) and blocks until the worker has ended; a stop that
    /// races the natural end changes nothing.
    /// </summary>
    public abstract class WorkerJob : DemoJobBase
    {
        protected WorkerJob(string command, string name) : base(command, name) { }

        /// <summary>Cancelled by Stop-Job: the engine work's stop signal.</summary>
        protected CancellationTokenSource StopSignal { get; } = new CancellationTokenSource();

        /// <summary>Serialises the worker's own state changes.</summary>
        protected object StateGate { get; } = new object();

        public override void StopJob()
        {
            lock (StateGate)
            {
                if (IsFinished(JobStateInfo.State)) return;
                if (JobStateInfo.State != JobState.Stopping) SetJobState(JobState.Stopping);
            }
            StopSignal.Cancel();
            Finished.WaitOne();
        }

        /// <summary>The consumer's summary, with its throughput, on the job's information stream (tag Throughput), as the foreground consumer writes it.</summary>
        protected void AddSummary(object summary, string consumerId) => Information.Add(SummaryRecord(summary, consumerId));

        /// <summary>A consumer's summary as an information record: tagged Throughput, its source the consumer, as its process's standard error lines are.</summary>
        public static InformationRecord SummaryRecord(object summary, string consumerId)
        {
            var record = new InformationRecord(summary, consumerId);
            record.Tags.Add(Commands.SendDemoMessageCommand.ThroughputTag);
            return record;
        }

        /// <summary>
        /// Ends the job as a consumer ended: Failed with ConsumerCrashed or ConsumerFaulted (and the reason), Stopped,
        /// or Completed. The caller holds <see cref="StateGate"/>.
        /// </summary>
        protected void EndAsConsumer(string consumerId, ConsumerEnding ending, string? reason)
        {
            switch (ending)
            {
                case ConsumerEnding.Crashed:
                    var crash = new ConsumerCrashedException(consumerId, reason ?? "crash");
                    Error.Add(new ErrorRecord(crash, ErrorIds.ConsumerCrashed, ErrorCategory.OperationStopped, consumerId));
                    SetJobState(JobState.Failed, crash);
                    break;
                case ConsumerEnding.Faulted:
                    var fault = new InvalidOperationException($"Consumer {consumerId} could not go on: {reason}");
                    Error.Add(new ErrorRecord(fault, ErrorIds.ConsumerFaulted, ErrorCategory.InvalidOperation, consumerId));
                    SetJobState(JobState.Failed, fault);
                    break;
                case ConsumerEnding.Stopped:
                    SetJobState(JobState.Stopped);
                    break;
                default:
                    SetJobState(JobState.Completed);
                    break;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                if (!IsFinished(JobStateInfo.State)) StopJob();
                StopSignal.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

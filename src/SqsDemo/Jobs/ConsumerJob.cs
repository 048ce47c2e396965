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
    /// A consumer running in the background, managed by the built-in job cmdlets:
    /// Receive-Job gives its per-message records, Stop-Job is the graceful stop (SIGTERM),
    /// and a crash ends it as Failed with the reason.
    /// </summary>
    public sealed class ConsumerJob : BackendJob
    {
        public const string JobTypeName = "SqsDemoConsumerJob";
        private readonly ConsumerChildJob _child;

        internal ConsumerJob(string command, DemoBackend backend, ConsumerOptions options)
            : this(command, backend, new ConsumerChildJob(command, backend, options), options.ConsumerId)
        {
        }

        private ConsumerJob(string command, DemoBackend backend, ConsumerChildJob child, string name)
            : base(command, name, JobTypeName, backend, child) => _child = child;

        public string ConsumerId => Name;

        /// <summary>How the consumer ended; null while it runs.</summary>
        public ConsumerSummary? Summary => _child.Summary;
    }

    /// <summary>
    /// A SqsDemo job as the job cmdlets see it: one worker child that does the work on a backend;
    /// the parent reports the child's state, data and status, and Stop-Job stops it gracefully.
    /// </summary>
    public abstract class BackendJob : DemoJobBase
    {
        private readonly WorkerJob _worker;

        protected BackendJob(string command, string name, string jobTypeName, DemoBackend backend, WorkerJob worker)
            : base(command, name)
        {
            PSJobTypeName = jobTypeName;
            Backend = backend;
            _worker = worker;
            ChildJobs.Add(worker);
            worker.StateChanged += (_, e) => SetJobState(e.JobStateInfo.State, e.JobStateInfo.Reason);
        }

        public override DemoBackend Backend { get; }

        public override bool HasMoreData => _worker.HasMoreData;

        public override string Location => Backend.Description;

        public override string StatusMessage => _worker.StatusMessage;

        public override void StartJob() => _worker.StartJob();

        /// <summary>Graceful: the work in hand is finished, then the worker ends. Blocks until it has.</summary>
        public override void StopJob() => _worker.StopJob();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _worker.Dispose();
            base.Dispose(disposing);
        }
    }

    internal sealed class ConsumerChildJob : WorkerJob
    {
        private readonly ConsumerSupervisor _consumer;

        // Named apart from its parent, prefix and all: Get-Job -Name (wildcards too) searches child jobs.
        public ConsumerChildJob(string command, DemoBackend backend, ConsumerOptions options)
            : base(command, "worker:" + options.ConsumerId)
        {
            PSJobTypeName = ConsumerJob.JobTypeName;
            _consumer = new ConsumerSupervisor(backend, options);
            _consumer.Warning += (_, message) => Warning.Add(new WarningRecord(message));
        }

        public ConsumerSummary? Summary { get; private set; }

        public override bool HasMoreData =>
            Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0 || Progress.Count > 0 || Debug.Count > 0 || Information.Count > 0;

        public override string Location => "";

        public override string StatusMessage => Summary == null
            ? "running"
            : $"{Summary.Ending}: {Summary.Processed} processed, {Summary.Rejected} rejected, {Summary.Restarts} restarts{(Summary.Reason == null ? "" : " (" + Summary.Reason + ")")}";

        public override void StartJob()
        {
            SetJobState(JobState.Running);
            _ = Task.Run(RunAsync);
        }

        private async Task RunAsync()
        {
            ConsumerSummary summary;
            try
            {
                summary = await _consumer.RunAsync(record => Output.Add(PSObject.AsPSObject(record)), StopSignal.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Error.Add(ErrorRecords.From(e, _consumer.ConsumerId));
                lock (StateGate) SetJobState(JobState.Failed, e);
                return;
            }
            Summary = summary;
            lock (StateGate) Finish(summary);
        }

        private void Finish(ConsumerSummary summary)
        {
            switch (summary.Ending)
            {
                case ConsumerEnding.Crashed:
                    var crash = new ConsumerCrashedException(_consumer.ConsumerId, summary.Reason ?? "crash");
                    Error.Add(new ErrorRecord(crash, ErrorIds.ConsumerCrashed, ErrorCategory.OperationStopped, _consumer.ConsumerId));
                    SetJobState(JobState.Failed, crash);
                    break;
                case ConsumerEnding.Faulted:
                    var fault = new InvalidOperationException($"Consumer {_consumer.ConsumerId} could not go on: {summary.Reason}");
                    Error.Add(new ErrorRecord(fault, ErrorIds.ConsumerFaulted, ErrorCategory.InvalidOperation, _consumer.ConsumerId));
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
    }

    /// <summary>
    /// What SqsDemo's jobs (consumers, producers) share. Jobs end Failed with their reason, as the built-in
    /// jobs do; the SDK reference assemblies do not expose the two-argument SetJobState that
    /// every PowerShell runtime (5.1 and 7) has, so it is found once by reflection.
    /// </summary>
    public abstract class DemoJobBase : Job
    {
        private static readonly MethodInfo? SetJobStateWithReason = typeof(Job).GetMethod(
            "SetJobState", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null,
            new[] { typeof(JobState), typeof(Exception) }, null);

        protected DemoJobBase(string command, string name) : base(command, name) { }

        protected static bool IsFinished(JobState state) =>
            state == JobState.Completed || state == JobState.Failed || state == JobState.Stopped;

        public abstract void StartJob();

        /// <summary>The backend the job works on (null for a worker child job).</summary>
        public virtual DemoBackend? Backend => null;

        internal bool IsFinishedOrDisposed() => IsFinished(JobStateInfo.State);

        protected void SetJobState(JobState state, Exception? reason)
        {
            if (reason != null && SetJobStateWithReason != null)
                SetJobStateWithReason.Invoke(this, new object[] { state, reason });
            else
                SetJobState(state);
        }
    }

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

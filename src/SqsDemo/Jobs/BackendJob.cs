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
    /// A SqsDemo job as the job cmdlets see it: one worker child that does the work on a backend;
    /// the parent reports the child's state, data and status, and Stop-Job stops it gracefully.
    /// </summary>
    public abstract class BackendJob : DemoJobBase
    {
        private readonly WorkerJob _worker;

        protected BackendJob(string command, string name, string jobTypeName, DemoRun backend, WorkerJob worker)
            : base(command, name)
        {
            PSJobTypeName = jobTypeName;
            Backend = backend;
            _worker = worker;
            ChildJobs.Add(worker);
            worker.StateChanged += (_, e) => SetJobState(e.JobStateInfo.State, e.JobStateInfo.Reason);
        }

        public override DemoRun Backend { get; }

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
}

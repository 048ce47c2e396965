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
        public virtual DemoRun? Backend => null;

        internal bool IsFinishedOrDisposed() => IsFinished(JobStateInfo.State);

        protected void SetJobState(JobState state, Exception? reason)
        {
            if (reason != null && SetJobStateWithReason != null)
                SetJobStateWithReason.Invoke(this, new object[] { state, reason });
            else
                SetJobState(state);
        }
    }
}

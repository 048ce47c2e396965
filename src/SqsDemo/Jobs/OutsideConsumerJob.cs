using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Outside;

namespace SqsDemo.Jobs
{
    /// <summary>
    /// Your own consumer, a process SqsDemo started against its endpoint, managed by the built-in job cmdlets:
    /// Receive-Job gives the lines it wrote to standard output (standard error as information tagged stderr),
    /// Stop-Job sends SIGTERM and, after the stop timeout, SIGKILL, and the state says how it
    /// ended: Completed (exit code 0 on its own), Stopped, or Failed (killed by the scenario, or a non-zero exit).
    /// </summary>
    public sealed class OutsideConsumerJob : BackendJob
    {
        public const string JobTypeName = "SqsDemoOutsideConsumerJob";
        private readonly OutsideConsumerChildJob _child;

        internal OutsideConsumerJob(string command, DemoRun backend, OutsideConsumerChildJob child)
            : base(command, child.ConsumerId, JobTypeName, backend, child) => _child = child;

        public string ConsumerId => Name;

        /// <summary>The consumer's command line.</summary>
        public string CommandLine => _child.CommandLine;

        /// <summary>The running process's id; null once it has ended (and between a crash and its restart).</summary>
        public int? ProcessId => _child.ProcessId;

        /// <summary>How the consumer ended, over every incarnation; null while it runs.</summary>
        public OutsideConsumerSummary? Summary => _child.Summary;

        /// <summary>The last process's exit code; null while it runs.</summary>
        public int? ExitCode => _child.Summary?.ExitCode;
    }
}

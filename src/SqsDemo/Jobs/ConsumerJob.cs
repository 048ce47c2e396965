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

        internal ConsumerJob(string command, DemoRun backend, ConsumerOptions options)
            : this(command, backend, new ConsumerChildJob(command, backend, options), options.ConsumerId)
        {
        }

        private ConsumerJob(string command, DemoRun backend, ConsumerChildJob child, string name)
            : base(command, name, JobTypeName, backend, child) => _child = child;

        public string ConsumerId => Name;

        /// <summary>How the consumer ended; null while it runs.</summary>
        public ConsumerSummary? Summary => _child.Summary;
    }
}

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
    internal sealed class ConsumerChildJob : WorkerJob
    {
        private readonly ConsumerSupervisor _consumer;

        // Named apart from its parent, prefix and all: Get-Job -Name (wildcards too) searches child jobs.
        public ConsumerChildJob(string command, DemoRun backend, ConsumerOptions options)
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
            AddSummary(summary, _consumer.ConsumerId);
            lock (StateGate) Finish(summary);
        }

        private void Finish(ConsumerSummary summary) => EndAsConsumer(_consumer.ConsumerId, summary.Ending, summary.Reason);
    }
}

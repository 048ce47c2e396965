using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;

namespace SqsDemo.Jobs
{
    /// <summary>
    /// A producer sending at a rate in the background until Stop-Job (or its limit): Receive-Job
    /// gives the messages it sent, and Sent counts them. Stop-Job finishes the send in hand.
    /// </summary>
    public sealed class ProducerJob : BackendJob
    {
        public const string JobTypeName = "SqsDemoProducerJob";
        private readonly ProducerChildJob _child;

        internal ProducerJob(string command, string name, DemoRun backend, Producer producer, string queueUrl, int? limit)
            : this(command, name, backend, new ProducerChildJob(command, name, producer, queueUrl, limit), queueUrl)
        {
        }

        private ProducerJob(string command, string name, DemoRun backend, ProducerChildJob child, string queueUrl)
            : base(command, name, JobTypeName, backend, child)
        {
            _child = child;
            QueueUrl = queueUrl;
        }

        public string QueueUrl { get; }

        /// <summary>Messages sent so far.</summary>
        public int Sent => _child.Sent;
    }

    internal sealed class ProducerChildJob : WorkerJob
    {
        private readonly Producer _producer;
        private readonly string _queueUrl;
        private readonly int? _limit;
        private int _sent;

        public ProducerChildJob(string command, string name, Producer producer, string queueUrl, int? limit)
            : base(command, "worker:" + name)
        {
            PSJobTypeName = ProducerJob.JobTypeName;
            _producer = producer;
            _queueUrl = queueUrl;
            _limit = limit;
        }

        public int Sent => Volatile.Read(ref _sent);

        public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0;
        public override string Location => "";
        public override string StatusMessage => $"{Sent} sent";

        public override void StartJob()
        {
            SetJobState(JobState.Running);
            _ = Task.Run(RunAsync);
        }

        private async Task RunAsync()
        {
            try
            {
                await _producer.RunContinuouslyAsync(_queueUrl,
                    sent => { Interlocked.Increment(ref _sent); Output.Add(PSObject.AsPSObject(sent)); },
                    failed => Error.Add(new ErrorRecord(failed.Error, failed.Error.ErrorCode, ErrorRecords.CategoryOf(failed.Error.ErrorCode), failed.Body)),
                    StopSignal.Token, _limit).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Error.Add(ErrorRecords.From(e, _queueUrl));
                lock (StateGate) SetJobState(JobState.Failed, e);
                return;
            }
            lock (StateGate) SetJobState(StopSignal.IsCancellationRequested ? JobState.Stopped : JobState.Completed);
        }
    }
}

using System;
using System.Management.Automation;
using System.Threading.Tasks;
using SqsDemo.Engine.Outside;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;

namespace SqsDemo.Jobs
{
    /// <summary>The worker child of an <see cref="OutsideConsumerJob"/>: it relays the process's lines and ends as the process did.</summary>
    internal sealed class OutsideConsumerChildJob : WorkerJob
    {
        private OutsideConsumerSupervisor? _supervisor;

        public OutsideConsumerChildJob(string command, string consumerId, string commandLine)
            : base(command, "worker:" + consumerId)
        {
            PSJobTypeName = OutsideConsumerJob.JobTypeName;
            ConsumerId = consumerId;
            CommandLine = commandLine;
        }

        public string ConsumerId { get; }
        public string CommandLine { get; }
        public int? ProcessId => _supervisor?.ProcessId;
        public OutsideConsumerSummary? Summary { get; private set; }

        public override bool HasMoreData =>
            Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0 || Progress.Count > 0 || Debug.Count > 0 || Information.Count > 0;

        public override string Location => "";

        public override string StatusMessage => Summary == null
            ? (ProcessId is int id ? "running (process " + id + ")" : "running")
            : Summary.Ending + (Summary.ExitCode is int code ? ", exit code " + code : "") + (Summary.Restarts > 0 ? ", " + Summary.Restarts + " restarts" : "")
              + (Summary.Reason == null ? "" : " (" + Summary.Reason + ")");

        /// <summary>
        /// Each line the process writes: standard output as output; standard error, where consumers log, as
        /// information tagged stderr (Receive-Job -InformationVariable, or 6>&amp;1), so a log line is not an error.
        /// </summary>
        public void OnLine(object? sender, ProcessOutputLine line)
        {
            if (line.Stream == ProcessStream.StandardOutput) Output.Add(PSObject.AsPSObject(line.Text));
            else Information.Add(OutsideConsumerLines.Information(line));
        }

        /// <summary>Follows <paramref name="supervisor"/>, started already (so a command that cannot start failed the cmdlet, not the job).</summary>
        public void Follow(OutsideConsumerSupervisor supervisor) => _supervisor = supervisor;

        public override void StartJob()
        {
            SetJobState(JobState.Running);
            _ = _supervisor!.Completion.ContinueWith(ended => Finish(ended), TaskScheduler.Default);
        }

        public override void StopJob()
        {
            lock (StateGate)
            {
                if (IsFinished(JobStateInfo.State)) return;
                if (JobStateInfo.State != JobState.Stopping) SetJobState(JobState.Stopping);
            }
            if (_supervisor == null)
            {
                // Never started (its command could not start): nothing runs to stop.
                lock (StateGate) SetJobState(JobState.Stopped);
                return;
            }
            _supervisor.Stop();
            Finished.WaitOne();
        }

        private void Finish(Task<OutsideConsumerSummary> ended)
        {
            if (ended.IsFaulted)
            {
                var error = ended.Exception!.GetBaseException();
                Error.Add(ErrorRecords.From(error, ConsumerId));
                lock (StateGate) SetJobState(JobState.Failed, error);
                return;
            }
            var summary = Summary = ended.Result;
            AddSummary(summary, ConsumerId);
            lock (StateGate) EndAsConsumer(ConsumerId, summary.Ending, summary.Reason);
        }
    }
}

using System;
using System.Management.Automation;
using System.Threading;

namespace SqsDemo.Scenarios
{
    /// <summary>
    /// The progress bars of one Invoke-DemoScenario run: one for the run, and under it one for the
    /// phase the script last announced with Write-DemoPhase. A scenario script cannot write progress
    /// itself (Write-Progress is a Utility cmdlet, absent from a runspace of the SDK alone), and a
    /// record written by each Write-DemoPhase call would be a new bar from a new source, never
    /// completed; so every record comes from the Invoke-DemoScenario cmdlet. Write-DemoPhase runs
    /// nested inside it, on the same pipeline thread, where that cmdlet may still write.
    /// </summary>
    public sealed class ScenarioProgress
    {
        public const int RunActivityId = 0x5d6;
        public const int PhaseActivityId = 0x5d9;

        private readonly Cmdlet _owner;
        private readonly Thread _pipelineThread = Thread.CurrentThread;
        private readonly ProgressRecord _run;
        private ProgressRecord? _phase;

        public ScenarioProgress(Cmdlet owner, string scenario, string backend)
        {
            _owner = owner;
            _run = new ProgressRecord(RunActivityId, "Scenario " + scenario, "running on " + backend);
        }

        /// <summary>Phases announced so far.</summary>
        public int Phases { get; private set; }

        public void Start() => TryWrite(_run);

        /// <summary>
        /// Shows <paramref name="phase"/> as the run's current phase. False when called from another
        /// thread than the run's (a handler's runspace), where the run's cmdlet may not write.
        /// </summary>
        public bool EnterPhase(string phase, TimeSpan scenarioTime)
        {
            if (Thread.CurrentThread != _pipelineThread) return false;
            Phases++;
            _run.StatusDescription = $"phase {Phases}: {phase}";
            TryWrite(_run);
            _phase = new ProgressRecord(PhaseActivityId, phase, $"phase {Phases}, from {scenarioTime.TotalSeconds:0.#} s of scenario time")
            {
                ParentActivityId = RunActivityId,
            };
            TryWrite(_phase);
            return true;
        }

        /// <summary>Completes the phase's bar, then the run's; also when the run was stopped (the writes are then dropped).</summary>
        public void Complete()
        {
            if (_phase != null)
            {
                _phase.RecordType = ProgressRecordType.Completed;
                TryWrite(_phase);
            }
            _run.RecordType = ProgressRecordType.Completed;
            TryWrite(_run);
        }

        private void TryWrite(ProgressRecord record)
        {
            try
            {
                _owner.WriteProgress(Infrastructure.ThrottledProgress.Snapshot(record));
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C: nothing is shown any more.
            }
        }
    }
}

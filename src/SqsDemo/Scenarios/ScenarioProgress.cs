using System;
using System.Management.Automation;
using System.Threading;
using SqsDemo.Infrastructure;

namespace SqsDemo.Scenarios
{
    /// <summary>
    /// The progress bars of one Invoke-DemoScenario run: one for the run, and under it one for the
    /// phase the script last announced with Write-DemoPhase. A scenario script cannot write progress
    /// itself (Write-Progress is a Utility cmdlet, absent from a runspace of the SDK alone), and a
    /// record written by each Write-DemoPhase call would be a new bar from a new source, never
    /// completed; so every record comes from the Invoke-DemoScenario cmdlet. Write-DemoPhase runs
    /// nested inside it, on the same pipeline thread, where that cmdlet may still write. Both bars
    /// are throttled by wall time like any other: a fast scenario moves through phases quicker than
    /// anyone reads them.
    /// </summary>
    public sealed class ScenarioProgress
    {
        public const int RunActivityId = 0x5d6;
        public const int PhaseActivityId = 0x5d9;

        private readonly Thread _pipelineThread = Thread.CurrentThread;
        private readonly ThrottledProgress _run;
        private readonly ThrottledProgress _phase;

        public ScenarioProgress(Cmdlet owner, TimeProvider wallClock, string scenario, string backend)
        {
            _run = new ThrottledProgress(owner, wallClock, RunActivityId, "Scenario " + scenario, "running on " + backend);
            _phase = new ThrottledProgress(owner, wallClock, PhaseActivityId, "phase", "starting");
            _phase.Record.ParentActivityId = RunActivityId;
        }

        /// <summary>Phases announced so far.</summary>
        public int Phases { get; private set; }

        public void Start() => TryShow(_run);

        /// <summary>
        /// Shows <paramref name="phase"/> as the run's current phase. False when called from another
        /// thread than the run's (a handler's runspace), where the run's cmdlet may not write.
        /// </summary>
        public bool EnterPhase(string phase, TimeSpan scenarioTime)
        {
            if (Thread.CurrentThread != _pipelineThread) return false;
            Phases++;
            _run.Record.StatusDescription = $"phase {Phases}: {phase}";
            TryShow(_run);
            _phase.Record.Activity = phase;
            _phase.Record.StatusDescription = $"phase {Phases}, from {scenarioTime.TotalSeconds:0.#} s of scenario time";
            TryShow(_phase);
            return true;
        }

        /// <summary>Completes the phase's bar, then the run's; also when the run was stopped (the writes are then dropped).</summary>
        public void Complete()
        {
            _phase.Complete();
            _run.Complete();
        }

        private static void TryShow(ThrottledProgress bar)
        {
            try
            {
                bar.Show();
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C: nothing is shown any more.
            }
        }
    }
}

using System.Management.Automation;
using SqsDemo.Engine.Journal;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Announces a new phase of a scenario: journaled, and shown as the run's progress.</para>
    /// </summary>
    /// <remarks>
    /// A scenario script cannot write progress itself: Write-Progress is a Utility cmdlet, which a
    /// runspace of the PowerShell SDK alone lacks. This records a Phase event in the run's journal and,
    /// inside Invoke-DemoScenario, moves the run's progress bar on to the phase.
    /// </remarks>
    [Cmdlet(VerbsCommunications.Write, "DemoPhase")]
    [OutputType(typeof(JournalEvent))]
    public sealed class WriteDemoPhaseCommand : DemoBackendCmdlet
    {
        /// <summary>What happens in this phase, in a few words ("the consumers come back").</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        /// <summary>Writes the journal event.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var backend = ActiveBackend;
            var progress = Session.ProgressOf(backend);
            var phase = backend.Journal.Record(JournalEventKind.Phase, actor: progress == null ? "user" : "scenario", detail: Name, facts: new JournalFacts { PhaseName = Name });
            WriteVerbose($"Phase at {phase.ScenarioTime.TotalSeconds:0.0} s: {Name}");
            progress?.EnterPhase(Name, phase.ScenarioTime);
            if (PassThru) WriteObject(phase);
        }
    }
}

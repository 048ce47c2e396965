using System.Management.Automation;
using SqsDemo.Engine.Backends;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Chooses the backend that SqsDemo cmdlets use in this session.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "DemoBackend", DefaultParameterSetName = EmbeddedSet)]
    [OutputType(typeof(DemoBackend))]
    public sealed class ConnectDemoBackendCommand : DemoCmdlet
    {
        private const string EmbeddedSet = "Embedded";

        /// <summary>Use the in-process broker on the scaled scenario clock (the default).</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        public SwitchParameter Embedded { get; set; }

        /// <summary>Scenario seconds per wall second.</summary>
        [Parameter(ParameterSetName = EmbeddedSet)]
        [ValidateRange(0.001, 10000.0)]
        public double TimeScale { get; set; } = DemoBackend.DefaultTimeScale;

        /// <summary>The run's seed; a random one when omitted.</summary>
        [Parameter]
        public int? Seed { get; set; }

        protected override void EndProcessing()
        {
            var backend = DemoBackend.CreateEmbedded(TimeScale, Seed);
            Session.Connect(backend);
            WriteVerbose("Connected to " + backend.Description + ".");
            WriteObject(backend);
        }
    }
}

using System;
using System.Management.Automation;
using System.Threading.Tasks;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits a number of scenario seconds on the backend's clock.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "DemoClock")]
    [OutputType(typeof(TimeSpan))]
    public sealed class WaitDemoClockCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateRange(0.0, 86_400.0)]
        public double Seconds { get; set; }

        /// <summary>Writes the scenario time reached.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var backend = ActiveBackend;
            try
            {
                Run(_ => backend.Clock.Delay(TimeSpan.FromSeconds(Seconds), StopToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (PassThru) WriteObject(backend.ScenarioTime);
        }
    }
}

using System.Management.Automation;
using SqsDemo.Engine.Endpoint.Faults;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Takes protocol faults off their endpoint: the calls they matched are served normally again.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "DemoEndpointFault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(EndpointFault))]
    public sealed class RemoveDemoEndpointFaultCommand : DemoCmdlet
    {
        /// <summary>The faults to remove, from Add-DemoEndpointFault or Get-DemoEndpointFault.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public EndpointFault[]? Fault { get; set; }

        /// <summary>Write each removed fault to the pipeline (with its final counts).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var fault in Fault!)
            {
                if (!ShouldProcess(fault.Name + " on " + fault.Endpoint, "Remove the endpoint fault")) continue;
                fault.Remove(); // one already removed stays removed: nothing to say
                if (PassThru) WriteObject(fault);
            }
        }
    }
}

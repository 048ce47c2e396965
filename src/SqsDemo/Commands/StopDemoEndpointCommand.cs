using System.Management.Automation;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Stops an endpoint: it stops listening, and long polls waiting in it end.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "DemoEndpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DemoEndpoint))]
    public sealed class StopDemoEndpointCommand : DemoCmdlet
    {
        /// <summary>The endpoint to stop, from Start-DemoEndpoint or Get-DemoEndpoint.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public DemoEndpoint? Endpoint { get; set; }

        /// <summary>Write the stopped endpoint to the pipeline (with its final request count).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var endpoint = Endpoint!;
            if (!ShouldProcess(endpoint.Url, "Stop the endpoint")) return;
            endpoint.Stop();
            Session.Forget(endpoint);
            if (PassThru) WriteObject(endpoint);
        }
    }
}

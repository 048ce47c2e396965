using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the endpoints this session started that are still serving.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoEndpoint")]
    [OutputType(typeof(DemoEndpoint))]
    public sealed class GetDemoEndpointCommand : DemoCmdlet
    {
        /// <summary>Only the endpoint on this port.</summary>
        [Parameter(Position = 0)]
        [ValidateRange(1, 65535)]
        public int? Port { get; set; }

        protected override void EndProcessing()
        {
            foreach (var endpoint in Session.Endpoints.Where(e => Port == null || e.Port == Port)) WriteObject(endpoint);
        }
    }
}

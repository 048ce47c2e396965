using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Endpoint.Faults;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the protocol faults on the session's endpoints, with how many calls each matched and hit.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoEndpointFault")]
    [OutputType(typeof(EndpointFault))]
    public sealed class GetDemoEndpointFaultCommand : DemoCmdlet
    {
        /// <summary>Only the faults of these names (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Only the faults of this endpoint; else those of every endpoint the session started that still serves.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public DemoEndpoint? Endpoint { get; set; }

        protected override void ProcessRecord()
        {
            var faults = (Endpoint != null ? new[] { Endpoint } : Session.Endpoints.ToArray()).SelectMany(e => e.Faults.All).ToArray();
            foreach (var name in Name ?? new[] { "*" })
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matching = faults.Where(f => pattern.IsMatch(f.Name)).ToArray();
                if (matching.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteError(ErrorRecords.Create(ErrorIds.EndpointFaultNotFound, ErrorCategory.ObjectNotFound, name,
                        "No endpoint of this session has a fault named '" + name + "'.", "Get-DemoEndpointFault lists the faults there are."));
                foreach (var fault in matching) WriteObject(fault);
            }
        }
    }
}

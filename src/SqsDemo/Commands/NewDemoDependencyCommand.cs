using System;
using System.Collections.Generic;
using System.Management.Automation;
using SqsDemo.Engine.Work;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a simulated dependency (a payment gateway, say) that a consumer's handler calls: down for an outage, and declining some keys for good.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DemoDependency")]
    [OutputType(typeof(SimulatedDependency))]
    public sealed class NewDemoDependencyCommand : DemoBackendCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        /// <summary>Scenario seconds from now until the outage starts.</summary>
        [Parameter]
        [ValidateRange(0.0, 86_400.0)]
        public double OutageAfterSeconds { get; set; }

        /// <summary>How long the outage lasts (scenario seconds); 0 or omitted: no outage.</summary>
        [Parameter]
        [ValidateRange(0.0, 86_400.0)]
        public double OutageSeconds { get; set; }

        /// <summary>Keys the dependency declines on every call (a card that will never be charged).</summary>
        [Parameter]
        [ValidateNotNull]
        [AllowEmptyCollection]
        public string[] DeclineKey { get; set; } = Array.Empty<string>();

        protected override void EndProcessing()
        {
            var clock = ActiveBackend.Clock;
            var outages = new List<DependencyOutage>();
            if (OutageSeconds > 0)
            {
                var start = clock.GetUtcNow() + TimeSpan.FromSeconds(OutageAfterSeconds);
                outages.Add(new DependencyOutage(start, start + TimeSpan.FromSeconds(OutageSeconds)));
            }
            else if (MyInvocation.BoundParameters.ContainsKey(nameof(OutageAfterSeconds)))
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidDependencyOptions, ErrorCategory.InvalidArgument, Name,
                    "-OutageAfterSeconds says when an outage starts, but no -OutageSeconds says how long it lasts.", "Give -OutageSeconds, or leave both out for a dependency that is always up."));
                return;
            }
            WriteObject(new SimulatedDependency(Name, clock, outages, DeclineKey));
        }
    }
}

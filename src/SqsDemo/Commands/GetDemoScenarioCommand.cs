using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Infrastructure;
using SqsDemo.Scenarios;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the scenario catalog: name, speed and synopsis of each scenario script.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoScenario")]
    [OutputType(typeof(ScenarioInfo))]
    public sealed class GetDemoScenarioCommand : DemoCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ScenarioNameCompleter))]
        public string Name { get; set; } = "*";

        /// <summary>Only Fast or only Slow scenarios.</summary>
        [Parameter]
        [ValidateSet("Fast", "Slow")]
        public string? Speed { get; set; }

        protected override void EndProcessing()
        {
            var pattern = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            foreach (var scenario in ScenarioCatalogOrStop())
            {
                if (!pattern.IsMatch(scenario.Name)) continue;
                if (Speed != null && !string.Equals(Speed, scenario.Speed, System.StringComparison.OrdinalIgnoreCase)) continue;
                WriteObject(scenario);
            }
        }
    }
}

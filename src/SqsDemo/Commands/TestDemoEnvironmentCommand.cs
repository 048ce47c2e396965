using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Environments.Preflight;
using SqsDemo.Infrastructure;
using SqsDemo.Scenarios;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Checks that each scenario's queue, dead-letter queue, redrive policy, attributes and tables exist on the backend as the catalog needs them, and that the tools a run needs are there: one row per check.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DemoEnvironment")]
    [OutputType(typeof(EnvironmentCheck))]
    public sealed class TestDemoEnvironmentCommand : DemoBackendCmdlet
    {
        /// <summary>Only these scenarios (wildcards); the whole catalog when omitted.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ScenarioNameCompleter))]
        public string[]? Scenario { get; set; }

        /// <summary>The JSON of `terraform output -json` in terraform/, read as Connect-DemoBackend -TerraformOutput reads it; the backend's own when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TerraformOutput { get; set; }

        /// <summary>Your consumer's command line ('python3 consume.py'): checks its program is found and that SqsDemo's endpoint can take a loopback port.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Consumer { get; set; }

        protected override void EndProcessing()
        {
            var request = new PreflightRequest(ActiveBackend, Chosen())
            {
                Consumer = Consumer,
                WorkingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            };
            if (TerraformOutput != null)
            {
                var path = GetUnresolvedProviderPathFromPSPath(TerraformOutput);
                try
                {
                    request.TerraformOutput = Engine.Environments.TerraformOutput.Load(path);
                }
                catch (TerraformOutputException e)
                {
                    ThrowTerminatingError(ErrorRecords.From(e, TerraformOutput));
                }
            }
            foreach (var row in Run(_ => EnvironmentPreflight.CheckAsync(request, StopToken)))
                WriteObject(row);
        }

        /// <summary>The scenarios asked for; a name that matches none is ScenarioNotFound (and the others are still checked).</summary>
        private IReadOnlyList<ScenarioInfo> Chosen()
        {
            var catalog = ScenarioCatalog.List(ModuleBasePath);
            if (Scenario == null) return catalog;
            var chosen = new List<ScenarioInfo>();
            foreach (var name in Scenario)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = catalog.Where(s => pattern.IsMatch(s.Name)).ToArray();
                if (matches.Length == 0)
                    WriteError(ErrorRecords.Create(ErrorIds.ScenarioNotFound, ErrorCategory.ObjectNotFound, name, "No scenario matches '" + name + "'.", "Get-DemoScenario lists the catalog."));
                chosen.AddRange(matches.Where(s => !chosen.Contains(s)));
            }
            return chosen;
        }
    }
}

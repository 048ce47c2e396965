using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Environments.Preflight;

namespace SqsDemo.Scenarios
{
    /// <summary>What one preflight looks at: the backend, the scenarios, and where their environments are said to be.</summary>
    public sealed class PreflightRequest
    {
        public PreflightRequest(DemoRun backend, IReadOnlyList<ScenarioInfo> scenarios) => (Backend, Scenarios) = (backend, scenarios);

        public DemoRun Backend { get; }
        public IReadOnlyList<ScenarioInfo> Scenarios { get; }
        /// <summary>Terraform's environments from -TerraformOutput; null for those the backend was connected with.</summary>
        public TerraformOutput? TerraformOutput { get; set; }
        /// <summary>The -Consumer command line, or null for SqsDemo's own consumer.</summary>
        public string? Consumer { get; set; }
        public string WorkingDirectory { get; set; } = Environment.CurrentDirectory;
    }

    /// <summary>
    /// Test-DemoEnvironment's checks (and Invoke-DemoScenario's before a run): each scenario's pre-provisioned environments
    /// against what its script creates (read from the script as ScenarioEnvironments reads it, the same reading that keeps
    /// terraform/scenarios.json in step), and the tools the run needs.
    /// </summary>
    public static class EnvironmentPreflight
    {
        /// <summary>The environments a scenario's script creates, with the names and values known before it runs.</summary>
        public static IReadOnlyList<EnvironmentNeed> NeedsOf(ScenarioInfo scenario) =>
            ScenarioEnvironments.Read(scenario.Path).Where(c => c.Name != null).Select(c =>
            {
                var need = new EnvironmentNeed
                {
                    Scenario = scenario.Name, Name = c.Name!, Fifo = c.Fifo, ContentBasedDeduplication = c.ContentBasedDeduplication, Ledger = c.Ledger, Results = c.Results,
                };
                if (c.Numbers.TryGetValue("VisibilityTimeout", out var visibility)) need.VisibilityTimeout = visibility;
                if (c.Numbers.TryGetValue("ReceiveWaitTime", out var wait)) need.ReceiveWaitTime = wait;
                if (c.Numbers.TryGetValue("MaxReceiveCount", out var count)) need.MaxReceiveCount = count;
                return need;
            }).ToList();

        /// <summary>Whether a run on <paramref name="backend"/> has anything to check first: environments that exist before it, AWS, or a consumer process.</summary>
        public static bool Applies(DemoRun backend, string? consumer) =>
            backend.Provisioned.Count > 0 || backend.Kind == BackendKind.Aws || consumer != null;

        public static async Task<IReadOnlyList<EnvironmentCheck>> CheckAsync(PreflightRequest request, CancellationToken cancellationToken)
        {
            var rows = new List<EnvironmentCheck>();
            var backend = request.Backend;
            if (request.Consumer != null)
            {
                rows.Add(ToolChecks.FreeLoopbackPort());
                rows.Add(ToolChecks.ConsumerProgram(request.Consumer, request.WorkingDirectory, Environment.GetEnvironmentVariable("PATH")));
            }
            if (backend.Kind == BackendKind.Aws)
            {
                rows.Add(new EnvironmentCheck(EnvironmentCheck.EveryRun, "Region", true, "connected to " + backend.Description));
                rows.Add(await CredentialsAcceptedAsync(backend, cancellationToken).ConfigureAwait(false));
            }
            else if (request.TerraformOutput != null && backend.Kind == BackendKind.Embedded)
            {
                // Not connected yet (make preflight): can a connection to Terraform's region be made from here?
                rows.AddRange(ToolChecks.RegionAndCredentials(() => AwsConnection.Resolve(request.TerraformOutput.Region, null, null,
                    request.TerraformOutput.Region != null ? "aws_region of the Terraform output" : null)));
                rows.Add(new EnvironmentCheck(EnvironmentCheck.EveryRun, "Backend", false, backend.Description + " holds none of Terraform's queues and tables: they were not checked.",
                    "Connect-DemoBackend -TerraformOutput <path> (with -EndpointUrl for an endpoint), then Test-DemoEnvironment again."));
                return rows;
            }
            var provisioned = request.TerraformOutput?.Environments ?? backend.Provisioned;
            if (provisioned.Count == 0)
            {
                rows.Add(new EnvironmentCheck(EnvironmentCheck.EveryRun, "Environments", true, backend.Description + ": each scenario creates its own queues and tables"));
                return rows;
            }
            foreach (var need in request.Scenarios.SelectMany(NeedsOf))
            {
                provisioned.TryGetValue(need.Name, out var environment);
                rows.AddRange(await EnvironmentInspection.CheckAsync(backend.Broker, backend.Tables, need, environment, cancellationToken).ConfigureAwait(false));
            }
            return rows;
        }

        /// <summary>The connection resolved a region and credentials when it was made; one cheap call says whether AWS accepts them.</summary>
        private static async Task<EnvironmentCheck> CredentialsAcceptedAsync(DemoRun backend, CancellationToken cancellationToken)
        {
            try
            {
                await backend.Broker.ListQueuesAsync("sqsdemo-preflight-", cancellationToken).ConfigureAwait(false);
                return new EnvironmentCheck(EnvironmentCheck.EveryRun, "Credentials", true, backend.Description + " accepted them (ListQueues)");
            }
            catch (SqsException e) when (e.ErrorCode == "AccessDenied" || e.ErrorCode == "AccessDeniedException")
            {
                return new EnvironmentCheck(EnvironmentCheck.EveryRun, "Credentials", true, backend.Description + " accepted them; they may not list queues (" + e.ErrorCode + ")");
            }
            catch (SqsException e)
            {
                return new EnvironmentCheck(EnvironmentCheck.EveryRun, "Credentials", false, backend.Description + " refused them: " + e.ErrorCode + ": " + e.Message,
                    "Refresh the credentials (aws sso login, or new keys), then Connect-DemoBackend again.");
            }
        }
    }
}

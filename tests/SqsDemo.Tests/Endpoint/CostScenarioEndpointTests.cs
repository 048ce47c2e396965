using System;
using System.Linq;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// The cost scenario through SqsDemo's own endpoint, as an AWS SDK client sees it, on the wall clock: the
    /// endpoint serves in real time so a long poll lasts as long as the client waits for it.
    /// </summary>
    [Hosting.RunsLong]
    public sealed class CostScenarioEndpointTests : IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose()
        {
            _session.Run("if ($costEndpoint) { $costEndpoint | Stop-DemoEndpoint }");
            _session.Dispose();
        }

        [Fact]
        public void Cost_passes_on_the_endpoint_backend_with_a_smaller_batch_of_work()
        {
            _session.Run("$costEndpoint = Start-DemoEndpoint -Port 0 -TimeScale 1; Connect-DemoBackend -EndpointUrl $costEndpoint.Url -Seed 2 | Out-Null").NoErrors();
            var run = _session.Run("Invoke-DemoScenario -Name cost -Seed 2 -Parameters @{ Count = 40; IdleSeconds = 10; LongPollSeconds = 5 }");
            var result = run.Single<ScenarioResult>();
            Assert.True(result.Passed, string.Join("; ", result.Checks.Select(c => $"{(c.Passed ? "PASS" : "FAIL")} {c.Name} expected={c.Expected} actual={c.Actual}"))
                + (result.Error == null ? "" : " error: " + result.Error) + string.Join("\n", run.Errors.Select(e => e.ToString())));
            Assert.StartsWith("Endpoint", result.Backend);
        }
    }
}

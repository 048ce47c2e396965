using System.Linq;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// The catalog's scenarios on moto, in three collections with a moto server each, so that they run beside one
    /// another: the scenarios (<see cref="ScenarioMotoTests"/>), observability alone (minutes of wall time, since the
    /// gauges are sampled once a minute there), and the adapter's own tests (<see cref="MotoCollection"/>).
    /// </summary>
    internal static class MotoScenario
    {
        /// <summary>Runs a scenario on <paramref name="moto"/> with the given parameters and asserts that it passed, saying why not.</summary>
        public static ScenarioResult Run(ModuleSession session, MotoServer moto, string name, string parameters)
        {
            session.Run($"Connect-DemoBackend -EndpointUrl '{moto.Endpoint}' -Seed 7 | Out-Null").NoErrors();
            var run = session.Run($"Invoke-DemoScenario -Name {name} -Parameters @{{ {parameters} }}");
            var result = run.Single<ScenarioResult>();
            Assert.True(result.Passed, $"{name} on moto: " + string.Join("; ", result.Checks.Select(c => $"{(c.Passed ? "PASS" : "FAIL")} {c.Name} expected={c.Expected} actual={c.Actual}"))
                                       + (result.Error == null ? "" : " error: " + result.Error) + string.Join("\n", run.Errors.Select(e => e.ToString())));
            Assert.StartsWith("Endpoint", result.Backend);
            return result;
        }
    }

    /// <summary>The scenario tests on moto: a moto server of their own.</summary>
    [Hosting.RunsLong]
    [CollectionDefinition(Name)]
    public sealed class MotoScenarioCollection : ICollectionFixture<MotoServer>
    {
        public const string Name = "Moto scenarios";
    }

    /// <summary>The observability scenario on moto: minutes of wall time, on a moto server of its own.</summary>
    [Hosting.RunsLong]
    [CollectionDefinition(Name)]
    public sealed class MotoObservabilityCollection : ICollectionFixture<MotoServer>
    {
        public const string Name = "Moto observability";
    }
}

using System.Linq;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Scenarios
{
    /// <summary>
    /// Every scenario of the catalog passes on the embedded backend with seeds 1, 2 and 3: a class per seed, so that
    /// the three run beside one another (xunit runs a class's tests one after another), each in a runspace of its own.
    /// </summary>
    [Hosting.RunsLong]
    public abstract class ScenarioSeedTests
    {
        private readonly ModuleSession _session;

        protected ScenarioSeedTests(ModuleSession session) => _session = session;

        protected abstract int Seed { get; }

        /// <summary>Every scenario in the repository's scenarios folder: a new scenario is run without being listed.</summary>
        public static TheoryData<string> EveryScenario()
        {
            var data = new TheoryData<string>();
            // As the catalog lists them: each script in scenarios/, named by its file.
            foreach (var script in System.IO.Directory.GetFiles(RepoPaths.Scenarios, "*.ps1").OrderBy(p => p, System.StringComparer.Ordinal))
                data.Add(System.IO.Path.GetFileNameWithoutExtension(script));
            return data;
        }

        /// <summary>
        /// The clock a scenario is judged at. dup-graceful-shutdown stops a consumer while its 5-second side effect runs,
        /// and heartbeat must extend within 6 s of the visibility timeout's end: at a slower clock those windows are wide
        /// enough for a loaded machine to hit every time. backpressure's ten consumers each hold a message for 1 s of a
        /// 10 s visibility timeout: at x20 a consumer starved of the CPU for half a second of wall time, twice, sends a
        /// good message to the DLQ. async-tasks' 60 s visibility timeout is 3 s of wall time at x20, which a cold
        /// handler's first batch can outlast (CI saw it in Pester). order-pipeline's 30 s gateway outage is 1.5 s of wall
        /// time at x20: a machine stalled that long sees no call fail during it. fifo-overrun's heartbeat must land
        /// within 7 s of a 10 s visibility timeout's end, as heartbeat's must. version-order's 10 s visibility timeout is
        /// half a second of wall time at x20: a consumer stalled longer sees its version again, and "every version seen"
        /// truly fails (CI saw 6, 7 and 9 twice).
        /// </summary>
        public static string ClockFor(string name) =>
            name == "dup-graceful-shutdown" || name == "heartbeat" || name == "order-pipeline" || name == "fifo-overrun" || name == "version-order" ? " -TimeScale 5"
            : name == "backpressure" || name == "async-tasks" ? " -TimeScale 10" : "";

        [Theory]
        [MemberData(nameof(EveryScenario), MemberType = typeof(ScenarioSeedTests))]
        public void Passes(string name)
        {
            var result = Invoke(_session, $"-Name {name} -Seed {Seed}{ClockFor(name)}");
            Assert.Equal(Seed, result.Seed);
            Assert.NotEmpty(result.Checks);
            Assert.NotEmpty(result.Journal);
        }

        /// <summary>Invoke-DemoScenario with <paramref name="arguments"/>, asserting that it passed and saying which checks failed.</summary>
        public static ScenarioResult Invoke(ModuleSession session, string arguments)
        {
            var result = session.Run("Invoke-DemoScenario " + arguments);
            var scenario = result.Single<ScenarioResult>();
            Assert.True(scenario.Passed, Describe(scenario) + string.Join("\n", result.Errors.Select(e => e.ToString())));
            return scenario;
        }

        private static string Describe(ScenarioResult r) =>
            $"{r.Name} seed {r.Seed}: " + string.Join("; ", r.Checks.Select(c => $"{(c.Passed ? "PASS" : "FAIL")} {c.Name} expected={c.Expected} actual={c.Actual}")) + (r.Error == null ? "" : " error: " + r.Error) + "\n";
    }

    public sealed class ScenarioSeed1Tests : ScenarioSeedTests, IClassFixture<ModuleSession>
    {
        public ScenarioSeed1Tests(ModuleSession session) : base(session) { }

        protected override int Seed => 1;
    }

    public sealed class ScenarioSeed2Tests : ScenarioSeedTests, IClassFixture<ModuleSession>
    {
        public ScenarioSeed2Tests(ModuleSession session) : base(session) { }

        protected override int Seed => 2;
    }

    public sealed class ScenarioSeed3Tests : ScenarioSeedTests, IClassFixture<ModuleSession>
    {
        public ScenarioSeed3Tests(ModuleSession session) : base(session) { }

        protected override int Seed => 3;
    }
}

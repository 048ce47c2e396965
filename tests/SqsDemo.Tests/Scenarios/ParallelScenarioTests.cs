using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Scenarios
{
    /// <summary>Invoke-DemoScenario -ThrottleLimit: scenarios side by side, each on a run of its own, results in input order.</summary>
    public sealed class ParallelScenarioTests : IClassFixture<ModuleSession>
    {
        // dup first: the slowest of these, so the others finish before it and must wait to be written.
        private static readonly string[] Fast = { "dup", "happy", "crash", "poison" };
        // ParallelScenarioProgress's activity ids (the test project does not reference the cmdlet assembly).
        private const int BatchActivityId = 0x5da;
        private static int ActivityIdOf(int index) => 0x600 + index;
        private readonly ModuleSession _session;

        public ParallelScenarioTests(ModuleSession session) => _session = session;

        // At x10: dup's second consumer must be polling before the first one's side effect ends, which at x20 is 1.5 s of
        // wall time; four scenarios side by side beside the rest of the suite made CI's sequential dup miss it once.
        private ModuleSession.Result InvokeAll(string arguments) =>
            _session.Run(string.Join(",", Fast.Select(n => "'" + n + "'")) + " | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Invoke-DemoScenario -Seed 7 -TimeScale 10 " + arguments);

        private static string BrokerOf(ScenarioResult result)
        {
            Assert.True(EmbeddedQueueUrl.TryGetBrokerId(result.Journal.First(e => e.QueueUrl != null).QueueUrl, out var broker));
            return broker;
        }

        [Fact]
        public void Runs_side_by_side_with_the_verdicts_of_a_sequential_run_in_input_order_each_on_its_own_run()
        {
            var parallel = InvokeAll("-ThrottleLimit 4").NoErrors().Objects<ScenarioResult>().ToArray();
            var sequential = InvokeAll("").NoErrors().Objects<ScenarioResult>().ToArray();

            Assert.Equal(Fast, parallel.Select(r => r.Name));
            Assert.All(parallel, r => Assert.Equal(7, r.Seed));
            Assert.Equal(Fast.Length, parallel.Select(BrokerOf).Distinct().Count());
            Assert.Equal(Fast.Length, parallel.Select(r => r.Journal).Distinct().Count());
            Assert.Equal(sequential.Select(Verdict), parallel.Select(Verdict));
        }

        private static string Verdict(ScenarioResult r) =>
            r.Name + ": " + r.Passed + " " + string.Join("; ", r.Checks.Select(c => c.Name + "=" + c.Passed + "/" + c.Actual));

        [Fact]
        public void Shows_one_activity_per_scenario_under_one_parent_and_completes_them_all()
        {
            var progress = InvokeAll("-ThrottleLimit 2").NoErrors().Progress;

            var parent = progress.Where(p => p.ActivityId == BatchActivityId).ToArray();
            Assert.Equal(ProgressRecordType.Completed, parent.Last().RecordType);
            Assert.Equal("4 of 4 done", parent.Last().StatusDescription);
            for (var i = 0; i < Fast.Length; i++)
            {
                var scenario = progress.Where(p => p.ActivityId == ActivityIdOf(i)).ToArray();
                Assert.NotEmpty(scenario);
                Assert.All(scenario, p => Assert.Equal(BatchActivityId, p.ParentActivityId));
                Assert.Equal("Scenario " + Fast[i], scenario[0].Activity);
                Assert.Contains(scenario, p => p.StatusDescription.StartsWith("phase "));
                Assert.Equal(ProgressRecordType.Completed, scenario.Last().RecordType);
            }
        }

        [Fact]
        public void A_failing_scenario_in_its_own_runspace_is_reported_as_in_a_sequential_run()
        {
            var script = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sqsdemo-parallel-fails-" + System.Guid.NewGuid().ToString("N") + ".ps1");
            System.IO.File.WriteAllText(script, "New-DemoEnvironment -Name broken | Out-Null; throw 'broken on purpose'");
            try
            {
                var result = _session.Run($"Invoke-DemoScenario -Path '{script}' -ThrottleLimit 2");
                Assert.Equal("ScenarioFailed,SqsDemo.Commands.InvokeDemoScenarioCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
                var failed = result.Single<ScenarioResult>();
                Assert.False(failed.Passed);
                Assert.Contains("broken on purpose", failed.Error);
            }
            finally
            {
                System.IO.File.Delete(script);
            }
        }
    }
}

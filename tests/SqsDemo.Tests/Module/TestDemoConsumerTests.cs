using System.IO;
using System.Linq;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Moto;
using SqsDemo.Tests.Shell;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Test-DemoConsumer: the report's rows and verdicts come from real runs of the scenarios against a consumer process.</summary>
    public sealed class TestDemoConsumerTests : System.IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        private static string Consumer(string file) =>
            "\"" + MotoServer.Python + "\" \"" + Path.Combine(RepoPaths.Root, "tests", "consumers", "python", file) + "\"";

        private ConsumerConformanceCheck[] Report(string file, string scenarios) =>
            _session.Run("Test-DemoConsumer -Command '" + Consumer(file) + "' -Scenario " + scenarios + " -Seed 7").NoErrors().Objects<ConsumerConformanceCheck>().ToArray();

        [Fact]
        public void The_naive_consumer_fails_duplicate_delivery_on_the_side_effect_it_wrote_twice_and_passes_crash_recovery()
        {
            var rows = Report("naive_consumer.py", "dup, crash");
            Assert.All(rows, r => Assert.Equal(7, r.Seed));
            var dup = rows.Where(r => r.Scenario == "dup").ToArray();
            Assert.All(dup, r => Assert.Equal((FailureMode.DuplicateDelivery, false), (r.FailureMode, r.FailureModePassed)));
            var doubled = Assert.Single(dup, r => r.Check == "no side effect written twice");
            Assert.False(doubled.Passed);
            Assert.Contains("written 2 times", doubled.Detail + doubled.Actual);
            var crash = rows.Where(r => r.Scenario == "crash").ToArray();
            Assert.NotEmpty(crash);
            Assert.All(crash, r => Assert.True(r.Passed && r.FailureModePassed, r.Check + ": " + r.Actual));
            // Grouped by failure mode, as the view shows them.
            Assert.Equal(rows.OrderBy(r => r.FailureMode).Select(r => r.FailureMode), rows.Select(r => r.FailureMode));
        }

        [Fact]
        public void The_idempotent_consumer_passes_duplicate_delivery()
        {
            var rows = Report("idempotent_consumer.py", "dup");
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.True(r.Passed, r.Check + ": expected " + r.Expected + ", got " + r.Actual + " " + r.Detail));
        }

        [Fact]
        public void A_scenario_that_cannot_judge_a_consumer_process_is_ScenarioCannotJudgeConsumer_and_the_rest_still_run()
        {
            var result = _session.Run("Test-DemoConsumer -Command '" + Consumer("idempotent_consumer.py") + "' -Scenario async-tasks, happy -ErrorAction SilentlyContinue -ErrorVariable refused; $refused");
            var refused = Assert.Single(result.Objects<System.Management.Automation.ErrorRecord>());
            Assert.StartsWith("ScenarioCannotJudgeConsumer", refused.FullyQualifiedErrorId);
            Assert.All(result.Objects<ConsumerConformanceCheck>(), r => Assert.Equal("happy", r.Scenario));
            Assert.NotEmpty(result.Objects<ConsumerConformanceCheck>());
        }

        [Fact]
        public void From_the_shell_a_failed_check_exits_1_and_a_clean_report_0()
        {
            var failing = ShellProcess.Run("-Command", "Test-DemoConsumer -Command '" + Consumer("naive_consumer.py") + "' -Scenario dup -Seed 7");
            Assert.True(failing.ExitCode == 1, failing.ToString());
            var passing = ShellProcess.Run("-Command", "Test-DemoConsumer -Command '" + Consumer("idempotent_consumer.py") + "' -Scenario happy -Seed 7");
            Assert.True(passing.ExitCode == 0, passing.ToString());
        }
    }
}

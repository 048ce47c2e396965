// SqsDemo's own consumer judged as an outside one: the project's shell runs Start-DemoConsumer
// -FromEnvironmentVariables as a process, configured only by the seeds' variables SqsDemo gives any consumer.
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Outside;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Shell;
using Xunit;

namespace SqsDemo.Tests.Outside
{
    public sealed class ShellConsumerTests
    {
        private static string ShellConsumer => "dotnet \"" + ShellProcess.ShellDll + "\" -Command \"Start-DemoConsumer -FromEnvironmentVariables\"";

        [Fact]
        public async Task SqsDemos_consumer_run_through_the_shell_drains_the_queue_with_its_ledger_and_survives_a_kill_after_its_side_effect()
        {
            using var rig = await OutsideRig.StartAsync(visibilityTimeout: 60);
            await rig.SendAsync("shell-1", "shell-2");
            var options = rig.Options(ShellConsumer);
            options.Kills.AfterSideEffect = true;
            options.RestartOnCrash = true;
            var supervisor = rig.Start(options);
            await rig.WaitForAsync(e => e.Kind == JournalEventKind.Deleted && e.Actor != null && e.Actor.StartsWith("consumer-1", System.StringComparison.Ordinal), 2);
            var summary = supervisor.Stop();

            // Each process is killed after its first side effect (the plan holds for every incarnation) and replaced.
            Assert.NotEmpty(summary.Kills);
            Assert.All(summary.Kills, k => Assert.Equal(KillPoint.AfterSideEffect, k));
            Assert.Equal(summary.Kills.Count, summary.Restarts);
            // Its conditional puts through the endpoint: one per message, each replacement finding the killed one's done.
            var writes = SqsDemo.Engine.Environments.SideEffectWrites.Of(rig.Run.Journal.Snapshot(), rig.Environment.SideEffectsTable!, rig.Environment.QueueUrl);
            Assert.Equal(new[] { "shell-1", "shell-2" }, writes.Select(w => w.Key).OrderBy(k => k, System.StringComparer.Ordinal));
            Assert.Equal(ConsumerEnding.Stopped, summary.Ending);
        }
    }
}

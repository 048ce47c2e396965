using System.IO;
using System.Linq;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Connect-DemoBackend -Embedded's broker chaos: duplicate deliveries and reordering, kept by every run made from it.</summary>
    public sealed class BrokerChaosCommandTests : System.IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        [Fact]
        public void A_duplicate_delivery_rate_of_one_brings_a_deleted_message_back_after_its_visibility_timeout()
        {
            var backend = _session.Run("Connect-DemoBackend -Embedded -DuplicateDeliveryRate 1 -ReorderWindow 0 -Seed 5").NoErrors().Single<DemoRun>();
            Assert.Contains("duplicates 100%, reorder window 0", backend.Description);
            _session.Run("$e = New-DemoEnvironment -Name twice -VisibilityTimeout 5 -MaxReceiveCount 5; $e | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            _session.Run("$e | Start-DemoConsumer -MessageLimit 2 -IdleTimeoutSeconds 60 | Out-Null").NoErrors();
            var journal = _session.Run("Get-DemoJournal").NoErrors().Objects<JournalEvent>().ToArray();
            var sent = Assert.Single(journal, e => e.Kind == JournalEventKind.Sent);
            // Deleted, and delivered again all the same: the delete did not reach every replica.
            Assert.Equal(2, journal.Count(e => e.Kind == JournalEventKind.Received && e.MessageId == sent.MessageId));
            Assert.True(journal.First(e => e.Kind == JournalEventKind.Deleted).Sequence < journal.Last(e => e.Kind == JournalEventKind.Received).Sequence);
        }

        [Fact]
        public void A_scenario_run_made_from_the_backend_keeps_its_chaos()
        {
            _session.Run("Connect-DemoBackend -Embedded -DuplicateDeliveryRate 0.25 | Out-Null").NoErrors();
            var script = Path.Combine(Path.GetTempPath(), "sqsdemo-chaos-" + System.Guid.NewGuid().ToString("N") + ".ps1");
            File.WriteAllText(script, "New-DemoCheck 'ran' -Expected 1 -Actual 1\n");
            try
            {
                var result = _session.Run($"Invoke-DemoScenario -Path '{script}' -Seed 9").NoErrors().Single<ScenarioResult>();
                Assert.Contains("duplicates 25%", result.Backend);
                Assert.DoesNotContain("reorder window", result.Backend);
            }
            finally
            {
                File.Delete(script);
            }
        }
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Start-DemoConsumer -HeartbeatSeconds and -StaleAfterSeconds, on the embedded backend. The
    /// variables of -FromEnvironmentVariables are tested in <see cref="ConsumerKnobTests"/>, the one class
    /// that sets process environment variables (classes run in parallel).
    /// </summary>
    public sealed class ConsumerHeartbeatTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public ConsumerHeartbeatTests(ModuleSession session)
        {
            _session = session;
            // A fresh backend per test, on a clock slow enough that a loaded machine's scheduling
            // pauses stay well inside the margins these tests are about (heartbeat vs. visibility).
            _session.Run("Connect-DemoBackend -Embedded -TimeScale 5 | Out-Null").NoErrors();
        }

        private JournalEvent[] Journal(string arguments) => _session.Run("Get-DemoJournal " + arguments).NoErrors().Objects<JournalEvent>().ToArray();

        private Job WaitForJob(string name)
        {
            var job = _session.Run($"Wait-Job -Name {name} -Timeout 300").Single<Job>();
            Assert.True(job.JobStateInfo.State is JobState.Completed or JobState.Failed, name + " is " + job.JobStateInfo.State);
            return job;
        }

        [Fact]
        public void The_heartbeat_keeps_a_slow_message_hidden_from_a_second_consumer()
        {
            _session.Run("$h = New-DemoEnvironment -Name hb-hidden -VisibilityTimeout 10; $hs = $h | Send-DemoMessage -Count 1").NoErrors();
            // 30 s of work against a 10 s visibility timeout; once the worker holds the message,
            // the other consumer polls all along.
            _session.Run("$h | Start-DemoConsumer -AsJob -ConsumerId hb-worker -SleepMinSeconds 30 -HeartbeatSeconds 4 -MessageLimit 1 -IdleTimeoutSeconds 60 | Out-Null; "
                         + "Wait-DemoJournal -Kind Received -Actor hb-worker -TimeoutSeconds 60 | Out-Null; "
                         + "$h | Start-DemoConsumer -AsJob -ConsumerId hb-other -IdleTimeoutSeconds 45 -MessageLimit 1 | Out-Null").NoErrors();
            Assert.Equal(JobState.Completed, WaitForJob("hb-worker").JobStateInfo.State);
            Assert.Equal(JobState.Completed, WaitForJob("hb-other").JobStateInfo.State);

            var received = Journal("-Kind Received -MessageId $hs.MessageId");
            Assert.Equal("hb-worker", Assert.Single(received).Actor);
            var extended = Journal("-Kind VisibilityExtended -MessageId $hs.MessageId");
            // Beats at 4, 8, ... 28 s: at least five of them, each to 10 s (the queue's timeout) from the call.
            Assert.True(extended.Length >= 5, extended.Length + " extensions");
            Assert.All(extended, e => Assert.Equal("hb-worker", e.Actor));
            Assert.All(extended, e => Assert.Equal((10.0, 4.0), (e.VisibilityTimeoutSeconds, e.HeartbeatSeconds)));
            // Recorded instead of VisibilityChanged, so the two counts never mix.
            Assert.Empty(Journal("-Kind VisibilityChanged -MessageId $hs.MessageId"));
            // The handle stayed current to the end: the delete is a real one, not a late one.
            Assert.Single(Journal("-Kind Deleted -MessageId $hs.MessageId"));
            Assert.Empty(Journal("-Kind DeleteMayNotHaveDeleted -MessageId $hs.MessageId"));
            var processed = Assert.Single(Journal("-Kind Processed -MessageId $hs.MessageId"));
            Assert.True(processed.ScenarioTime - received[0].ScenarioTime >= TimeSpan.FromSeconds(30));
            Assert.Equal(ConsumerEnding.Idle, Assert.Single(Journal("-Kind ConsumerEnded -Actor hb-other")).Ending);
            _session.Run("Remove-Job -Name hb-worker, hb-other").NoErrors();
        }

        [Fact]
        public void The_heartbeat_covers_the_messages_waiting_in_the_batch()
        {
            _session.Run("$hb = New-DemoEnvironment -Name hb-batch -VisibilityTimeout 10; $hb | Send-DemoMessage -Count 3 | Out-Null").NoErrors();
            // One receive of three; each takes 8 s, so the third waits 16 s in hand before its turn.
            _session.Run("$hb | Start-DemoConsumer -AsJob -ConsumerId hb-batcher -MaxMessages 3 -SleepMinSeconds 8 -HeartbeatSeconds 3 -MessageLimit 3 -IdleTimeoutSeconds 60 | Out-Null; "
                         + "Wait-DemoJournal -Kind Received -Actor hb-batcher -TimeoutSeconds 60 | Out-Null; "
                         + "$hb | Start-DemoConsumer -AsJob -ConsumerId hb-batch-other -IdleTimeoutSeconds 35 | Out-Null").NoErrors();
            WaitForJob("hb-batcher");
            WaitForJob("hb-batch-other");

            var received = Journal("-Kind Received -QueueUrl $hb.QueueUrl");
            Assert.True(3 == received.Length, string.Join("\n", Journal("-QueueUrl $hb.QueueUrl").Select(e => e.ToString())));
            Assert.All(received, e => Assert.Equal("hb-batcher", e.Actor));
            // All three in one receive (one receive stamps its messages with one time).
            Assert.Single(received.Select(e => e.ScenarioTime).Distinct());
            Assert.Equal(3, Journal("-Kind Processed -QueueUrl $hb.QueueUrl").Length);
            Assert.Equal(3, Journal("-Kind Deleted -QueueUrl $hb.QueueUrl").Length);
            Assert.Empty(Journal("-Kind DeleteMayNotHaveDeleted -QueueUrl $hb.QueueUrl"));
            // The last message was extended until its turn ended, about 24 s in.
            var extended = Journal("-Kind VisibilityExtended -QueueUrl $hb.QueueUrl");
            Assert.Equal(3, extended.Select(e => e.MessageId).Distinct().Count());
            _session.Run("Remove-Job -Name hb-batcher, hb-batch-other").NoErrors();
        }

        [Fact]
        public void A_crash_stops_the_heartbeat_and_the_message_returns_to_another_consumer()
        {
            _session.Run("$hc = New-DemoEnvironment -Name hb-crash -Ledger -VisibilityTimeout 10; $hcs = $hc | Send-DemoMessage -Count 1").NoErrors();
            // The worker beats through its 20 s side effect, performs it, then crashes before COMPLETED.
            _session.Run("$hc | Start-DemoConsumer -AsJob -ConsumerId hb-crasher -SideEffectDelaySeconds 20 -HeartbeatSeconds 4 -CrashAfterSideEffect -IdleTimeoutSeconds 60 | Out-Null; "
                         + "Wait-DemoJournal -Kind Received -Actor hb-crasher -TimeoutSeconds 60 | Out-Null; "
                         + "$hc | Start-DemoConsumer -AsJob -ConsumerId hb-successor -HeartbeatSeconds 4 -IdleTimeoutSeconds 60 -MessageLimit 1 | Out-Null").NoErrors();
            Assert.Equal(JobState.Failed, WaitForJob("hb-crasher").JobStateInfo.State);
            Assert.Equal(JobState.Completed, WaitForJob("hb-successor").JobStateInfo.State);

            var crash = Assert.Single(Journal("-Kind Crashed -Actor hb-crasher"));
            var extended = Journal("-Kind VisibilityExtended -MessageId $hcs.MessageId -Actor hb-crasher");
            Assert.True(extended.Length >= 3, extended.Length + " extensions before the crash");
            Assert.All(extended, e => Assert.True(e.Sequence < crash.Sequence, "an extension after the crash: " + e));

            var received = Journal("-Kind Received -MessageId $hcs.MessageId");
            Assert.Equal(new[] { "hb-crasher", "hb-successor" }, received.Select(e => e.Actor));
            Assert.Equal(new[] { 1, 2 }, received.Select(e => e.ReceiveCount));
            // Visible again only when the last extension ran out: 10 s after it (less the call's own time).
            Assert.True(received[1].ScenarioTime >= extended.Last().ScenarioTime + TimeSpan.FromSeconds(9.5),
                $"received again at {received[1].ScenarioTime.TotalSeconds:0.00}s, last extension at {extended.Last().ScenarioTime.TotalSeconds:0.00}s");

            Assert.Single(_session.Run("$hc | Get-DemoSideEffect").NoErrors().Objects<SideEffectRecord>());
            Assert.Equal(MessageStatus.COMPLETED, _session.Run("$hc | Get-DemoMessageStatus").Single<StatusRecord>().Status);
            Assert.Equal(0, _session.Run("$hc | Get-DemoQueue").Single<QueueStatistics>().InFlight);
            _session.Run("Remove-Job -Name hb-crasher, hb-successor").NoErrors();
        }

        [Theory]
        [InlineData("hb-equal", "-HeartbeatSeconds 10", "the queue's VisibilityTimeout")]
        [InlineData("hb-above-job", "-HeartbeatSeconds 12 -AsJob", "the queue's VisibilityTimeout")]
        [InlineData("hb-own-timeout", "-VisibilityTimeout 5 -HeartbeatSeconds 5", "the consumer's VisibilityTimeout")]
        public void A_heartbeat_not_below_the_visibility_timeout_is_refused_before_anything_is_received(string name, string knobs, string whose)
        {
            _session.Run($"$hv = New-DemoEnvironment -Name {name} -VisibilityTimeout 10; $hv | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            var error = _session.RunExpectingTerminatingError("$hv | Start-DemoConsumer -ConsumerId hb-refused -MessageLimit 1 " + knobs);
            Assert.Equal("InvalidConsumerOptions,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
            Assert.Contains("HeartbeatSeconds", error.Exception.Message);
            Assert.Contains(whose, error.Exception.Message);
            Assert.Empty(_session.Run("Get-Job -Name hb-refused -ErrorAction SilentlyContinue").Output);
            Assert.Equal(1, _session.Run("$hv | Get-DemoQueue").Single<QueueStatistics>().Visible);
        }

        [Fact]
        public void Stale_messages_are_deleted_unapplied_and_journaled_and_fresh_ones_are_applied()
        {
            _session.Run("$st = New-DemoEnvironment -Name stale-mix -Ledger; $old = @($st | Send-DemoMessage -Count 2)").NoErrors();
            _session.Run("Wait-DemoClock -Seconds 20").NoErrors();
            _session.Run("$fresh = $st | Send-DemoMessage -Count 1").NoErrors();
            _session.Run("$st | Start-DemoConsumer -AsJob -ConsumerId stale-1 -StaleAfterSeconds 10 -MessageLimit 3 | Out-Null").NoErrors();
            Assert.Equal(JobState.Completed, WaitForJob("stale-1").JobStateInfo.State);

            var records = _session.Run("Receive-Job -Name stale-1").NoErrors().Objects<ConsumerRecord>().ToArray();
            var oldIds = _session.Run("$old.BodyId").Output.Select(o => o.ToString()).OrderBy(x => x).ToArray();
            var freshId = _session.Run("$fresh.BodyId").Output.Single().ToString();
            Assert.Equal(oldIds, records.Where(r => r.Outcome == MessageOutcome.StaleSkipped).Select(r => r.BodyId).OrderBy(x => x));
            Assert.Equal(freshId, Assert.Single(records, r => r.Outcome == MessageOutcome.Processed).BodyId);

            var stale = Journal("-Kind StaleSkipped -Actor stale-1");
            Assert.Equal(2, stale.Length);
            Assert.All(stale, e =>
            {
                Assert.Equal(10, e.StaleAfterSeconds);
                Assert.True(e.AgeSeconds >= 20, "age " + e.AgeSeconds);
            });
            // Not applied: no status row, no side effect, no ledger events; but deleted.
            Assert.Equal(new[] { freshId }, _session.Run("$st | Get-DemoMessageStatus").Objects<StatusRecord>().Select(s => s.MessageId));
            Assert.Equal(new[] { freshId }, _session.Run("$st | Get-DemoSideEffect").Objects<SideEffectRecord>().Select(s => s.Key));
            Assert.Equal(new[] { freshId }, Journal("-Kind LedgerStarted -Actor stale-1").Select(e => e.BodyId));
            Assert.Equal(3, Journal("-Kind Deleted -Actor stale-1").Length);
            Assert.Equal(0, _session.Run("$st | Get-DemoQueue").Single<QueueStatistics>().Visible);

            var summary = (ConsumerSummary)_session.Run("(Get-Job -Name stale-1).Summary").Output.Single().BaseObject;
            Assert.Equal(2, summary.StaleSkipped);
            Assert.Equal(1, summary.Processed);
            // Skipped on purpose is handled, not lost.
            var accounting = _session.Run("$st | Get-DemoAccounting").Single<MessageAccounting>();
            Assert.Equal(2, accounting.StaleSkipped);
            Assert.Equal(1, accounting.Processed);
            Assert.Equal(0, accounting.Unaccounted);
            _session.Run("Remove-Job -Name stale-1").NoErrors();
        }

        [Fact]
        public void Messages_younger_than_StaleAfterSeconds_are_all_applied()
        {
            var records = _session.Run("$sf = New-DemoEnvironment -Name stale-fresh -Ledger; $sf | Send-DemoMessage -Count 3 | Out-Null; $sf | Start-DemoConsumer -StaleAfterSeconds 60 -MessageLimit 3")
                .NoErrors().Objects<ConsumerRecord>().ToArray();
            Assert.Equal(3, records.Length);
            Assert.All(records, r => Assert.Equal(MessageOutcome.Processed, r.Outcome));
            Assert.Equal(3, _session.Run("$sf | Get-DemoSideEffect").Objects<SideEffectRecord>().Count());
            Assert.Empty(Journal("-Kind StaleSkipped -QueueUrl $sf.QueueUrl"));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Tests.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace SqsDemo.Tests.Scenarios
{
    /// <summary>
    /// The slow lane: 2,000 messages, four consumers crashing at rate 0.2 and restarted,
    /// every 7th message sleeping past the visibility timeout, the ledger on. Whatever the
    /// seed, nothing is lost (each id has its side effect or sits in the DLQ) and no side
    /// effect is performed twice.
    /// </summary>
    [Trait("Lane", "Slow")]
    public sealed class ChaosSoakTests : IClassFixture<ModuleSession>
    {
        private const int MessageCount = 2000;
        private readonly ModuleSession _session;
        private readonly ITestOutputHelper _output;

        public ChaosSoakTests(ModuleSession session, ITestOutputHelper output)
        {
            _session = session;
            _output = output;
        }

        public static TheoryData<int> Seeds() => new TheoryData<int> { 101, 202, 303, 404, 505, 606, 707, 808, 909, 1010 };

        [Theory]
        [MemberData(nameof(Seeds))]
        public void Nothing_is_lost_and_no_side_effect_is_doubled(int seed)
        {
            // At x200 a scenario second is 5 ms of wall time, so an idle timeout would be a bet on the
            // machine never stalling for long: the consumers run until the queue holds nothing, visible,
            // in flight or delayed (a crashed consumer's messages count as in flight until they come back),
            // and are then stopped. Every message is by then deleted or in the DLQ.
            var started = DateTime.UtcNow;
            _session.Run($@"
                Connect-DemoBackend -TimeScale 200 -Seed {seed} | Out-Null
                $soak = New-DemoEnvironment -Name soak -Ledger -VisibilityTimeout 10 -MaxReceiveCount 3 -ReceiveWaitTime 10
                $soak | Send-DemoMessage -Count {MessageCount} -BatchSize 10 | Out-Null
                $jobs = foreach ($i in 1..4) {{
                    $soak | Start-DemoConsumer -AsJob -ConsumerId ""soak-$i"" -MaxMessages 10 -CrashRate 0.2 -RestartOnCrash `
                        -SleepMaxSeconds 0.2 -LongSleepSeconds 12 -LongSleepEvery 7
                }}
            ").NoErrors();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
            while (true)
            {
                var queue = _session.Run("$soak | Get-DemoQueue").NoErrors().Single<QueueStatistics>();
                if (queue.Visible + queue.InFlight + queue.Delayed == 0) break;
                Assert.True(DateTime.UtcNow < deadline, $"the soak did not drain in 10 minutes: {queue.Visible} visible, {queue.InFlight} in flight");
                System.Threading.Thread.Sleep(100);
            }
            _session.Run("$jobs | Stop-Job").NoErrors();
            var states = _session.Run("Get-Job -Name soak-* | ForEach-Object { $_.State.ToString() }").Output.Select(o => o.ToString()).ToArray();
            // Stop-Job is the graceful stop: a stopped consumer job ends Stopped, never Failed.
            Assert.All(states, s => Assert.Equal("Stopped", s));

            var accounting = _session.Run("$soak | Get-DemoAccounting").NoErrors().Single<MessageAccounting>();
            var effects = _session.Run("$soak | Get-DemoSideEffect").Objects<SideEffectRecord>().ToArray();
            var journal = _session.Run("Get-DemoJournal").Objects<JournalEvent>().ToArray();
            _session.Run("Get-Job -Name soak-* | Remove-Job").NoErrors();

            var sent = journal.Where(e => e.Kind == JournalEventKind.Sent).Select(e => e.BodyId!).ToArray();
            var withEffect = new HashSet<string>(effects.Select(e => e.Key));
            var inDlq = new HashSet<string>(accounting.DeadLetterIds);
            var lost = sent.Where(id => !withEffect.Contains(id) && !inDlq.Contains(id)).ToArray();
            var performedTwice = journal.Where(e => e.Kind == JournalEventKind.SideEffect).GroupBy(e => e.SideEffectKey).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
            var crashes = journal.Count(e => e.Kind == JournalEventKind.Crashed);
            var skipped = journal.Count(e => e.Kind == JournalEventKind.SideEffectSkipped);
            var receives = journal.Count(e => e.Kind == JournalEventKind.Received);

            _output.WriteLine($"seed {seed}: {MessageCount} sent, {receives} receives, {crashes} crashes (restarted), {effects.Length} side effects, " +
                              $"{skipped} side effects skipped as already done, {inDlq.Count} in the DLQ, {accounting.StillQueued} still queued, " +
                              $"{lost.Length} lost, {performedTwice.Length} doubled; {(DateTime.UtcNow - started).TotalSeconds:0.0} s wall");

            Assert.Equal(MessageCount, sent.Length);
            Assert.Equal(0, accounting.StillQueued);
            Assert.Empty(lost);
            Assert.Empty(performedTwice);
            Assert.True(crashes > 0, "the chaos really happened");
            Assert.True(skipped > 0, "some redelivered message found its side effect already done");
        }
    }
}

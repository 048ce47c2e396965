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
            // At x200 a scenario second is 5 ms of wall time. The idle timeout (120 s, 0.6 s of wall)
            // outlasts any message's time out of sight (a 12 s sleep past a 10 s visibility timeout)
            // by far more than a loaded machine stalls, so no consumer quits while work is left.
            var started = DateTime.UtcNow;
            _session.Run($@"
                Connect-DemoBackend -TimeScale 200 -Seed {seed} | Out-Null
                $soak = New-DemoEnvironment -Name soak -Ledger -VisibilityTimeout 10 -MaxReceiveCount 3 -ReceiveWaitTime 10
                $soak | Send-DemoMessage -Count {MessageCount} -BatchSize 10 | Out-Null
                $jobs = foreach ($i in 1..4) {{
                    $soak | Start-DemoConsumer -AsJob -ConsumerId ""soak-$i"" -MaxMessages 10 -CrashRate 0.2 -RestartOnCrash `
                        -SleepMaxSeconds 0.2 -LongSleepSeconds 12 -LongSleepEvery 7 -IdleTimeoutSeconds 120
                }}
                $jobs | Wait-Job -Timeout 600 | Out-Null
            ").NoErrors();
            var states = _session.Run("Get-Job -Name soak-* | ForEach-Object { $_.State.ToString() }").Output.Select(o => o.ToString()).ToArray();
            Assert.All(states, s => Assert.Equal("Completed", s));

            var accounting = _session.Run("$soak | Get-DemoAccounting").NoErrors().Single<MessageAccounting>();
            var effects = _session.Run("$soak | Get-DemoSideEffect").Objects<SideEffectRecord>().ToArray();
            var journal = _session.Run("Get-DemoJournal").Objects<JournalEvent>().ToArray();
            _session.Run("Get-Job -Name soak-* | Remove-Job").NoErrors();

            var sent = journal.Where(e => e.Kind == JournalEventKind.Sent).Select(e => e.BodyId!).ToArray();
            var withEffect = new HashSet<string>(effects.Select(e => e.Key));
            var inDlq = new HashSet<string>(accounting.DeadLetterIds);
            var lost = sent.Where(id => !withEffect.Contains(id) && !inDlq.Contains(id)).ToArray();
            var performedTwice = journal.Where(e => e.Kind == JournalEventKind.SideEffect).GroupBy(e => e.Detail).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
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

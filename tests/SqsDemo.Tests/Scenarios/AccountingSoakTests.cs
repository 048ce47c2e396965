using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace SqsDemo.Tests.Scenarios
{
    /// <summary>
    /// The soaks that exposed the old accounting's errors (doubles counted from Processed events, a FIFO DLQ
    /// undercounted by looking into it with receives): consumers crash and restart, redeliveries find their side
    /// effects done, poison messages fill the DLQ; then Get-DemoAccounting must agree, message for message, with
    /// a full drain of the queue and its DLQ and with the ledger's side effects. At x200 each takes under 10 s of
    /// wall time here, so both run in the normal lane.
    /// </summary>
    public sealed class AccountingSoakTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;
        private readonly ITestOutputHelper _output;

        public AccountingSoakTests(ModuleSession session, ITestOutputHelper output)
        {
            _session = session;
            _output = output;
        }

        [Fact]
        public Task Standard_soak_of_3000_with_6_consumers_crashing_at_a_quarter() =>
            SoakAsync("soak-std", 3000, fifo: false, seed: 1616, poison: 30);

        [Fact]
        public Task Fifo_soak_of_2000_over_20_groups() =>
            SoakAsync("soak-fifo", 2000, fifo: true, seed: 1617, poison: 80);

        private async Task SoakAsync(string name, int count, bool fifo, int seed, int poison)
        {
            var started = DateTime.UtcNow;
            var fifoArgs = fifo ? "-Fifo" : "";
            var groupArgs = fifo ? "-MessageGroupId { 'g' + ([Convert]::ToInt32(($_ | ConvertFrom-Json).id.Substring(0, 2), 16) % 20) } -DeduplicationId { ($_ | ConvertFrom-Json).id }" : "";
            _session.Run($@"
                Connect-DemoBackend -TimeScale 200 -Seed {seed} | Out-Null
                $soak = New-DemoEnvironment -Name {name} {fifoArgs} -Ledger -VisibilityTimeout 10 -MaxReceiveCount 5 -ReceiveWaitTime 10
                $soak | Send-DemoMessage -Count {count} -PoisonCount {poison} -BatchSize 10 {groupArgs} | Out-Null
                $jobs = foreach ($i in 1..6) {{
                    $soak | Start-DemoConsumer -AsJob -ConsumerId ""{name}-$i"" -MaxMessages 10 -CrashRate 0.25 -RestartOnCrash `
                        -SleepMaxSeconds 0.1 -LongSleepSeconds 12 -LongSleepEvery 7
                }}
            ").NoErrors();
            WaitUntilDrained(name);
            _session.Run("$jobs | Stop-Job; $jobs | Remove-Job").NoErrors();

            var accounting = _session.Run("$soak | Get-DemoAccounting").NoErrors().Single<MessageAccounting>();
            var environment = _session.Run("$soak").Single<DemoEnvironment>();
            var backend = _session.Run("Get-DemoBackend").Single<DemoRun>();
            var effects = _session.Run("$soak | Get-DemoSideEffect").Objects<SideEffectRecord>().ToArray();
            var journal = backend.Journal.Snapshot();
            var sent = new HashSet<string>(journal.Where(e => e.Kind == JournalEventKind.Sent && e.QueueUrl == environment.QueueUrl).Select(e => e.BodyId!));
            var queued = await DrainAsync(backend, environment.QueueUrl);
            var deadLettered = await DrainAsync(backend, environment.DeadLetterQueueUrl);
            var withEffect = new HashSet<string>(effects.Select(e => e.MessageId));
            var processedEvents = journal.Where(e => e.Kind == JournalEventKind.Processed).GroupBy(e => e.BodyId).Count(g => g.Count() > 1);
            var skippedAsDone = journal.Count(e => e.Kind == JournalEventKind.SideEffectSkipped);

            _output.WriteLine($"{name}: {accounting.Sent} sent, {accounting.Processed} processed, {accounting.DeadLettered} dead-lettered ({deadLettered.Count} drained), " +
                              $"{effects.Length} side effects, {skippedAsDone} skipped as done, {processedEvents} ids with two Processed events, " +
                              $"{accounting.AppliedMoreThanOnce.Length} applied twice, {journal.Count(e => e.Kind == JournalEventKind.Crashed)} crashes; " +
                              $"{(DateTime.UtcNow - started).TotalSeconds:0.0} s wall");

            Assert.Equal(count, sent.Count);
            Assert.Equal(sent.Count, accounting.Sent);
            // What the queues held, drained to the last message, is what the accounting said they held.
            Assert.Empty(queued);
            Assert.Empty(accounting.StillQueuedIds);
            Assert.Equal(deadLettered.OrderBy(id => id, StringComparer.Ordinal), accounting.DeadLetterIds);
            // The rest was processed, each with its side effect in the ledger, applied once.
            var processed = sent.Where(id => !deadLettered.Contains(id)).ToArray();
            Assert.Equal(processed.Length, accounting.Processed);
            Assert.All(processed, id => Assert.Contains(id, withEffect));
            Assert.Equal(effects.Length, journal.Count(e => e.Kind == JournalEventKind.SideEffect));
            Assert.Empty(accounting.AppliedMoreThanOnce);
            Assert.Equal(0, accounting.Unaccounted);
            // The chaos really happened: the DLQ has more than a receive-to-look could be trusted with,
            // and redeliveries met side effects already done.
            Assert.True(deadLettered.Count >= poison, "the poison messages reached the DLQ");
            Assert.True(skippedAsDone > 0, "some redelivery found its side effect already done");
        }

        private void WaitUntilDrained(string name)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
            while (true)
            {
                var queue = _session.Run("$soak | Get-DemoQueue").NoErrors().Single<QueueStatistics>();
                if (queue.IsEmpty) return;
                Assert.True(DateTime.UtcNow < deadline, $"{name} did not drain in 10 minutes: {queue.Visible} visible, {queue.InFlight} in flight");
                System.Threading.Thread.Sleep(100);
            }
        }

        /// <summary>Receives and deletes every message of a queue (a FIFO queue group by group), as an outside drain would; the body ids.</summary>
        private static async Task<HashSet<string>> DrainAsync(DemoRun backend, string queueUrl)
        {
            var drain = backend.BrokerFor("drain");
            var ids = new HashSet<string>(StringComparer.Ordinal);
            while (!(await QueueStatistics.ReadAsync(backend.Broker, queueUrl, null)).IsEmpty)
            {
                var messages = await drain.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
                foreach (var m in messages)
                {
                    ids.Add(MessageBody.TryGetId(m.Body) ?? m.MessageId);
                    await drain.DeleteMessageAsync(queueUrl, m.ReceiptHandle);
                }
            }
            return ids;
        }
    }
}

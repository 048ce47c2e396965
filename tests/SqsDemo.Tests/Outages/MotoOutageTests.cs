using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Outages
{
    /// <summary>The consumer against moto through the fault proxy, on real seconds: kept short (a few seconds of each fault).</summary>
    [Collection(MotoScenarioCollection.Name)]
    public sealed class MotoOutageTests
    {
        private readonly MotoServer _moto;

        public MotoOutageTests(MotoServer moto) => _moto = moto;

        [MotoFact]
        public async Task Consumer_at_moto_rides_out_resets_and_a_black_hole_and_applies_each_message_once()
        {
            using var proxy = new FaultProxy(_moto.Endpoint.Port);
            using var broker = AwsBroker.ForEndpoint(proxy.Uri, MotoServer.Region);
            using var ledger = DynamoDbLedger.ForEndpoint(proxy.Uri, MotoServer.Region);
            var backend = DemoRun.CreateRemote(BackendKind.Endpoint, "moto through a fault proxy", broker, ledger, 21);
            var name = backend.NamePrefix + "outage";
            var tables = LedgerTables.For(name);
            var queueUrl = await broker.CreateQueueAsync(name, new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "5" });
            await ledger.CreateTablesAsync(tables);
            var options = new ConsumerOptions
            {
                ConsumerId = "moto-rider",
                QueueUrl = queueUrl,
                Receive = { WaitTimeSeconds = 1, MaxMessages = 5, MaxOutageSeconds = 60 },
                Work = { RejectPayloadMarker = null },
                Ledger = { StatusTable = tables.StatusTable, SideEffectsTable = tables.SideEffectsTable },
            };
            using var stop = new CancellationTokenSource();
            var run = Task.Run(() => new ConsumerSupervisor(backend, options).RunAsync(null, stop.Token));
            var ids = new List<string>();
            foreach (var fault in new[] { ProxyMode.Reset, ProxyMode.BlackHole })
            {
                ids.AddRange(await SendAsync(broker, queueUrl, fault.ToString(), 5));
                var unavailable = Count(backend, JournalEventKind.BackendUnavailable);
                proxy.Mode = fault;
                await OutageRig.Until(() => Count(backend, JournalEventKind.BackendUnavailable) > unavailable || run.IsCompleted, fault + ": BackendUnavailable");
                await Task.Delay(TimeSpan.FromSeconds(3)); // the fault's length
                Assert.False(run.IsCompleted, fault + ": the consumer ended: " + (run.IsCompleted ? run.Result.Reason : ""));
                proxy.Mode = ProxyMode.Pass;
                // The side-effects table, not the journal: a write that took effect while its answer was lost to the
                // fault is journaled by no SideEffect event, and its redelivery is rightly skipped.
                await OutageRig.Until(() => run.IsCompleted || SideEffectRows(ledger, tables) >= ids.Count, fault + ": every message applied");
                Assert.False(run.IsCompleted, fault + ": the consumer ended: " + (run.IsCompleted ? run.Result.Reason : ""));
            }
            stop.Cancel();
            Assert.Equal(ConsumerEnding.Stopped, (await run).Ending);
            // Each message's side effect is in the table once, and none was applied twice (a lost answer may leave one
            // with no SideEffect event: the write took effect, the consumer never heard, its redelivery skipped it).
            Assert.Equal(ids.Count, SideEffectRows(ledger, tables));
            var applied = Applied(backend);
            Assert.Subset(ids.ToHashSet(), applied.Keys.ToHashSet());
            Assert.All(applied, pair => Assert.True(pair.Value == 1, pair.Key + " applied " + pair.Value + " times"));
            Assert.Equal(Count(backend, JournalEventKind.BackendUnavailable), Count(backend, JournalEventKind.BackendRecovered));
        }

        private static int SideEffectRows(DynamoDbLedger ledger, LedgerTables tables) =>
            ledger.ListSideEffectsAsync(tables.SideEffectsTable).GetAwaiter().GetResult().Count;

        private static int Count(DemoRun backend, JournalEventKind kind) => backend.Journal.Where(e => e.Kind == kind).Count;

        private static Dictionary<string, int> Applied(DemoRun backend) =>
            backend.Journal.Where(e => e.Kind == JournalEventKind.SideEffect).GroupBy(e => e.BodyId).ToDictionary(g => g.Key!, g => g.Count());

        private static async Task<IReadOnlyList<string>> SendAsync(AwsBroker broker, string queueUrl, string prefix, int count)
        {
            var ids = Enumerable.Range(1, count).Select(i => prefix + "-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            foreach (var id in ids)
                await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = "{\"id\":\"" + id + "\",\"work\":1}" });
            return ids;
        }
    }
}

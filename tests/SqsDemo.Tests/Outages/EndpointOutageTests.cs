using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Outages
{
    /// <summary>
    /// The built-in consumer against SqsDemo's endpoint through a fault proxy: it waits out connection
    /// resets, a server that never answers and a server restart, then drains, with no side effect
    /// applied twice; without an outage budget, and on a permanent error, it faults at once.
    /// </summary>
    [Hosting.RunsLong]
    public sealed class EndpointOutageTests
    {
        private static readonly TimeSpan FaultLasts = TimeSpan.FromSeconds(30);

        [Fact]
        [Trait("Category", "Slow")]
        public async Task Consumer_rides_out_resets_a_black_hole_and_a_restart_then_drains_without_doubling_a_side_effect()
        {
            using var rig = new OutageRig();
            await rig.CreateAsync();
            using var stop = new CancellationTokenSource();
            var supervisor = new ConsumerSupervisor(rig.Consuming, rig.Options(maxOutageSeconds: 120));
            var run = Task.Run(() => supervisor.RunAsync(null, stop.Token));
            var sent = new List<string>();

            sent.AddRange(await rig.SendAsync("calm", 10));
            await UntilAppliedAsync(rig, sent);

            await RideOutAsync(rig, run, ProxyMode.Reset, sent, "reset");
            await RideOutAsync(rig, run, ProxyMode.BlackHole, sent, "blackhole");

            var unavailableBefore = rig.Events(JournalEventKind.BackendUnavailable).Count;
            rig.RestartServer(TimeSpan.FromSeconds(5));
            sent.AddRange(await rig.SendAsync("restart", 10));
            await UntilAppliedAsync(rig, sent);
            Assert.False(run.IsCompleted, "the consumer ended during the restart");

            stop.Cancel();
            var summary = await run;
            Assert.Equal(ConsumerEnding.Stopped, summary.Ending);
            // Each outage journaled once, each recovered; the one of the restart too (the long poll in flight was cut).
            Assert.True(rig.Events(JournalEventKind.BackendUnavailable).Count > unavailableBefore, "the restart was not an outage to the consumer");
            Assert.Equal(rig.Events(JournalEventKind.BackendUnavailable).Count, rig.Events(JournalEventKind.BackendRecovered).Count);
            await AssertDrainedOnceEachAsync(rig, sent);
        }

        /// <summary>One fault for <see cref="FaultLasts"/>, with messages sent meanwhile: the consumer is still up after it and applies them.</summary>
        private static async Task RideOutAsync(OutageRig rig, Task<ConsumerSummary> run, ProxyMode fault, List<string> sent, string prefix)
        {
            var unavailable = rig.Events(JournalEventKind.BackendUnavailable).Count;
            var recovered = rig.Events(JournalEventKind.BackendRecovered).Count;
            rig.Proxy.Mode = fault;
            var began = Stopwatch.StartNew();
            sent.AddRange(await rig.SendAsync(prefix, 10));
            await OutageRig.Until(() => rig.Events(JournalEventKind.BackendUnavailable).Count > unavailable || run.IsCompleted, prefix + ": BackendUnavailable");
            Assert.False(run.IsCompleted, prefix + ": the consumer ended: " + (run.IsCompleted ? run.Result.Reason : ""));
            var rest = FaultLasts - began.Elapsed;
            if (rest > TimeSpan.Zero) await Task.Delay(rest); // the fault's length is the point here, not a guess at timing
            Assert.False(run.IsCompleted, prefix + ": the consumer ended during the outage: " + (run.IsCompleted ? run.Result.Reason : ""));
            rig.Proxy.Mode = ProxyMode.Pass;
            var restoredAt = DateTimeOffset.UtcNow;
            await UntilAppliedAsync(rig, sent);
            await OutageRig.Until(() => rig.Events(JournalEventKind.BackendRecovered).Count > recovered, prefix + ": BackendRecovered");
            var back = rig.Events(JournalEventKind.BackendRecovered).Last();
            var first = rig.Events(JournalEventKind.BackendUnavailable)[unavailable];
            // The outage is reckoned from its first failure (a black hole's comes only after the client's timeout) to the first success.
            var atLeast = (restoredAt - first.Time).TotalSeconds - 0.5;
            Assert.True(back.OutageSeconds >= atLeast && atLeast > 10, prefix + ": the outage lasted " + back.OutageSeconds + " s, the fault " + atLeast + " s after the first failure");
            Assert.True(back.Attempts >= 2, prefix + ": " + back.Attempts + " failed attempts");
            Assert.False(string.IsNullOrEmpty(first.Operation));
            Assert.False(string.IsNullOrEmpty(first.ErrorCode));
        }

        private static Task UntilAppliedAsync(OutageRig rig, IReadOnlyCollection<string> ids) =>
            OutageRig.Until(() => rig.Events(JournalEventKind.SideEffect).Select(e => e.BodyId).Distinct().Count() >= ids.Count, ids.Count + " side effects");

        /// <summary>Every message applied exactly once (journal and side-effects table), none left in the queue or in flight.</summary>
        private static async Task AssertDrainedOnceEachAsync(OutageRig rig, IReadOnlyCollection<string> ids)
        {
            var applied = rig.Events(JournalEventKind.SideEffect).GroupBy(e => e.BodyId).ToDictionary(g => g.Key!, g => g.Count());
            Assert.Equal(ids.OrderBy(i => i), applied.Keys.OrderBy(i => i));
            Assert.All(applied, pair => Assert.True(pair.Value == 1, pair.Key + " applied " + pair.Value + " times"));
            var rows = await rig.Served.Ledger.ListSideEffectsAsync(rig.Tables.SideEffectsTable);
            Assert.Equal(ids.Count, rows.Count);
            var status = await rig.Served.Ledger.ListStatusAsync(rig.Tables.StatusTable);
            Assert.All(status, row => Assert.Equal(MessageStatus.COMPLETED, row.Status));
            var servedUrl = await rig.Served.Broker.GetQueueUrlAsync("outage");
            await OutageRig.Until(() =>
            {
                var counts = rig.Served.Broker.GetQueueAttributesAsync(servedUrl, new[] { QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible }).Result;
                return counts[QueueAttributeName.ApproximateNumberOfMessages] == "0" && counts[QueueAttributeName.ApproximateNumberOfMessagesNotVisible] == "0";
            }, "an empty queue");
        }

        [Fact]
        public async Task Messages_in_hand_when_the_outage_begins_are_left_to_time_out_and_applied_once_after_it()
        {
            using var rig = new OutageRig();
            await rig.CreateAsync(visibilityTimeout: 30);
            var options = rig.Options(maxOutageSeconds: 120);
            // Each message takes a second of work before its ledger writes: the outage begins with messages in hand.
            options.Work.SleepMinSeconds = 1;
            options.Work.SleepMaxSeconds = 1;
            using var stop = new CancellationTokenSource();
            var run = Task.Run(() => new ConsumerSupervisor(rig.Consuming, options).RunAsync(null, stop.Token));
            var sent = await rig.SendAsync("held", 5);
            await OutageRig.Until(() => rig.Events(JournalEventKind.LedgerStarted).Count > 0 || run.IsCompleted, "a message in hand");
            rig.Proxy.Mode = ProxyMode.Reset;
            await OutageRig.Until(() => rig.Events(JournalEventKind.BackendUnavailable).Count > 0 || run.IsCompleted, "BackendUnavailable");
            await Task.Delay(TimeSpan.FromSeconds(3)); // the outage's length
            rig.Proxy.Mode = ProxyMode.Pass;
            await UntilAppliedAsync(rig, sent);
            stop.Cancel();
            Assert.Equal(ConsumerEnding.Stopped, (await run).Ending);
            // Some message was in hand when the backend failed: it came back (received again) and still took effect once.
            var received = rig.Events(JournalEventKind.Received).GroupBy(e => e.BodyId).ToDictionary(g => g.Key!, g => g.Count());
            Assert.Contains(received, pair => pair.Value > 1);
            Assert.NotEqual("ReceiveMessage", rig.Events(JournalEventKind.BackendUnavailable)[0].Operation);
            await AssertDrainedOnceEachAsync(rig, sent);
        }

        [Fact]
        public async Task Without_an_outage_budget_the_consumer_faults_at_the_first_failure()
        {
            using var rig = new OutageRig();
            await rig.CreateAsync();
            rig.Proxy.Mode = ProxyMode.Reset;
            var elapsed = Stopwatch.StartNew();
            var summary = await new ConsumerSupervisor(rig.Consuming, rig.Options(maxOutageSeconds: 0)).RunAsync(null, CancellationToken.None);
            Assert.Equal(ConsumerEnding.Faulted, summary.Ending);
            Assert.Contains("EndpointUnreachable", summary.Reason);
            Assert.Single(rig.Events(JournalEventKind.BackendUnavailable));
            Assert.Empty(rig.Events(JournalEventKind.BackendRecovered));
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(30), "took " + elapsed.Elapsed);
        }

        [Fact]
        public async Task A_spent_outage_budget_faults_the_consumer_naming_the_budget()
        {
            using var rig = new OutageRig();
            await rig.CreateAsync();
            rig.Proxy.Mode = ProxyMode.Reset;
            var summary = await new ConsumerSupervisor(rig.Consuming, rig.Options(maxOutageSeconds: 3)).RunAsync(null, CancellationToken.None);
            Assert.Equal(ConsumerEnding.Faulted, summary.Ending);
            Assert.Contains("MaxOutageSeconds 3", summary.Reason);
            var ended = rig.Events(JournalEventKind.ConsumerEnded).Single();
            Assert.Equal("EndpointUnreachable", ended.ErrorCode);
        }

        [Fact]
        public async Task A_permanent_error_faults_at_once_whatever_the_budget()
        {
            using var rig = new OutageRig();
            await rig.CreateAsync();
            await rig.Served.Broker.DeleteQueueAsync(await rig.Served.Broker.GetQueueUrlAsync("outage"));
            var elapsed = Stopwatch.StartNew();
            var summary = await new ConsumerSupervisor(rig.Consuming, rig.Options(maxOutageSeconds: 300)).RunAsync(null, CancellationToken.None);
            Assert.Equal(ConsumerEnding.Faulted, summary.Ending);
            Assert.Contains(SqsErrorCode.QueueDoesNotExist, summary.Reason);
            Assert.Empty(rig.Events(JournalEventKind.BackendUnavailable));
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(30), "took " + elapsed.Elapsed);
        }

        [Fact]
        public async Task A_stop_while_the_backend_is_down_ends_the_consumer_stopped()
        {
            using var rig = new OutageRig();
            await rig.CreateAsync();
            using var stop = new CancellationTokenSource();
            var run = Task.Run(() => new ConsumerSupervisor(rig.Consuming, rig.Options(maxOutageSeconds: 300)).RunAsync(null, stop.Token));
            await OutageRig.Until(() => rig.Events(JournalEventKind.ConsumerStarted).Count > 0, "the start");
            rig.Proxy.Mode = ProxyMode.BlackHole;
            await OutageRig.Until(() => rig.Events(JournalEventKind.BackendUnavailable).Count > 0 || run.IsCompleted, "BackendUnavailable");
            stop.Cancel();
            var summary = await run;
            Assert.Equal(ConsumerEnding.Stopped, summary.Ending);
            Assert.Null(summary.Reason);
        }
    }
}

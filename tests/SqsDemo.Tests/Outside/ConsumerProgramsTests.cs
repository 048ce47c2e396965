// The example consumers a user would copy (tests/consumers/python/*.py, tests/clients/node/idempotent_consumer.mjs),
// each a real process run by the engine's supervisor (Start-DemoConsumer -Command's path) against the endpoint,
// configured only by the seeds' variables, and judged only by what the broker, the ledger's tables and the journal
// say: the correct ones do each side effect once, the naive one shows its flaw, poison goes to the DLQ, and SIGTERM
// finishes the message in hand and exits 0.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Outside;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Outside
{
    public sealed class ConsumerProgramsTests
    {
        private const string PoisonMarker = "POISON";
        /// <summary>The consumers' long poll, in scenario seconds (a fifth of a second of wall time): what a SIGTERM between messages waits for.</summary>
        private const string LongPoll = "2";

        private static string Body(string id, string extra = "") => "{\"id\":\"" + id + "\",\"work\":7" + extra + "}";

        private static string PoisonBody(string id) => "{\"id\":\"" + id + "\",\"poison\":true,\"work\":\"" + PoisonMarker + "\"}";

        /// <summary>Stop-Job's SIGTERM through the supervisor: the consumer must end Stopped, by itself, with exit code 0.</summary>
        private static async Task StopsCleanlyOnSigtermAsync(OutsideConsumerStage stage, OutsideConsumerSupervisor consumer)
        {
            var summary = await stage.StopAsync(consumer);
            Assert.True((summary.Ending, summary.ExitCode) == (ConsumerEnding.Stopped, 0),
                $"{summary.Ending} ({summary.Reason}) with exit code {summary.ExitCode} after SIGTERM, not Stopped with 0.\n{stage.OutputOf(consumer)}");
        }

        [Theory]
        [ConsumerData("python-idempotent")]
        [ConsumerData("python-naive")]
        [ConsumerData("node-idempotent")]
        public async Task Drains_a_queue_in_batches_doing_each_side_effect_once_and_leaves_poison_to_the_DLQ(string name)
        {
            var program = ConsumerProgram.Named(name);
            using var stage = await OutsideConsumerStage.CreateAsync(visibilityTimeout: 20, maxReceiveCount: 2);
            var good = Enumerable.Range(1, 6).Select(i => "good-" + i).ToArray();
            var poison = new[] { "poison-1", "poison-2" };
            var poisonMessageIds = new List<string>();
            foreach (var id in good.Take(3)) await stage.SendAsync(Body(id));
            foreach (var id in poison) poisonMessageIds.Add(await stage.SendAsync(PoisonBody(id)));
            foreach (var id in good.Skip(3)) await stage.SendAsync(Body(id));

            var consumer = stage.Start(program, new Dictionary<string, string>
            {
                ["MAX_MESSAGES"] = "5", ["WAIT_TIME_SECONDS"] = LongPoll, ["REJECT_PAYLOAD_MARKER"] = PoisonMarker,
            });
            await stage.WaitForAsync(consumer, e => e.Kind == JournalEventKind.Deleted && e.Actor == program.Name, good.Length, "a delete of each good message");
            await stage.WaitForAsync(consumer, e => e.Kind == JournalEventKind.MovedToDeadLetterQueue, poison.Length, "both poison messages in the DLQ");
            await StopsCleanlyOnSigtermAsync(stage, consumer);

            Assert.Equal((0L, 0L), await stage.DepthAsync(stage.Environment.QueueUrl));
            Assert.Equal((2L, 0L), await stage.DepthAsync(stage.Environment.DeadLetterQueueUrl));
            // Each poison message was received by this consumer exactly maxReceiveCount times, never deleted, then dead-lettered.
            Assert.Equal(poisonMessageIds.OrderBy(i => i), stage.Events(JournalEventKind.MovedToDeadLetterQueue).Select(e => e.MessageId).OrderBy(i => i));
            foreach (var id in poisonMessageIds)
                Assert.Equal(2, stage.Journal.Where(e => e.Kind == JournalEventKind.Received && e.MessageId == id && e.Actor == program.Name).Count);
            Assert.DoesNotContain(stage.Events(JournalEventKind.Deleted), e => poisonMessageIds.Contains(e.MessageId ?? ""));

            var effects = await stage.SideEffectsAsync();
            Assert.Equal(good, effects.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(good.Length, stage.SideEffectWrites(program.Name));
            if (!program.Idempotent) return;
            var rows = await stage.StatusRowsAsync();
            Assert.All(good, id => Assert.Equal((MessageStatus.COMPLETED, 1), (rows[id].Status, rows[id].Attempts)));
            // A poison message was started on each receive and never completed.
            Assert.All(poison, id => Assert.Equal((MessageStatus.STARTED, 2), (rows[id].Status, rows[id].Attempts)));
        }

        /// <summary>
        /// The duplicates a consumer meets without any crash: one message sent twice (the same body id) and one order
        /// in two messages (the same order_id, the business key). The correct consumers write 2 side effects;
        /// the naive one writes 4, overwriting each key once, which its table alone would never show.
        /// </summary>
        [Theory]
        [ConsumerData("python-idempotent")]
        [ConsumerData("python-naive")]
        [ConsumerData("node-idempotent")]
        public async Task A_message_sent_twice_and_an_order_in_two_messages_are_each_one_side_effect_unless_the_consumer_is_naive(string name)
        {
            var program = ConsumerProgram.Named(name);
            using var stage = await OutsideConsumerStage.CreateAsync(visibilityTimeout: 20, maxReceiveCount: 2);
            await stage.SendAsync(Body("pay-1"));
            await stage.SendAsync(Body("pay-1"));
            await stage.SendAsync(Body("pay-2", ",\"order_id\":\"order-9\""));
            await stage.SendAsync(Body("pay-3", ",\"order_id\":\"order-9\""));

            var consumer = stage.Start(program, new Dictionary<string, string>
            {
                ["WAIT_TIME_SECONDS"] = LongPoll, ["BUSINESS_IDEMPOTENCY_FIELD"] = "order_id",
            });
            await stage.WaitForAsync(consumer, e => e.Kind == JournalEventKind.Deleted && e.Actor == program.Name, 4, "a delete of all four messages");
            await StopsCleanlyOnSigtermAsync(stage, consumer);

            Assert.Equal((0L, 0L), await stage.DepthAsync(stage.Environment.QueueUrl));
            var effects = await stage.SideEffectsAsync();
            Assert.Equal(new[] { "biz:order_id:order-9", "pay-1" }, effects.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(program.Idempotent ? 2 : 4, stage.SideEffectWrites(program.Name));
            if (!program.Idempotent) return;
            var rows = await stage.StatusRowsAsync();
            Assert.Equal(new[] { "pay-1", "pay-2", "pay-3" }, rows.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(rows.Values, r => Assert.Equal(MessageStatus.COMPLETED, r.Status));
        }

        /// <summary>
        /// A message past its use, then an entity's versions 3 and 1 in that order: the correct consumers delete the stale
        /// message without its side effect (STALE_AFTER_SECONDS, on their own clock against SentTimestamp) and store
        /// version 1 not at all (their conditional update is refused, which writes nothing); the naive one applies the
        /// stale message and stores version 1 over version 3.
        /// </summary>
        [Theory]
        [ConsumerData("python-idempotent")]
        [ConsumerData("python-naive")]
        [ConsumerData("node-idempotent")]
        public async Task A_stale_message_is_not_applied_and_an_older_version_not_stored_over_a_newer_unless_the_consumer_is_naive(string name)
        {
            var program = ConsumerProgram.Named(name);
            using var stage = await OutsideConsumerStage.CreateAsync(visibilityTimeout: 20, maxReceiveCount: 2);
            const double staleAfterSeconds = 5; // wall seconds: the process's own clock
            await stage.SendAsync(Body("stale-1"));
            var sentAt = DateTimeOffset.UtcNow;
            while (DateTimeOffset.UtcNow - sentAt < TimeSpan.FromSeconds(staleAfterSeconds + 0.5)) await Task.Delay(50);

            var consumer = stage.Start(program, new Dictionary<string, string>
            {
                ["WAIT_TIME_SECONDS"] = LongPoll, ["STALE_AFTER_SECONDS"] = "5", ["ENTITY_VERSIONS_TABLE"] = stage.Environment.VersionsTable!,
            });
            bool DeletedByIt(JournalEvent e) => e.Kind == JournalEventKind.Deleted && e.Actor == program.Name;
            await stage.WaitForAsync(consumer, DeletedByIt, 1, "the stale message deleted");
            // Each version sent once the message before it is gone, so they arrive in this order, fresh.
            await stage.SendAsync("{\"id\":\"ver-3\",\"entity_id\":\"acct-1\",\"version\":3}");
            await stage.WaitForAsync(consumer, DeletedByIt, 2, "version 3 deleted");
            await stage.SendAsync("{\"id\":\"ver-1\",\"entity_id\":\"acct-1\",\"version\":1}");
            await stage.WaitForAsync(consumer, DeletedByIt, 3, "version 1 deleted");
            await StopsCleanlyOnSigtermAsync(stage, consumer);

            (string Key, IReadOnlyDictionary<string, string>? Values)[] Written(string table) => stage.Events(JournalEventKind.TableRequest, program.Name)
                .Where(e => e.ErrorCode == null && e.ItemKeys != null)
                .SelectMany(e => e.ItemKeys!.Select((k, i) => (k, e.ItemValues![i])))
                .Where(w => w.k.StartsWith(table + "/", StringComparison.Ordinal)).ToArray();
            var versions = Written(stage.Environment.VersionsTable!).Select(w => long.Parse(w.Values!["version"])).ToArray();
            var staleApplied = Written(stage.Environment.SideEffectsTable!).Any(w => w.Key.EndsWith("/stale-1", StringComparison.Ordinal));
            Assert.Equal(program.Idempotent ? new[] { 3L } : new[] { 3L, 1L }, versions);
            Assert.Equal(!program.Idempotent, staleApplied);
            Assert.Equal((0L, 0L), await stage.DepthAsync(stage.Environment.QueueUrl));
        }

        /// <summary>
        /// The race of the dup scenario, made deterministic: while the consumer works on a message (after its check that
        /// the side effect does not exist yet), another consumer performs that side effect. The correct consumers' put is
        /// refused by its condition and they complete without a second side effect; the naive one overwrites it: two
        /// side effects for one key.
        /// </summary>
        [Theory]
        [ConsumerData("python-idempotent")]
        [ConsumerData("python-naive")]
        [ConsumerData("node-idempotent")]
        public async Task A_side_effect_another_consumer_performs_meanwhile_is_not_done_again_unless_the_consumer_is_naive(string name)
        {
            var program = ConsumerProgram.Named(name);
            using var stage = await OutsideConsumerStage.CreateAsync(visibilityTimeout: 60, maxReceiveCount: 2);
            await stage.SendAsync(Body("pay-7"));

            var consumer = stage.Start(program, new Dictionary<string, string> { ["WAIT_TIME_SECONDS"] = LongPoll, ["SIDE_EFFECT_DELAY_SECONDS"] = "2" });
            // The last step before its work: the correct consumers' look for the side effect, the naive one's receive.
            bool WorkStarted(JournalEvent e) => e.Actor == program.Name && (program.Idempotent
                ? e.Kind == JournalEventKind.TableRequest && e.Operation == "GetItem" && e.TableName == stage.Environment.SideEffectsTable
                : e.Kind == JournalEventKind.Received);
            await stage.WaitForAsync(consumer, WorkStarted, 1, "the start of its work");
            await stage.PerformSideEffectAsRivalAsync("pay-7", "rival");
            await stage.WaitForAsync(consumer, e => e.Kind == JournalEventKind.Deleted && e.Actor == program.Name, 1, "its delete");
            await StopsCleanlyOnSigtermAsync(stage, consumer);

            var effect = Assert.Single((await stage.SideEffectsAsync()).Values);
            Assert.Equal(program.Idempotent ? 0 : 1, stage.SideEffectWrites(program.Name));
            Assert.Equal(program.Idempotent ? "rival" : "pay-7", effect.MessageId);
            Assert.Equal((0L, 0L), await stage.DepthAsync(stage.Environment.QueueUrl));
            if (!program.Idempotent) return;
            Assert.Contains(stage.Events(JournalEventKind.TableRequest, program.Name),
                e => e.Operation == "PutItem" && e.TableName == stage.Environment.SideEffectsTable && e.ErrorCode == "ConditionalCheckFailedException");
            Assert.Equal(MessageStatus.COMPLETED, Assert.Single((await stage.StatusRowsAsync()).Values).Status);
        }

        /// <summary>
        /// SIGTERM once a message is in hand (its heartbeat, a visibility change above 0, proves it): the consumer finishes
        /// it, side effect and delete, sends no further receive, and exits 0. The work outlasts the visibility timeout
        /// (3 s of work, 2 s of visibility), so the heartbeat is what keeps the message from a second delivery.
        /// </summary>
        [Theory]
        [ConsumerData("python-idempotent")]
        [ConsumerData("python-naive")]
        [ConsumerData("node-idempotent")]
        public async Task On_SIGTERM_finishes_the_message_in_hand_under_its_heartbeat_and_exits_0(string name)
        {
            var program = ConsumerProgram.Named(name);
            using var stage = await OutsideConsumerStage.CreateAsync(visibilityTimeout: 20, maxReceiveCount: 2);
            foreach (var i in Enumerable.Range(1, 3)) await stage.SendAsync(Body("slow-" + i));

            var consumer = stage.Start(program, new Dictionary<string, string>
            {
                ["WAIT_TIME_SECONDS"] = LongPoll, ["SIDE_EFFECT_DELAY_SECONDS"] = "3", ["HEARTBEAT_SECONDS"] = "0.5",
            });
            bool IsHeartbeat(JournalEvent e) => e.Kind == JournalEventKind.VisibilityChanged && e.Actor == program.Name && e.VisibilityTimeoutSeconds > 0;
            await stage.WaitForAsync(consumer, IsHeartbeat, 1, "a heartbeat of the message in hand");
            await StopsCleanlyOnSigtermAsync(stage, consumer);

            var received = Assert.Single(stage.Events(JournalEventKind.Received, program.Name));
            var deleted = Assert.Single(stage.Events(JournalEventKind.Deleted, program.Name));
            Assert.Equal(received.MessageId, deleted.MessageId);
            Assert.All(stage.Journal.Where(IsHeartbeat), e => Assert.Equal(received.MessageId, e.MessageId));
            Assert.Equal(1, stage.SideEffectWrites(program.Name));
            Assert.Equal((2L, 0L), await stage.DepthAsync(stage.Environment.QueueUrl));
            if (!program.Idempotent) return;
            var row = Assert.Single((await stage.StatusRowsAsync()).Values);
            Assert.Equal(MessageStatus.COMPLETED, row.Status);
        }
    }
}

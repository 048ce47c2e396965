using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// Accounting from the broker's record of every message: sends and deletes by any actor, the broker's own
    /// DLQ moves, redrives and purges; side effects counted where they were applied, not where a message was processed.
    /// </summary>
    public sealed class MessageAccountingTests
    {
        private static string Body(string id) => "{\"id\":\"" + id + "\"}";

        private static async Task<IReadOnlyList<Message>> ReceiveAllAsync(IBroker broker, string queueUrl, int expected)
        {
            var all = new List<Message>();
            while (all.Count < expected)
                all.AddRange(await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }));
            return all;
        }

        [Fact]
        public async Task Messages_an_outside_process_sent_and_deleted_count_as_processed_not_lost()
        {
            var backend = DemoRun.CreateEmbedded(timeScale: 100, seed: 1);
            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "outside" });
            var outsider = backend.BrokerFor("someone-elses-app");
            for (var i = 0; i < 5; i++)
                await outsider.SendMessageAsync(new SendMessageRequest { QueueUrl = environment.QueueUrl, MessageBody = Body("m" + i) });
            foreach (var m in (await ReceiveAllAsync(outsider, environment.QueueUrl, 5)).Take(4))
                await outsider.DeleteMessageAsync(environment.QueueUrl, m.ReceiptHandle);

            var accounting = await MessageAccounting.TakeAsync(backend, environment);

            Assert.Equal(5, accounting.Sent);
            Assert.Equal(4, accounting.Processed);
            Assert.Equal(1, accounting.StillQueued);
            Assert.Single(accounting.StillQueuedIds);
            Assert.Equal(0, accounting.Unaccounted);
        }

        [Fact]
        public async Task A_fifo_dead_letter_queue_is_counted_exactly_whatever_its_groups()
        {
            // Receiving to look would hold the front of each group and stop at the first empty answer.
            const int count = 77;
            var backend = DemoRun.CreateEmbedded(timeScale: 100, seed: 2);
            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "fifo-dlq", Fifo = true, MaxReceiveCount = 1 });
            var producer = backend.BrokerFor("producer");
            for (var i = 0; i < count; i++)
                await producer.SendMessageAsync(new SendMessageRequest
                {
                    QueueUrl = environment.QueueUrl, MessageBody = Body("f" + i), MessageGroupId = "g" + (i % 20), MessageDeduplicationId = "f" + i,
                });
            // Each message received once and handed back: the next receive dead-letters it.
            var consumer = backend.BrokerFor("consumer");
            while (await DepthAsync(backend, environment.QueueUrl) > 0)
                foreach (var m in await consumer.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = environment.QueueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 }))
                    await consumer.ChangeMessageVisibilityAsync(environment.QueueUrl, m.ReceiptHandle, 0);

            var accounting = await MessageAccounting.TakeAsync(backend, environment);

            Assert.Equal(count, accounting.DeadLettered);
            Assert.Equal(Enumerable.Range(0, count).Select(i => "f" + i).OrderBy(s => s, System.StringComparer.Ordinal), accounting.DeadLetterIds);
            Assert.Equal(0, accounting.Unaccounted);
            Assert.Equal(count, await DepthAsync(backend, environment.DeadLetterQueueUrl));
        }

        [Fact]
        public async Task A_redelivery_that_found_its_side_effect_done_is_not_an_application()
        {
            var backend = DemoRun.CreateEmbedded(timeScale: 100, seed: 3);
            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "applied" });
            var q = environment.QueueUrl;
            var journal = backend.Journal;
            // "with-ledger": applied, then a redelivery skipped it as done and still reported it processed.
            journal.Record(JournalEventKind.SideEffect, q, "m1", "c1", 1, "h1", bodyId: "with-ledger");
            journal.Record(JournalEventKind.Processed, q, "m1", "c1", 1, "h1", bodyId: "with-ledger");
            journal.Record(JournalEventKind.SideEffectSkipped, q, "m1", "c2", 2, "h2", bodyId: "with-ledger");
            journal.Record(JournalEventKind.Processed, q, "m1", "c2", 2, "h2", bodyId: "with-ledger");
            // "no-ledger": a consumer without a ledger processed it twice, so applied it twice.
            journal.Record(JournalEventKind.Processed, q, "m2", "c1", 1, "h3", bodyId: "no-ledger");
            journal.Record(JournalEventKind.Processed, q, "m2", "c2", 2, "h4", bodyId: "no-ledger");

            var accounting = await MessageAccounting.TakeAsync(backend, environment);

            Assert.Equal(new[] { "no-ledger" }, accounting.AppliedMoreThanOnce);
            Assert.Equal(accounting.AppliedMoreThanOnce, accounting.ProcessedMoreThanOnce);
        }

        [Fact]
        public async Task A_redriven_message_processed_in_its_queue_is_processed_not_dead_lettered()
        {
            var backend = DemoRun.CreateEmbedded(timeScale: 100, seed: 4);
            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "redriven", MaxReceiveCount = 1 });
            var actor = backend.BrokerFor("user");
            await actor.SendMessageAsync(new SendMessageRequest { QueueUrl = environment.QueueUrl, MessageBody = Body("r1") });
            var first = (await ReceiveAllAsync(actor, environment.QueueUrl, 1)).Single();
            await actor.ChangeMessageVisibilityAsync(environment.QueueUrl, first.ReceiptHandle, 0);
            while (await DepthAsync(backend, environment.DeadLetterQueueUrl) == 0)
                await actor.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = environment.QueueUrl, WaitTimeSeconds = 0 });
            Assert.Equal(new[] { "r1" }, (await MessageAccounting.TakeAsync(backend, environment)).DeadLetterIds);

            await backend.Redrive.StartAsync(environment.DeadLetterQueueUrl, null, null);
            // The broker announces a move just after making it: wait for the announcement, as a reader of the record must.
            await backend.Journal.WaitForAsync(e => e.Kind == JournalEventKind.Redriven, 1, System.TimeSpan.FromMinutes(5), default);
            var redriven = (await ReceiveAllAsync(actor, environment.QueueUrl, 1)).Single();
            await actor.DeleteMessageAsync(environment.QueueUrl, redriven.ReceiptHandle);

            var accounting = await MessageAccounting.TakeAsync(backend, environment);
            Assert.Equal(1, accounting.Sent);
            Assert.Equal(1, accounting.Processed);
            Assert.Empty(accounting.DeadLetterIds);
            Assert.Equal(0, accounting.Unaccounted);
        }

        [Fact]
        public async Task Purged_messages_are_unaccounted_and_said_to_be_purged()
        {
            var backend = DemoRun.CreateEmbedded(timeScale: 100, seed: 5);
            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "purged" });
            var actor = backend.BrokerFor("user");
            for (var i = 0; i < 3; i++)
                await actor.SendMessageAsync(new SendMessageRequest { QueueUrl = environment.QueueUrl, MessageBody = Body("p" + i) });
            await actor.PurgeQueueAsync(environment.QueueUrl);

            var accounting = await MessageAccounting.TakeAsync(backend, environment);

            Assert.Equal(3, accounting.Unaccounted);
            Assert.Equal(3, accounting.Purged);
            Assert.Equal(new[] { "p0", "p1", "p2" }, accounting.UnaccountedIds);
        }

        private static async Task<int> DepthAsync(DemoRun backend, string url)
        {
            var stats = await QueueStatistics.ReadAsync(backend.Broker, url, null);
            return stats.Visible + stats.InFlight + stats.Delayed;
        }
    }
}

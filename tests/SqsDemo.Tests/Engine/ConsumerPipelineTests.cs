using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Broker;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// The order of the consumer's steps, on the embedded broker and a manual clock: the test
    /// moves scenario time itself, so which consumer holds a message, and when, is the test's to
    /// say. Each step waits for a journal event or for the consumer to park on the clock.
    /// </summary>
    public sealed class ConsumerPipelineTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

        private readonly ManualClock _clock = new ManualClock();
        private readonly DemoRun _backend;
        private readonly LedgerTables _tables = LedgerTables.For("pipe");
        private string _queueUrl = "";

        public ConsumerPipelineTests()
        {
            _backend = DemoRun.CreateEmbedded(_clock, 1, 29, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
        }

        private async Task QueueAsync(int visibilityTimeout = 10, string? redrivePolicy = null)
        {
            var attributes = new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = visibilityTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (redrivePolicy != null) attributes[QueueAttributeName.RedrivePolicy] = redrivePolicy;
            _queueUrl = await _backend.Broker.CreateQueueAsync("pipe", attributes);
            await _backend.Ledger.CreateTablesAsync(_tables);
        }

        private ConsumerOptions Options(string id) => new ConsumerOptions
        {
            ConsumerId = id,
            QueueUrl = _queueUrl,
            Receive = { WaitTimeSeconds = 20 },
            Work = { RejectPayloadMarker = null },
        };

        private ConsumerOptions LedgerOptions(string id)
        {
            var options = Options(id);
            options.Ledger.StatusTable = _tables.StatusTable;
            options.Ledger.SideEffectsTable = _tables.SideEffectsTable;
            return options;
        }

        private (Task<ConsumerSummary> Run, CancellationTokenSource Stop) Start(ConsumerOptions options)
        {
            var stop = new CancellationTokenSource();
            var supervisor = new ConsumerSupervisor(_backend, options);
            return (Task.Run(() => supervisor.RunAsync(null, stop.Token)), stop);
        }

        private IReadOnlyList<JournalEvent> Events(JournalEventKind kind, string? actor = null) =>
            _backend.Journal.Where(e => e.Kind == kind && (actor == null || e.Actor == actor));

        /// <summary>Waits for a condition the consumer makes true; the wall-clock limit is only a safety net.</summary>
        private static async Task Until(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("Waited in vain for " + what);
                await Task.Delay(5);
            }
        }

        private Task Parked(int timers, string what) => Until(() => _clock.ActiveTimers == timers, what);

        private async Task<Message> ReceiveByHandAsync(int visibilityTimeout)
        {
            var received = await _backend.Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = 1, VisibilityTimeout = visibilityTimeout });
            return Assert.Single(received);
        }

        private async Task<ConsumerSummary> StopAsync((Task<ConsumerSummary> Run, CancellationTokenSource Stop) consumer)
        {
            consumer.Stop.Cancel();
            var ended = await Task.WhenAny(consumer.Run, Task.Delay(Patience));
            Assert.Same(consumer.Run, ended);
            return await consumer.Run;
        }

        /// <summary>
        /// The cache-vs-ledger hazard. A processes m1 slowly; B (the test) takes the STARTED row
        /// over while A works; A finishes (its COMPLETED refused: B owns the row) and caches m1;
        /// m1 comes back to A. A's cache knows it: A must skip it without touching the row, so B's
        /// COMPLETED still lands. Starting the row before checking the cache took it from B and
        /// left it STARTED for good.
        /// </summary>
        [Fact]
        public async Task A_redelivery_the_cache_knows_is_skipped_without_taking_the_ledger_row_over()
        {
            await QueueAsync(visibilityTimeout: 10);
            await _backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = "{\"id\":\"m1\"}" });
            var options = LedgerOptions("a");
            options.Work.IdempotencyCacheSize = 10;
            options.Work.SleepMinSeconds = 15;
            var a = Start(options);

            await Until(() => Events(JournalEventKind.LedgerStarted, "a").Count == 1, "A starts m1 in the ledger");
            await Parked(1, "A's 15 s of work");
            _clock.AdvanceSeconds(10);
            var byHand = await ReceiveByHandAsync(visibilityTimeout: 10);
            Assert.Equal(2, byHand.ApproximateReceiveCount);
            var takeover = await _backend.Ledger.TryStartAsync(_tables.StatusTable, "m1", MessageBody.Digest(byHand.Body), "b");
            Assert.Equal(StartDisposition.TakenOver, takeover.Disposition);

            _clock.AdvanceSeconds(5);
            await Until(() => Events(JournalEventKind.Processed, "a").Count == 1, "A finishes m1");
            Assert.Single(Events(JournalEventKind.OwnershipLost, "a"));
            // A long-polls again: the queue's timer (m1 visible at 20 s) and the wait's own.
            await Parked(2, "A's next long poll");
            _clock.AdvanceSeconds(5);
            await Until(() => Events(JournalEventKind.DuplicateSkipped, "a").Count == 1, "A skips the redelivered m1");

            Assert.True(await _backend.Ledger.TryCompleteAsync(_tables.StatusTable, "m1", "b"), "B still owns the row: the cache's skip left it alone");
            var row = await _backend.Ledger.GetStatusAsync(_tables.StatusTable, "m1");
            Assert.Equal(MessageStatus.COMPLETED, row!.Status);
            Assert.Single(Events(JournalEventKind.LedgerStarted, "a"));
            Assert.Single(await _backend.Ledger.ListSideEffectsAsync(_tables.SideEffectsTable));
            var summary = await StopAsync(a);
            Assert.Equal(ConsumerEnding.Stopped, summary.Ending);
            Assert.Equal(1, summary.DuplicatesSkipped);
        }
        /// <summary>
        /// Idle means nothing in hand: a message that takes longer than the idle timeout to handle
        /// does not end the consumer as idle while the next one waits in the queue.
        /// </summary>
        [Fact]
        public async Task Time_spent_handling_a_message_is_not_idle_time()
        {
            await QueueAsync(visibilityTimeout: 600);
            foreach (var id in new[] { "m1", "m2" })
                await _backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = "{\"id\":\"" + id + "\"}" });
            var options = Options("a");
            options.Receive.IdleTimeoutSeconds = 5;
            options.Work.SleepMinSeconds = 15;
            var a = Start(options);

            for (var n = 1; n <= 2; n++)
            {
                await Until(() => Events(JournalEventKind.Received, "a").Count == n, "A receives message " + n);
                await Parked(1, "A's 15 s of work on message " + n);
                _clock.AdvanceSeconds(15);
                await Until(() => Events(JournalEventKind.Processed, "a").Count == n, "A finishes message " + n);
            }
            await Parked(1, "A's last long poll, cut to the idle time left");
            _clock.AdvanceSeconds(5);
            var summary = await Ends(a.Run);
            Assert.Equal((ConsumerEnding.Idle, 2), (summary.Ending, summary.Processed));
        }

        /// <summary>
        /// A crash between the side effect and COMPLETED: the message stays in flight for its whole
        /// visibility timeout, its row STARTED; the next consumer takes the row over, finds the side
        /// effect done, skips it, and completes. One side effect, attempts 2.
        /// </summary>
        [Fact]
        public async Task A_crash_after_the_side_effect_leaves_the_message_to_time_out_and_the_next_consumer_completes_without_repeating_it()
        {
            await QueueAsync(visibilityTimeout: 10);
            await _backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = "{\"id\":\"m1\"}" });
            var crashing = LedgerOptions("a");
            crashing.Chaos.CrashAfterSideEffect = true;
            var a = Start(crashing);
            Assert.Equal(ConsumerEnding.Crashed, (await Ends(a.Run)).Ending);
            Assert.Single(Events(JournalEventKind.SideEffect, "a"));
            Assert.Equal(MessageStatus.STARTED, (await _backend.Ledger.GetStatusAsync(_tables.StatusTable, "m1"))!.Status);
            Assert.Empty(Events(JournalEventKind.Released));
            Assert.Empty(Events(JournalEventKind.Deleted));

            // Left to time out: hidden until its visibility timeout ends, not a moment sooner.
            _clock.AdvanceSeconds(9);
            Assert.Empty(await _backend.Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = 1 }));
            _clock.AdvanceSeconds(1);
            var next = LedgerOptions("b");
            next.Receive.MessageLimit = 1;
            var b = await Ends(Start(next).Run);

            Assert.Equal(ConsumerEnding.MessageLimit, b.Ending);
            Assert.Single(Events(JournalEventKind.SideEffectSkipped, "b"));
            Assert.Single(Events(JournalEventKind.LedgerCompleted, "b"));
            var row = await _backend.Ledger.GetStatusAsync(_tables.StatusTable, "m1");
            Assert.Equal((MessageStatus.COMPLETED, 2), (row!.Status, row.Attempts));
            Assert.Single(await _backend.Ledger.ListSideEffectsAsync(_tables.SideEffectsTable));
            Assert.Single(Events(JournalEventKind.Deleted, "b"));
        }

        /// <summary>
        /// A rejected message is backed off by the seed's first draw (nothing else draws before it: no
        /// crash rate, no work range): hidden for exactly that many seconds, then back with receive count 2.
        /// </summary>
        [Fact]
        public async Task A_rejected_message_comes_back_after_the_backoff_the_seed_draws_and_no_sooner()
        {
            await QueueAsync(visibilityTimeout: 600);
            await _backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = "{\"id\":\"p1\",\"payload\":\"POISON\"}" });
            var options = Options("a");
            options.Work.RejectPayloadMarker = "POISON";
            options.Receive.BackoffBaseSeconds = 8;
            options.Receive.BackoffMaxSeconds = 60;
            options.Receive.MessageLimit = 1;
            var expected = RetryBackoff.VisibilityTimeout(1, 8, 60, SqsDemo.Engine.Clock.SeededRandom.Derive(_backend.Seed, "a").NextDouble());

            var summary = await Ends(Start(options).Run);

            Assert.Equal(1, summary.Rejected);
            Assert.Single(Events(JournalEventKind.BackedOff, "a"));
            _clock.AdvanceSeconds(expected - 1);
            Assert.Empty(await _backend.Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = 1 }));
            _clock.AdvanceSeconds(1);
            Assert.Equal(2, (await ReceiveByHandAsync(visibilityTimeout: 30)).ApproximateReceiveCount);
        }

        /// <summary>
        /// The same seed makes the same decisions: crash rolls and work draws come in the same order,
        /// so two runs of a crashing consumer over the same messages journal the same story.
        /// </summary>
        [Fact]
        public async Task The_same_seed_makes_the_same_crash_and_work_decisions()
        {
            async Task<string[]> RunOnce()
            {
                var run = new ConsumerPipelineTests();
                await run.QueueAsync(visibilityTimeout: 30);
                for (var i = 0; i < 6; i++)
                    await run._backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = run._queueUrl, MessageBody = "{\"id\":\"m" + i + "\"}" });
                var options = run.Options("a");
                options.Chaos.CrashRate = 0.4;
                options.Receive.WaitTimeSeconds = 0;
                options.Receive.MaxMessages = 10;
                options.Receive.MessageLimit = 6;
                options.Work.SleepMinSeconds = 0;
                options.Work.SleepMaxSeconds = 0;
                await Ends(run.Start(options).Run);
                return run._backend.Journal.Where(e => e.Actor == "a").Select(e => e.Kind + " " + e.BodyId).ToArray();
            }

            var first = await RunOnce();
            Assert.Contains(first, e => e.StartsWith(nameof(JournalEventKind.Crashed) + " ", StringComparison.Ordinal) || e.StartsWith(nameof(JournalEventKind.Processed) + " ", StringComparison.Ordinal));
            Assert.Equal(first, await RunOnce());
        }

        private static async Task<ConsumerSummary> Ends(Task<ConsumerSummary> run)
        {
            var ended = await Task.WhenAny(run, Task.Delay(Patience));
            Assert.Same(run, ended);
            return await run;
        }
    }
}

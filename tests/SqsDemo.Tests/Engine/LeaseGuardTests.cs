using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using SqsDemo.Engine.Work.Pipeline;
using SqsDemo.Engine.Work.Pipeline.Steps;
using SqsDemo.Tests.Broker;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// The lease guard on the embedded broker and a manual clock: the FIFO overrun in miniature. A
    /// works on m1 of group g longer than its visibility timeout; meanwhile m1 is dead-lettered (its
    /// maxReceiveCount is 1) and the test, as another consumer, takes m2 of the group. Without the
    /// guard A applies m1 after m2; with it A applies nothing and journals LeaseExpired. A heartbeat
    /// moves the lease, so a message kept hidden is applied.
    /// </summary>
    public sealed class LeaseGuardTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

        private readonly ManualClock _clock = new ManualClock();
        private readonly DemoRun _backend;
        private readonly LedgerTables _tables = LedgerTables.For("lease");
        private string _queueUrl = "";
        private string _dlqUrl = "";

        public LeaseGuardTests()
        {
            _backend = DemoRun.CreateEmbedded(_clock, 1, 31, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
        }

        /// <summary>A FIFO queue whose messages go to its DLQ at their second receive, with m1 and m2 of group g.</summary>
        private async Task FifoQueueWithTwoMessagesAsync(int visibilityTimeout)
        {
            var fifo = new Dictionary<string, string> { [QueueAttributeName.FifoQueue] = "true", [QueueAttributeName.ContentBasedDeduplication] = "true" };
            _dlqUrl = await _backend.Broker.CreateQueueAsync("lease-dlq.fifo", fifo);
            var dlqArn = (await _backend.Broker.GetQueueAttributesAsync(_dlqUrl, new[] { QueueAttributeName.QueueArn }))[QueueAttributeName.QueueArn];
            _queueUrl = await _backend.Broker.CreateQueueAsync("lease.fifo", new Dictionary<string, string>(fifo)
            {
                [QueueAttributeName.VisibilityTimeout] = visibilityTimeout.ToString(CultureInfo.InvariantCulture),
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1}",
            });
            await _backend.Ledger.CreateTablesAsync(_tables);
            foreach (var id in new[] { "m1", "m2" })
                await _backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = "{\"id\":\"" + id + "\"}", MessageGroupId = "g" });
        }

        private ConsumerOptions Options(double workSeconds, bool leaseGuard) => new ConsumerOptions
        {
            ConsumerId = "a",
            QueueUrl = _queueUrl,
            Receive = { WaitTimeSeconds = 0, MessageLimit = 1, LeaseGuard = leaseGuard },
            Work = { RejectPayloadMarker = null, SleepMinSeconds = workSeconds },
            Ledger = { StatusTable = _tables.StatusTable, SideEffectsTable = _tables.SideEffectsTable },
        };

        private Task<ConsumerSummary> Start(ConsumerOptions options) =>
            Task.Run(() => new ConsumerSupervisor(_backend, options).RunAsync(null, CancellationToken.None));

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

        private static async Task<ConsumerSummary> Ends(Task<ConsumerSummary> run)
        {
            var ended = await Task.WhenAny(run, Task.Delay(Patience));
            Assert.Same(run, ended);
            return await run;
        }

        /// <summary>
        /// A holds m1 for 15 s of a 10 s visibility timeout. At 10 s the test receives from the queue as another
        /// consumer would: m1, past its maxReceiveCount, goes to the DLQ and the group moves on to m2, which the
        /// test applies (deletes). Then A's work ends.
        /// </summary>
        private async Task<ConsumerSummary> OverrunAsync(bool leaseGuard)
        {
            await FifoQueueWithTwoMessagesAsync(visibilityTimeout: 10);
            var a = Start(Options(workSeconds: 15, leaseGuard));
            await Until(() => Events(JournalEventKind.LedgerStarted, "a").Count == 1, "A starts m1");
            await Parked(1, "A's 15 s of work on m1");
            _clock.AdvanceSeconds(10);
            var m2 = Assert.Single(await _backend.Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = 1 }));
            Assert.Equal("{\"id\":\"m2\"}", m2.Body);
            await _backend.Broker.DeleteMessageAsync(_queueUrl, m2.ReceiptHandle);
            Assert.Single(Events(JournalEventKind.MovedToDeadLetterQueue));
            _clock.AdvanceSeconds(5);
            return await Ends(a);
        }

        [Fact]
        public async Task Without_the_guard_the_consumer_applies_a_message_after_the_next_of_its_group_the_overrun()
        {
            var summary = await OverrunAsync(leaseGuard: false);

            // m1 took effect after m2 was taken and applied: the FIFO order broke, and m1 is in the DLQ besides.
            var effect = Assert.Single(Events(JournalEventKind.SideEffect, "a"));
            Assert.Equal("m1", effect.BodyId);
            Assert.Equal(1, summary.Processed);
            Assert.Empty(Events(JournalEventKind.LeaseExpired));
        }

        [Fact]
        public async Task A_message_whose_lease_ran_out_is_neither_applied_nor_deleted_and_LeaseExpired_says_how_late()
        {
            var summary = await OverrunAsync(leaseGuard: true);

            var expired = Assert.Single(Events(JournalEventKind.LeaseExpired, "a"));
            Assert.Equal(("m1", "g", 5.0), (expired.BodyId, expired.MessageGroupId, expired.LateBySeconds));
            Assert.Equal((0, 1), (summary.Processed, summary.LeaseExpired));
            Assert.Empty(Events(JournalEventKind.SideEffect));
            Assert.Empty(Events(JournalEventKind.Processed));
            // Nothing handed back or deleted: the message was no longer A's to let go of.
            Assert.Empty(Events(JournalEventKind.Deleted, "a"));
            Assert.Empty(Events(JournalEventKind.DeleteMayNotHaveDeleted, "a"));
            Assert.Empty(Events(JournalEventKind.Released, "a"));
            Assert.Empty(await _backend.Ledger.ListSideEffectsAsync(_tables.SideEffectsTable));
        }

        [Fact]
        public async Task A_lease_within_the_margin_of_its_end_counts_as_lost()
        {
            await FifoQueueWithTwoMessagesAsync(visibilityTimeout: 10);
            var a = Start(Options(workSeconds: 9.5, leaseGuard: true));
            await Parked(1, "A's 9.5 s of work on m1");
            _clock.AdvanceSeconds(9.5);
            var summary = await Ends(a);

            var expired = Assert.Single(Events(JournalEventKind.LeaseExpired, "a"));
            Assert.Equal(-0.5, expired.LateBySeconds);
            Assert.Equal(TimeSpan.FromSeconds(1), LeaseGuard.MarginFor(10));
            Assert.Equal(0, summary.Processed);
        }

        [Fact]
        public async Task Work_within_the_lease_is_applied_as_always()
        {
            await FifoQueueWithTwoMessagesAsync(visibilityTimeout: 10);
            var a = Start(Options(workSeconds: 8, leaseGuard: true));
            await Parked(1, "A's 8 s of work on m1");
            _clock.AdvanceSeconds(8);
            var summary = await Ends(a);

            Assert.Equal((1, 0), (summary.Processed, summary.LeaseExpired));
            Assert.Equal("m1", Assert.Single(Events(JournalEventKind.SideEffect, "a")).BodyId);
            Assert.Single(Events(JournalEventKind.Deleted, "a"));
        }

        [Fact]
        public async Task The_heartbeat_extends_the_lease_so_work_longer_than_the_visibility_timeout_is_applied()
        {
            await FifoQueueWithTwoMessagesAsync(visibilityTimeout: 10);
            var options = Options(workSeconds: 15, leaseGuard: true);
            options.Receive.HeartbeatSeconds = 4;
            var a = Start(options);
            // The work's timer and the heartbeat's: beats at 4, 8 and 12 s, each to 10 s from the call.
            for (var beat = 1; beat <= 3; beat++)
            {
                await Parked(2, "A's work and heartbeat before beat " + beat);
                _clock.AdvanceSeconds(4);
                await Until(() => Events(JournalEventKind.VisibilityExtended, "a").Count == beat, "beat " + beat);
            }
            await Parked(2, "A's work and heartbeat after the last beat");
            _clock.AdvanceSeconds(3);
            var summary = await Ends(a);

            Assert.Equal((1, 0), (summary.Processed, summary.LeaseExpired));
            Assert.Equal("m1", Assert.Single(Events(JournalEventKind.SideEffect, "a")).BodyId);
            Assert.Empty(Events(JournalEventKind.MovedToDeadLetterQueue));
        }

        [Fact]
        public void An_extension_moves_the_lease_from_its_call_but_one_that_came_after_the_lease_ran_out_restores_nothing()
        {
            var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var message = new Message { MessageId = "m", ReceiptHandle = "h" };
            var leases = new MessageLeases(new[] { message }, start, 10);
            Assert.Equal(start.AddSeconds(10), leases.ExpiresAt(message));

            leases.Extended(message, start.AddSeconds(4), 10);
            Assert.Equal(start.AddSeconds(14), leases.ExpiresAt(message));

            // The message was visible from 14 s: a call at 15 s may well succeed, but another consumer could hold it by then.
            leases.Extended(message, start.AddSeconds(15), 10);
            Assert.Equal(start.AddSeconds(14), leases.ExpiresAt(message));
        }
    }
}

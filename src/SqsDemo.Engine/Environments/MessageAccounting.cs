using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Environments
{
    /// <summary>
    /// Where every message sent to an environment's queue is now: processed, skipped as stale, in the DLQ,
    /// or still queued; what is none of those was lost. Where messages are comes from the run's
    /// <see cref="MessageRecord"/> (every send and delete by any actor, every DLQ move, redrive, purge and
    /// expiry by the broker), not from what consumers report; only the split of deletes into processed
    /// and stale, and side effects, come from the consumers' journal events.
    /// </summary>
    public sealed class MessageAccounting
    {
        public string Environment { get; set; } = "";
        public int Sent { get; set; }
        /// <summary>Distinct messages (by body id) deleted from the queue by anyone, other than those skipped as stale.</summary>
        public int Processed { get; set; }
        /// <summary>
        /// Body ids whose side effect was applied more than once: where a consumer keeps a ledger, a SideEffect
        /// (the conditional put won) per application; where it does not, each processing applies it.
        /// A redelivery that found its side effect already done is not an application.
        /// </summary>
        public string[] AppliedMoreThanOnce { get; set; } = Array.Empty<string>();
        /// <summary>The name this had before it counted side effects rather than processing: kept for old scripts.</summary>
        public string[] ProcessedMoreThanOnce => AppliedMoreThanOnce;
        /// <summary>
        /// Distinct messages (by body id) a consumer deleted unapplied as stale (StaleAfterSeconds) and
        /// never processed: handled on purpose, so not lost.
        /// </summary>
        public int StaleSkipped { get; set; }
        /// <summary>Distinct sent messages now in the DLQ (moved there from this environment's queue).</summary>
        public int DeadLettered { get; set; }
        public string[] DeadLetterIds { get; set; } = Array.Empty<string>();
        /// <summary>Messages still in the queue: visible, in flight or delayed.</summary>
        public int StillQueued { get; set; }
        /// <summary>The body ids still in the queue (empty where the backend does not report its own moves: AWS).</summary>
        public string[] StillQueuedIds { get; set; } = Array.Empty<string>();
        /// <summary>Of the unaccounted, how many a purge took.</summary>
        public int Purged { get; set; }
        /// <summary>Of the unaccounted, how many outlived the queue's retention period.</summary>
        public int Expired { get; set; }
        /// <summary>Sent, but neither processed, skipped as stale, dead-lettered nor still queued: lost.</summary>
        public int Unaccounted { get; set; }
        /// <summary>The body ids of the unaccounted (empty where the backend does not report its own moves: AWS).</summary>
        public string[] UnaccountedIds { get; set; } = Array.Empty<string>();

        public static async Task<MessageAccounting> TakeAsync(DemoRun backend, DemoEnvironment environment, CancellationToken cancellationToken = default)
        {
            var journal = backend.Journal.Snapshot();
            var stays = backend.Messages.StaysIn(environment.QueueUrl);
            var sent = new HashSet<string>(stays.Where(s => s.Arrival == MessageArrival.Sent).Select(IdOf), StringComparer.Ordinal);
            var deleted = new HashSet<string>(stays.Where(s => s.Departure == MessageDeparture.Deleted).Select(IdOf), StringComparer.Ordinal);
            var stale = StaleOnly(journal, environment.QueueUrl);
            var accounting = new MessageAccounting
            {
                Environment = environment.Name,
                Sent = sent.Count,
                Processed = deleted.Count(id => sent.Contains(id) && !stale.Contains(id)),
                StaleSkipped = deleted.Count(id => sent.Contains(id) && stale.Contains(id)),
                AppliedMoreThanOnce = SideEffectApplications.MoreThanOnce(journal, environment.QueueUrl),
            };
            var deadLetterIds = backend.Messages.Complete
                ? DeadLetteredFrom(backend.Messages, environment)
                // The accounting observes; it is not an actor, so its peeks go to the broker unjournaled.
                : await PeekIdsAsync(backend.Broker, environment.DeadLetterQueueUrl, cancellationToken).ConfigureAwait(false);
            accounting.DeadLetterIds = deadLetterIds.Where(sent.Contains).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToArray();
            accounting.DeadLettered = accounting.DeadLetterIds.Length;
            var handled = new HashSet<string>(deleted, StringComparer.Ordinal);
            handled.UnionWith(accounting.DeadLetterIds);
            var missing = sent.Where(id => !handled.Contains(id)).ToArray();
            if (backend.Messages.Complete)
                accounting.CountExactly(stays, missing);
            else
                await accounting.CountByDepthAsync(backend, environment, missing.Length, cancellationToken).ConfigureAwait(false);
            return accounting;
        }

        /// <summary>The record saw every move: what is still in the queue and what left it unhandled are known message by message.</summary>
        private void CountExactly(IReadOnlyList<MessageStay> stays, IReadOnlyList<string> missing)
        {
            var queued = stays.Where(s => s.StillThere).ToArray();
            var queuedIds = new HashSet<string>(queued.Select(IdOf), StringComparer.Ordinal);
            StillQueued = queued.Length;
            StillQueuedIds = queuedIds.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            UnaccountedIds = missing.Where(id => !queuedIds.Contains(id)).OrderBy(k => k, StringComparer.Ordinal).ToArray();
            Unaccounted = UnaccountedIds.Length;
            var lost = new HashSet<string>(UnaccountedIds, StringComparer.Ordinal);
            Purged = stays.Where(s => s.Departure == MessageDeparture.Purged).Select(IdOf).Where(lost.Contains).Distinct(StringComparer.Ordinal).Count();
            Expired = stays.Where(s => s.Departure == MessageDeparture.Expired).Select(IdOf).Where(lost.Contains).Distinct(StringComparer.Ordinal).Count();
        }

        /// <summary>
        /// The backend does not report its own moves (AWS): the source queue is not peeked (a receive would spend
        /// the messages' receive counts), so what is still in it is allowed for by count.
        /// </summary>
        private async Task CountByDepthAsync(DemoRun backend, DemoEnvironment environment, int missing, CancellationToken cancellationToken)
        {
            var stats = await QueueStatistics.ReadAsync(backend.Broker, environment.QueueUrl, null, cancellationToken).ConfigureAwait(false);
            StillQueued = stats.Visible + stats.InFlight + stats.Delayed;
            Unaccounted = Math.Max(0, missing - StillQueued);
        }

        /// <summary>Body ids now in the environment's DLQ that its own queue moved there (a DLQ may be shared).</summary>
        private static IEnumerable<string> DeadLetteredFrom(MessageRecord record, DemoEnvironment environment) =>
            string.IsNullOrEmpty(environment.DeadLetterQueueUrl)
                ? Enumerable.Empty<string>()
                : record.StaysIn(environment.DeadLetterQueueUrl).Where(s => s.StillThere && s.Arrival == MessageArrival.DeadLettered
                    && string.Equals(s.PreviousQueueUrl, environment.QueueUrl, StringComparison.Ordinal)).Select(IdOf);

        /// <summary>Ids a consumer skipped as stale and never processed.</summary>
        private static HashSet<string> StaleOnly(IReadOnlyList<JournalEvent> journal, string queueUrl)
        {
            var stale = new HashSet<string>(journal.Where(e => e.Kind == JournalEventKind.StaleSkipped && e.QueueUrl == queueUrl).Select(IdOf), StringComparer.Ordinal);
            stale.ExceptWith(journal.Where(e => e.Kind == JournalEventKind.Processed && e.QueueUrl == queueUrl).Select(IdOf));
            return stale;
        }

        /// <summary>
        /// The body ids of every message in a queue, leaving the queue as found: SQS has no
        /// peek, so each message is received once under a long visibility timeout and then
        /// made visible again.
        /// </summary>
        public static async Task<IReadOnlyList<string>> PeekIdsAsync(IBroker broker, string queueUrl, CancellationToken cancellationToken = default)
        {
            var ids = new List<string>();
            var held = new List<string>();
            try
            {
                await ReceiveAllAsync(broker, queueUrl, ids, held, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Whatever happened, hand back what was held, so the queue is left as found.
                for (var i = 0; i < held.Count; i += SqsLimits.MaxBatchEntries)
                {
                    var entries = held.Skip(i).Take(SqsLimits.MaxBatchEntries)
                        .Select((h, j) => new ChangeMessageVisibilityBatchRequestEntry { Id = "p" + j.ToString(CultureInfo.InvariantCulture), ReceiptHandle = h, VisibilityTimeout = 0 })
                        .ToArray();
                    await broker.ChangeMessageVisibilityBatchAsync(queueUrl, entries, CancellationToken.None).ConfigureAwait(false);
                }
            }
            return ids;
        }

        private static async Task ReceiveAllAsync(IBroker broker, string queueUrl, List<string> ids, List<string> held, CancellationToken cancellationToken)
        {
            while (true)
            {
                var messages = await broker.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = SqsLimits.MaxBatchEntries,
                    // A long poll, so a real SQS answering from a sample of its servers is not taken for empty.
                    WaitTimeSeconds = 1,
                    VisibilityTimeout = 300,
                }, cancellationToken).ConfigureAwait(false);
                if (messages.Count == 0) break;
                foreach (var m in messages)
                {
                    ids.Add(Work.MessageBody.TryGetId(m.Body) ?? m.MessageId);
                    held.Add(m.ReceiptHandle);
                }
            }
        }

        private static string IdOf(JournalEvent e) => e.BodyId ?? e.MessageId ?? "";

        private static string IdOf(MessageStay s) => s.BodyId ?? s.MessageId;
    }
}

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
    /// Where every message sent to an environment's queue is now: processed, skipped as stale,
    /// in the DLQ, or still queued; what is none of those was lost. Sends and processing come from the
    /// journal; the DLQ's contents and the queue's depth come from the broker itself.
    /// </summary>
    public sealed class MessageAccounting
    {
        public string Environment { get; set; } = "";
        public int Sent { get; set; }
        /// <summary>Distinct messages (by body id) processed at least once.</summary>
        public int Processed { get; set; }
        /// <summary>Ids processed more than once: duplicates that got through.</summary>
        public string[] ProcessedMoreThanOnce { get; set; } = Array.Empty<string>();
        /// <summary>
        /// Distinct messages (by body id) a consumer deleted unapplied as stale (StaleAfterSeconds) and
        /// never processed: handled on purpose, so not lost.
        /// </summary>
        public int StaleSkipped { get; set; }
        /// <summary>Distinct sent messages found in the DLQ.</summary>
        public int DeadLettered { get; set; }
        public string[] DeadLetterIds { get; set; } = Array.Empty<string>();
        /// <summary>Messages still in the queue: visible, in flight or delayed.</summary>
        public int StillQueued { get; set; }
        /// <summary>
        /// Sent, but neither processed, skipped as stale nor dead-lettered (compared by id), beyond what the source
        /// queue still holds (compared by count).
        /// </summary>
        public int Unaccounted { get; set; }

        public static async Task<MessageAccounting> TakeAsync(DemoBackend backend, DemoEnvironment environment, CancellationToken cancellationToken = default)
        {
            var journal = backend.Journal.Snapshot();
            var sent = new HashSet<string>(journal.Where(e => e.Kind == JournalEventKind.Sent && e.QueueUrl == environment.QueueUrl).Select(IdOf), StringComparer.Ordinal);
            var processedCounts = journal.Where(e => e.Kind == JournalEventKind.Processed && e.QueueUrl == environment.QueueUrl)
                .GroupBy(IdOf, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var staleSkipped = new HashSet<string>(journal.Where(e => e.Kind == JournalEventKind.StaleSkipped && e.QueueUrl == environment.QueueUrl).Select(IdOf), StringComparer.Ordinal);
            staleSkipped.ExceptWith(processedCounts.Keys);
            // The accounting observes; it is not an actor, so its peeks go to the broker unjournaled.
            var deadLetterIds = new HashSet<string>(await PeekIdsAsync(backend.Broker, environment.DeadLetterQueueUrl, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
            var stats = await QueueStatistics.ReadAsync(backend.Broker, environment.QueueUrl, null, cancellationToken).ConfigureAwait(false);
            // The source queue is not peeked (a receive would spend the messages' receive counts):
            // what is still in it is allowed for by count.
            var missing = sent.Count(id => !processedCounts.ContainsKey(id) && !staleSkipped.Contains(id) && !deadLetterIds.Contains(id));
            return new MessageAccounting
            {
                Environment = environment.Name,
                Sent = sent.Count,
                Processed = processedCounts.Keys.Count(sent.Contains),
                StaleSkipped = staleSkipped.Count(sent.Contains),
                ProcessedMoreThanOnce = processedCounts.Where(p => p.Value > 1).Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray(),
                DeadLetterIds = deadLetterIds.Where(sent.Contains).OrderBy(k => k, StringComparer.Ordinal).ToArray(),
                DeadLettered = deadLetterIds.Count(sent.Contains),
                StillQueued = stats.Visible + stats.InFlight + stats.Delayed,
                Unaccounted = Math.Max(0, missing - (stats.Visible + stats.InFlight + stats.Delayed)),
            };
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
    }
}

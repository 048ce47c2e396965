using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Environments
{
    /// <summary>
    /// How many times each message's side effect was applied. A consumer with a ledger applies it when its
    /// conditional put wins (SideEffect); a redelivery that finds it done (SideEffectSkipped) applies nothing,
    /// even though it goes on to report the message Processed. A consumer without a ledger has no such step:
    /// processing is applying. A handling is one consumer's work on one receipt handle.
    /// </summary>
    public static class SideEffectApplications
    {
        public static IReadOnlyDictionary<string, int> Count(IReadOnlyList<JournalEvent> journal, string queueUrl)
        {
            var onQueue = journal.Where(e => e.QueueUrl == queueUrl).ToArray();
            var withLedgerStep = new HashSet<(string?, string?)>(
                onQueue.Where(e => e.Kind == JournalEventKind.SideEffect || e.Kind == JournalEventKind.SideEffectSkipped).Select(Handling));
            return onQueue
                .Where(e => e.Kind == JournalEventKind.SideEffect || (e.Kind == JournalEventKind.Processed && !withLedgerStep.Contains(Handling(e))))
                .GroupBy(e => e.BodyId ?? e.MessageId ?? "", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }

        /// <summary>The body ids applied more than once, in order.</summary>
        public static string[] MoreThanOnce(IReadOnlyList<JournalEvent> journal, string queueUrl) =>
            Count(journal, queueUrl).Where(p => p.Value > 1).Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();

        private static (string?, string?) Handling(JournalEvent e) => (e.Actor, e.ReceiptHandle);
    }
}

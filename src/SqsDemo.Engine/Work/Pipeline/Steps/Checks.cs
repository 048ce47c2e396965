using System;
using System.Globalization;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>The checks that end a message before anything is applied: stale, already handled here, rejected.</summary>
    internal static class Checks
    {
        public static async Task<StepResult> SkipIfStaleAsync(Incarnation consumer, MessageInHand message)
        {
            if (!(consumer.Options.Receive.StaleAfterSeconds is double staleAfter) || message.Message.SentTimestamp == default) return StepResult.Continue;
            var age = consumer.Clock.GetUtcNow() - message.Message.SentTimestamp;
            if (age.TotalSeconds <= staleAfter) return StepResult.Continue;
            // Too old to apply: no ledger row, no side effect; deleted so it does not come back.
            consumer.Summary.StaleSkipped++;
            consumer.RecordOutcome(JournalEventKind.StaleSkipped, MessageOutcome.StaleSkipped, message,
                "age " + age.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s, stale after " + staleAfter.ToString("0.###", CultureInfo.InvariantCulture) + "s",
                new JournalFacts { AgeSeconds = age.TotalSeconds, StaleAfterSeconds = staleAfter });
            await consumer.DeleteAsync(message).ConfigureAwait(false);
            return StepResult.Succeeded;
        }

        /// <summary>
        /// Before the ledger: a message this process already handled must not take its row over
        /// from whoever holds it now (that row would be left STARTED for good).
        /// </summary>
        public static async Task<StepResult> SkipIfAlreadyHandledAsync(Incarnation consumer, MessageInHand message)
        {
            if (!consumer.Cache.Enabled || !consumer.Cache.Contains(message.BodyId)) return StepResult.Continue;
            await consumer.DeleteAsync(message).ConfigureAwait(false);
            consumer.Summary.DuplicatesSkipped++;
            consumer.RecordOutcome(JournalEventKind.DuplicateSkipped, MessageOutcome.DuplicateSkipped, message, "already processed (in-memory cache)");
            return StepResult.Succeeded;
        }

        /// <summary>Not deleted: it comes back after the backoff or the visibility timeout, and the redrive policy ends it in the DLQ.</summary>
        public static async Task<StepResult> RejectIfMarkedAsync(Incarnation consumer, MessageInHand message)
        {
            var marker = consumer.Options.Work.RejectPayloadMarker;
            if (string.IsNullOrEmpty(marker) || message.Body.IndexOf(marker, StringComparison.Ordinal) < 0) return StepResult.Continue;
            await consumer.FailForRetryAsync(message).ConfigureAwait(false);
            consumer.Summary.Rejected++;
            consumer.RecordOutcome(JournalEventKind.Rejected, MessageOutcome.Rejected, message, "body carries the reject marker " + marker);
            return StepResult.Failed;
        }
    }
}

using System;
using System.Globalization;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>
    /// The lease guard (ReceiveOptions.LeaseGuard): before a message takes effect, is its visibility
    /// still this consumer's? Once it has run out the message may be another consumer's, or in the
    /// DLQ with the next of its FIFO group already applied: applying it now would apply it late and out
    /// of order. A lost lease is journaled LeaseExpired and the message is left alone: not applied, not
    /// deleted, nothing handed back (it is visible again, or about to be). The ledger's STARTED row is
    /// left for the next holder to take over, as after a crash.
    /// </summary>
    internal static class LeaseGuard
    {
        /// <summary>
        /// A check cannot make the write that follows it safe: the clock runs on between the check and
        /// the write landing (a ledger call, a scheduling pause, the network), and the lease began
        /// somewhere between the receive call and its answer, taken here as the answer. So a lease with
        /// less than this left counts as lost: 1 s, far more than a DynamoDB write or an SQS answer's
        /// way back takes, and a quarter of a visibility timeout shorter than 4 s, so a short one still
        /// leaves most of itself to work in. What the margin does not cover (a pause longer than it
        /// between check and write) only idempotency and ordering downstream can.
        /// </summary>
        public static TimeSpan MarginFor(int visibilityTimeoutSeconds) =>
            TimeSpan.FromSeconds(Math.Min(1.0, visibilityTimeoutSeconds / 4.0));

        /// <summary>A pipeline step: on with its message while the lease holds, Failed once it is lost.</summary>
        public static async Task<StepResult> CheckAsync(Incarnation consumer, MessageInHand message)
        {
            var leases = message.Batch.Leases;
            if (!consumer.Options.Receive.LeaseGuard || leases == null) return StepResult.Continue;
            var now = consumer.Clock.GetUtcNow();
            var expiresAt = leases.ExpiresAt(message.Message);
            if (expiresAt - now >= MarginFor(leases.VisibilityTimeoutSeconds)) return StepResult.Continue;
            await message.Batch.StopExtendingAsync(message.Message).ConfigureAwait(false);
            var lateBy = (now - expiresAt).TotalSeconds;
            var group = message.Message.MessageGroupId;
            consumer.Summary.LeaseExpired++;
            consumer.RecordOutcome(JournalEventKind.LeaseExpired, MessageOutcome.LeaseExpired, message,
                (lateBy >= 0 ? "visibility ran out " + lateBy.ToString("0.0##", CultureInfo.InvariantCulture) + "s ago"
                             : "visibility runs out in " + (-lateBy).ToString("0.0##", CultureInfo.InvariantCulture) + "s, within the guard's margin")
                + (group == null ? "" : " (group " + group + ")") + ": not applied, left to whoever holds it now",
                new JournalFacts { MessageGroupId = group, LateBySeconds = lateBy });
            return StepResult.Failed;
        }
    }
}

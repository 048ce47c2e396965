using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>The two-table pattern's status row: STARTED before the work, COMPLETED after the side effect.</summary>
    internal static class LedgerSteps
    {
        public static async Task<StepResult> StartAsync(Incarnation consumer, MessageInHand message)
        {
            if (!consumer.Options.Ledger.UsesLedger) return StepResult.Continue;
            var start = await consumer.Ledger!.TryStartAsync(message.BodyId, MessageBody.Digest(message.Body), message.OwnerToken).ConfigureAwait(false);
            if (start.Disposition == StartDisposition.AlreadyCompleted)
            {
                await consumer.DeleteAsync(message).ConfigureAwait(false);
                consumer.Summary.DuplicatesSkipped++;
                consumer.RecordOutcome(JournalEventKind.DuplicateSkipped, MessageOutcome.DuplicateSkipped, message, "already COMPLETED in the ledger");
                return StepResult.Succeeded;
            }
            consumer.RecordEvent(JournalEventKind.LedgerStarted, message,
                start.Disposition == StartDisposition.TakenOver ? "taken over, attempt " + start.Record.Attempts : "attempt 1",
                new JournalFacts { TookOver = start.Disposition == StartDisposition.TakenOver });
            return StepResult.Continue;
        }

        /// <summary>COMPLETED only while this handling owns the row: a displaced owner cannot overwrite its successor's work.</summary>
        public static async Task<StepResult> CompleteAsync(Incarnation consumer, MessageInHand message)
        {
            if (!consumer.Options.Ledger.UsesLedger) return StepResult.Continue;
            if (await consumer.Ledger!.TryCompleteAsync(message.BodyId, message.OwnerToken).ConfigureAwait(false))
                consumer.RecordEvent(JournalEventKind.LedgerCompleted, message, null);
            else
                consumer.RecordEvent(JournalEventKind.OwnershipLost, message, "a successor took the STARTED row over; COMPLETED is its to write");
            return StepResult.Continue;
        }
    }
}

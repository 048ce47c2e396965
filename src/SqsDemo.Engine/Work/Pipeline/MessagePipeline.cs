using System.Collections.Generic;
using System.Threading.Tasks;
using SqsDemo.Engine.Work.Pipeline.Steps;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>What a step decided: go on to the next, or the message is done with (succeeded or failed).</summary>
    internal enum StepResult
    {
        Continue,
        Succeeded,
        Failed,
    }

    internal delegate Task<StepResult> MessageStep(Incarnation consumer, MessageInHand message);

    /// <summary>
    /// The handling of one message, in order. The order is the point: every check that can end a
    /// message without touching the ledger comes before the ledger row is started; every crash
    /// point sits where a real process could die; the side effect comes before COMPLETED, and the
    /// delete comes last, so a crash anywhere repeats work rather than losing it.
    /// </summary>
    internal static class MessagePipeline
    {
        public static readonly IReadOnlyList<MessageStep> Steps = new MessageStep[]
        {
            Checks.SkipIfStaleAsync,             // too old to apply: deleted, no ledger row
            Checks.SkipIfAlreadyHandledAsync,    // this process's cache knows it: deleted, the row left to its owner
            LedgerSteps.StartAsync,              // STARTED (or taken over); already COMPLETED: deleted
            Checks.RejectIfMarkedAsync,          // the poison marker: failed for retry, on to the DLQ
            CrashPoints.RollForCrashAsync,       // the seed's crash roll (one draw, before the work's)
            Working.WorkAsync,                   // the simulated work time (one draw when it has a range)
            LeaseGuard.CheckAsync,               // the visibility still ours? (with the lease guard) else nothing applied
            HandlerStep.RunAsync,                // the user's handler, its result stored and outputs forwarded
            LeaseGuard.CheckAsync,               // again after the handler's time, before any version or side effect
            Versioning.ApplyAsync,               // entity versions: newer only, or last write wins
            SideEffects.PerformAsync,            // the conditional side effect, then its effect-log line
            CrashPoints.CrashAfterSideEffectAsync,
            LedgerSteps.CompleteAsync,           // COMPLETED, only while this handling still owns the row
            Completion.MarkProcessedAsync,       // recorded, and remembered in the cache
            Completion.DeleteAsync,
        };

        /// <summary>True when the message succeeded (deleted, or to be deleted with its batch); false when it was left to come back.</summary>
        public static async Task<bool> HandleAsync(Incarnation consumer, MessageInHand message)
        {
            foreach (var step in Steps)
            {
                var result = await step(consumer, message).ConfigureAwait(false);
                if (result != StepResult.Continue) return result == StepResult.Succeeded;
            }
            return true;
        }
    }
}

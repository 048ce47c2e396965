using System.Globalization;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>Where a process can die while it holds a message (the crash after a receive is the loop's).</summary>
    internal static class CrashPoints
    {
        /// <summary>The seed's roll: one draw per message that gets this far, whatever its outcome.</summary>
        public static async Task<StepResult> RollForCrashAsync(Incarnation consumer, MessageInHand message)
        {
            var rate = consumer.Options.Chaos.CrashRate;
            if (rate > 0 && consumer.Random.NextDouble() < rate)
                await consumer.LeaveToTimeOutAsync(message.Batch, message.Message, "crash roll (rate " + rate.ToString(CultureInfo.InvariantCulture) + ")").ConfigureAwait(false);
            return StepResult.Continue;
        }

        /// <summary>After the side effect, before COMPLETED: the window that idempotency must cover.</summary>
        public static async Task<StepResult> CrashAfterSideEffectAsync(Incarnation consumer, MessageInHand message)
        {
            if (consumer.Options.Ledger.UsesLedger && consumer.Options.Chaos.CrashAfterSideEffect)
                await consumer.LeaveToTimeOutAsync(message.Batch, message.Message, "crash after side effect, before COMPLETED").ConfigureAwait(false);
            return StepResult.Continue;
        }
    }
}

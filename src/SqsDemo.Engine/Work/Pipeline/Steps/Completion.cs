using System.Globalization;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>The end of a successful handling: recorded as Processed, remembered in the cache, then deleted.</summary>
    internal static class Completion
    {
        public static Task<StepResult> MarkProcessedAsync(Incarnation consumer, MessageInHand message)
        {
            var workField = MessageBody.TryGetString(message.Body, "work");
            consumer.Summary.Processed++;
            consumer.RecordOutcome(JournalEventKind.Processed, MessageOutcome.Processed, message,
                (workField == null ? "" : "work " + workField + ", ") + message.WorkTime.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s");
            consumer.Cache.Add(message.BodyId);
            return Task.FromResult(StepResult.Continue);
        }

        public static async Task<StepResult> DeleteAsync(Incarnation consumer, MessageInHand message)
        {
            await consumer.DeleteAsync(message).ConfigureAwait(false);
            return StepResult.Succeeded;
        }
    }
}

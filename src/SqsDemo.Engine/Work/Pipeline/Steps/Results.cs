using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>The handler's result in the results table, put-if-absent: a redelivery cannot replace what the first handling stored.</summary>
    internal static class Results
    {
        /// <summary>DynamoDB's items are at most 400 KB: a result has to fit with its key and attributes.</summary>
        private const int MaxResultBytes = 380 * 1024;

        /// <summary>One output as it is, several as a JSON array; a result too large to store fails the message before anything is forwarded.</summary>
        public static string TextOf(IReadOnlyList<string> outputs)
        {
            var result = outputs.Count == 1 ? outputs[0] : "[" + string.Join(",", outputs.Select(MessageBody.AsJsonValue)) + "]";
            var bytes = System.Text.Encoding.UTF8.GetByteCount(result);
            if (bytes > MaxResultBytes)
                throw new HandlerFailedException(string.Format(CultureInfo.InvariantCulture,
                    "The result is {0:N0} bytes: a results table item holds at most {1:N0} (DynamoDB's 400 KB).", bytes, MaxResultBytes));
            return result;
        }

        public static async Task StoreAsync(Incarnation consumer, MessageInHand message)
        {
            if (message.Result == null)
            {
                consumer.RecordEvent(JournalEventKind.Note, message, "the handler output nothing: no result to store");
                return;
            }
            var outcome = await consumer.Ledger!.PutResultAsync(new ResultRecord { MessageId = message.BodyId, Result = message.Result, ConsumerId = consumer.ConsumerId }).ConfigureAwait(false);
            if (outcome.Stored)
                consumer.RecordEvent(JournalEventKind.ResultStored, message, consumer.Options.Ledger.ResultsTable + ": " + Abbreviate(message.Result));
            else
                consumer.RecordEvent(JournalEventKind.ResultAlreadyStored, message, "kept the result " + outcome.Record.ConsumerId + " stored first");
        }

        private static string Abbreviate(string text) => text.Length <= 200 ? text : text.Substring(0, 200) + "...";
    }
}

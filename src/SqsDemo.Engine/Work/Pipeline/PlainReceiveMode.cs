using System.Collections.Generic;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>The plain receive-process-delete loop: each success is deleted at once.</summary>
    internal sealed class PlainReceiveMode : BatchMode
    {
        public PlainReceiveMode(Incarnation consumer) : base(consumer) { }

        public override bool StopsBetweenMessages => true;

        public override Task<IReadOnlyList<Message>> GatherAsync(IReadOnlyList<Message> first, int max) => Task.FromResult(first);

        public override async Task DeleteAsync(Message message)
        {
            try
            {
                await Consumer.Broker.DeleteMessageAsync(Consumer.Options.QueueUrl, message.ReceiptHandle).ConfigureAwait(false);
            }
            catch (SqsException e) when (e.ErrorCode == SqsErrorCode.ReceiptHandleIsInvalid || e.ErrorCode == SqsErrorCode.InvalidParameterValue)
            {
                // A stale handle is the consumer's problem to report, not a reason to crash.
                Consumer.Warn($"delete of message {message.MessageId} failed ({e.ErrorCode}: {e.Message})");
            }
        }
    }
}

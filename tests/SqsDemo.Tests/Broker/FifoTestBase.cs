using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Tests.Broker
{
    /// <summary>Helpers for FIFO queues on top of <see cref="BrokerTestBase"/>.</summary>
    public abstract class FifoTestBase : BrokerTestBase
    {
        /// <summary>Creates a FIFO queue (FifoQueue=true, content-based deduplication unless told otherwise).</summary>
        protected Task<string> CreateFifo(string name = "orders.fifo", bool contentBased = true, params (string Name, string Value)[] attributes)
        {
            var all = new List<(string, string)> { (QueueAttributeName.FifoQueue, "true") };
            if (contentBased) all.Add((QueueAttributeName.ContentBasedDeduplication, "true"));
            all.AddRange(attributes);
            return CreateQueue(name, all.ToArray());
        }

        protected Task<SendMessageResult> SendFifo(string url, string body, string group = "g", string? dedup = null) =>
            Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = body, MessageGroupId = group, MessageDeduplicationId = dedup });

        protected async Task SendGroup(string url, string group, params string[] bodies)
        {
            foreach (var body in bodies) await SendFifo(url, body, group);
        }

        protected async Task<IReadOnlyList<Message>> ReceiveFifo(string url, int max = 10, int? visibility = null, string? attemptId = null) =>
            await Broker.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url, MaxNumberOfMessages = max, VisibilityTimeout = visibility, WaitTimeSeconds = 0, ReceiveRequestAttemptId = attemptId,
            });

        protected static string[] Bodies(IEnumerable<Message> messages) => messages.Select(m => m.Body).ToArray();

        protected async Task DeleteAll(string url, IEnumerable<Message> messages)
        {
            foreach (var message in messages) await Broker.DeleteMessageAsync(url, message.ReceiptHandle);
        }
    }
}

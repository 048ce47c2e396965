using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>
    /// Sends each handler output on. An output object without an "id" gets one made from this
    /// message's id and its position, so a repeat (after a crash, or a duplicate delivery) carries
    /// the same id and the next stage can tell; to a FIFO queue, that id is also the deduplication id.
    /// </summary>
    internal static class Forwarding
    {
        public static async Task ForwardAsync(Incarnation consumer, MessageInHand message, IReadOnlyList<string> outputs)
        {
            var target = consumer.Options.Forward.QueueUrl!;
            var requests = new List<SendMessageRequest>();
            for (var i = 0; i < outputs.Count; i++)
                requests.Add(RequestFor(consumer, message.BodyId + "-" + i.ToString(CultureInfo.InvariantCulture), outputs[i], i, target));
            foreach (var request in requests)
            {
                var sent = await consumer.Broker.SendMessageAsync(request).ConfigureAwait(false);
                consumer.RecordEvent(JournalEventKind.Forwarded, message, "to " + QueueName(target) + " as " + sent.MessageId
                    + (request.MessageGroupId == null ? "" : ", group " + request.MessageGroupId),
                    new JournalFacts { TargetQueueUrl = target, TargetMessageId = sent.MessageId, MessageGroupId = request.MessageGroupId });
            }
        }

        /// <summary>Every output is checked before anything is sent: one without its group fails the message with nothing forwarded.</summary>
        private static SendMessageRequest RequestFor(Incarnation consumer, string madeId, string output, int index, string target)
        {
            var body = MessageBody.WithId(output, madeId);
            var request = new SendMessageRequest { QueueUrl = target, MessageBody = body };
            if (!consumer.ForwardIsFifo) return request;
            var groupField = consumer.Options.Forward.GroupIdField!;
            var group = MessageBody.TryGetString(body, groupField);
            if (string.IsNullOrEmpty(group))
                throw new HandlerFailedException($"Output {index + 1} has no '{groupField}' to be its message group on {QueueName(target)}.");
            // Same value, same group; a value SQS would refuse (spaces, accents, over 128) goes as its hash.
            request.MessageGroupId = MessageBody.SqsIdentifier(group!);
            var id = MessageBody.TryGetId(body);
            request.MessageDeduplicationId = MessageBody.DeduplicationId(string.IsNullOrEmpty(id) ? madeId : id!);
            return request;
        }

        private static string QueueName(string queueUrl) => Environments.QueueAddress.NameOf(queueUrl);
    }
}

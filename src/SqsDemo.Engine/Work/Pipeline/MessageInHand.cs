using System;
using System.Globalization;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>
    /// One received message on its way through <see cref="MessagePipeline"/>: what the steps learn
    /// about it and hand on to the next, and the batch facts it shares (when it was received,
    /// the heartbeat keeping it hidden).
    /// </summary>
    internal sealed class MessageInHand
    {
        public MessageInHand(Message message, int ordinal, string consumerId, string instance, ReceivedBatch batch)
        {
            Message = message;
            BodyId = BodyIdOf(message);
            Ordinal = ordinal;
            // Unique per handling, even across processes that share a consumer id (two containers
            // configured alike): a displaced owner must never match its successor's token.
            OwnerToken = consumerId + "/" + instance + "/" + ordinal.ToString(CultureInfo.InvariantCulture);
            Batch = batch;
        }

        public Message Message { get; }
        /// <summary>The idempotency id: the body's "id" when it has a non-empty one, else the MessageId.</summary>
        public string BodyId { get; }
        /// <summary>The consumer's count of handled messages, this one included.</summary>
        public int Ordinal { get; }
        /// <summary>This handling's claim on the ledger's STARTED row.</summary>
        public string OwnerToken { get; }
        public ReceivedBatch Batch { get; }

        /// <summary>The simulated work's time, once drawn.</summary>
        public TimeSpan WorkTime { get; set; }
        /// <summary>The handler's result, to store once the handler succeeded.</summary>
        public string? Result { get; set; }
        /// <summary>False when the side effect was already performed (for this or another message with its key).</summary>
        public bool TookEffect { get; set; } = true;

        public string Body => Message.Body;

        public static string BodyIdOf(Message message)
        {
            var id = MessageBody.TryGetId(message.Body);
            return string.IsNullOrEmpty(id) ? message.MessageId : id!;
        }
    }
}

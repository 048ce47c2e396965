using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// A consumer's own processing, in place of the built-in work simulation: the message in, its
    /// outputs (JSON texts) out; an exception fails the message, which is then not deleted and
    /// comes back (after the backoff, when one is set). Outputs are the message's result (stored
    /// when the consumer has a results table) and what it forwards to the next queue. One
    /// instance per consumer incarnation, used by one message at a time; disposed when it ends.
    /// </summary>
    public interface IMessageHandler : IDisposable
    {
        Task<IReadOnlyList<string>> HandleAsync(HandlerInput input, CancellationToken cancellationToken);
    }

    /// <summary>What a handler is given for one message.</summary>
    public sealed class HandlerInput
    {
        public HandlerInput(Message message, string bodyId, string consumerId, DependencyClient? dependency)
        {
            Message = message;
            BodyId = bodyId;
            ConsumerId = consumerId;
            Dependency = dependency;
        }

        public Message Message { get; }
        /// <summary>The body's "id" (the idempotency id), else the MessageId.</summary>
        public string BodyId { get; }
        public string ConsumerId { get; }
        /// <summary>The consumer's dependency, through its circuit breaker; null when it has none.</summary>
        public DependencyClient? Dependency { get; }
    }

    /// <summary>A handler failed on a message for a reason of its own (the script threw, wrote an error, or output something unusable).</summary>
    public sealed class HandlerFailedException : Exception
    {
        public HandlerFailedException(string message, Exception? inner = null) : base(message, inner) { }
    }
}

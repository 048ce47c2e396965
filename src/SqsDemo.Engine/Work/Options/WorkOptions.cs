using System;

namespace SqsDemo.Engine.Work
{
    /// <summary>What handling one message does: the built-in work simulation or a handler, and what it rejects or skips.</summary>
    public sealed class WorkOptions
    {
        /// <summary>Work time per message, drawn from the seed between these (scenario seconds).</summary>
        public double SleepMinSeconds { get; set; }
        public double SleepMaxSeconds { get; set; }
        /// <summary>A body containing this text is rejected: not deleted, so it returns and ends in the DLQ. Null or empty turns rejection off.</summary>
        public string? RejectPayloadMarker { get; set; } = MessageBody.PoisonMarker;
        /// <summary>Remember this many processed ids in memory and skip repeats; 0 turns it off. A crash loses it.</summary>
        public int IdempotencyCacheSize { get; set; }
        /// <summary>
        /// Makes the consumer's own handler for each incarnation (a crash loses the handler and its
        /// state); null runs the built-in work simulation. See <see cref="IMessageHandler"/>.
        /// </summary>
        public Func<IMessageHandler>? HandlerFactory { get; set; }
        /// <summary>What the handler calls, through <see cref="Breaker"/> when one is set (needs a handler).</summary>
        public SimulatedDependency? Dependency { get; set; }
        /// <summary>The circuit breaker around <see cref="Dependency"/>; null calls it unguarded.</summary>
        public CircuitBreakerSettings? Breaker { get; set; }

        internal WorkOptions Clone()
        {
            var clone = (WorkOptions)MemberwiseClone();
            clone.Breaker = Breaker?.Clone();
            return clone;
        }
    }
}

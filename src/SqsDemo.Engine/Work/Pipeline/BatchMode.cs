using System.Collections.Generic;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>
    /// How a received batch is taken in and let go: <see cref="PlainReceiveMode"/> deletes each
    /// message as it succeeds and hands the rest back on a stop; <see cref="EventSourceMappingMode"/>
    /// (BatchSize) gathers a batch, handles all of it, and deletes the successes together.
    /// </summary>
    internal abstract class BatchMode
    {
        protected BatchMode(Incarnation consumer) => Consumer = consumer;

        protected Incarnation Consumer { get; }

        public static BatchMode For(Incarnation consumer) =>
            consumer.Options.Batch.Size != null ? new EventSourceMappingMode(consumer) : (BatchMode)new PlainReceiveMode(consumer);

        /// <summary>Whether a stop between two messages of a batch hands the rest back (an event source mapping finishes its batch).</summary>
        public abstract bool StopsBetweenMessages { get; }

        /// <summary>The batch to handle, from what the first receive brought.</summary>
        public abstract Task<IReadOnlyList<Message>> GatherAsync(IReadOnlyList<Message> first, int max);

        /// <summary>A new batch is about to be handled.</summary>
        public virtual void Begin() { }

        /// <summary>A message succeeded: delete it (now, or with the batch).</summary>
        public abstract Task DeleteAsync(Message message);

        /// <summary>Every message of the batch was handled; <paramref name="failed"/> are left to come back.</summary>
        public virtual Task FinishAsync(IReadOnlyList<Message> batch, IReadOnlyList<Message> failed) => Task.CompletedTask;
    }
}

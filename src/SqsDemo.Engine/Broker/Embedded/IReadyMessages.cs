namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// The visible messages of a queue and the rule that picks the next one to deliver: the
    /// queue-type strategy. Standard queues pick in best-effort order; FIFO queues (later) will
    /// keep messages per group with a queue of ready groups.
    /// </summary>
    internal interface IReadyMessages
    {
        int Count { get; }

        /// <summary>A message becomes visible (sent, delay over, visibility expired, moved in).</summary>
        void Add(StoredMessage message);

        /// <summary>A visible message leaves without being delivered (deleted, expired, purged).</summary>
        bool Remove(StoredMessage message);

        /// <summary>Removes and returns the next message to deliver, or null when there is none.</summary>
        StoredMessage? TakeNext();

        void Clear();
    }
}

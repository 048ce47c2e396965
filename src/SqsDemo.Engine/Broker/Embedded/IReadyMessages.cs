namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// The visible messages of a queue and the rule that picks the next one to deliver: the
    /// queue-type strategy. Standard queues pick in best-effort order
    /// (<see cref="StandardReadyMessages"/>); FIFO queues keep messages per group with a queue of
    /// ready groups (<see cref="FifoReadyMessages"/>). The queue tells the strategy of every
    /// transition that concerns it, after setting the message's <see cref="StoredMessage.State"/>;
    /// a strategy ignores what it does not need (the standard one: delays and flights).
    /// </summary>
    internal interface IReadyMessages
    {
        /// <summary>Visible messages (FIFO: including those of groups blocked by an in-flight message).</summary>
        int Count { get; }

        /// <summary>How many receives could get something now (standard: the visible count; FIFO: the ready groups).</summary>
        int Deliverable { get; }

        /// <summary>A message becomes visible (sent, delay over, visibility expired, moved in).</summary>
        void Add(StoredMessage message);

        /// <summary>A visible message leaves without being delivered (deleted, expired, purged).</summary>
        bool Remove(StoredMessage message);

        /// <summary>A message is admitted with a delay (FIFO: it keeps its place in its group).</summary>
        void AddDelayed(StoredMessage message);

        /// <summary>A delayed message leaves before its delay ends (retention, purge).</summary>
        void RemoveDelayed(StoredMessage message);

        /// <summary>
        /// Removes and returns the next message to deliver in the current receive, or null when there
        /// is none. The message counts as in flight until <see cref="Released"/>.
        /// </summary>
        StoredMessage? TakeNext();

        /// <summary>The current receive is over (FIFO: its group no longer takes more).</summary>
        void EndReceive();

        /// <summary>
        /// A message <see cref="TakeNext"/> returned is no longer in flight: deleted, its visibility
        /// ended (then <see cref="Add"/> follows), expired, or moved to a dead-letter queue.
        /// </summary>
        void Released(StoredMessage message);

        void Clear();

        /// <summary>
        /// For a message move task: the oldest visible message that arrived before
        /// <paramref name="beforeSeq"/> and that a receive could deliver now (FIFO: the oldest head
        /// of a ready group, so a redrive keeps each group's order and waits for its in-flight
        /// messages), or null. The caller takes it out with <see cref="Remove"/>.
        /// </summary>
        StoredMessage? OldestVisible(long beforeSeq);
    }
}

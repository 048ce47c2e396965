namespace SqsDemo.Engine.Environments
{
    /// <summary>How a message came into a queue.</summary>
    public enum MessageArrival
    {
        /// <summary>The record saw it leave but not arrive: it was sent around the journal (an unrecorded broker).</summary>
        Unrecorded,
        /// <summary>A SendMessage (or batch entry) by any actor.</summary>
        Sent,
        /// <summary>A redrive policy moved it here from its source queue (same MessageId).</summary>
        DeadLettered,
        /// <summary>A message move task moved it here out of a dead-letter queue (a new MessageId).</summary>
        Redriven,
    }

    /// <summary>How a message left a queue; <see cref="None"/> while it is still there.</summary>
    public enum MessageDeparture
    {
        None,
        /// <summary>A DeleteMessage by any actor took it.</summary>
        Deleted,
        /// <summary>The redrive policy moved it to the dead-letter queue.</summary>
        DeadLettered,
        /// <summary>A message move task moved it out of this (dead-letter) queue.</summary>
        Redriven,
        Purged,
        /// <summary>It outlived the queue's MessageRetentionPeriod.</summary>
        Expired,
    }

    /// <summary>
    /// One message's time in one queue, as the broker's record has it: how it came, how it left.
    /// A message moved to a dead-letter queue keeps its MessageId there, so each queue it visits has a stay of its own.
    /// </summary>
    public sealed class MessageStay
    {
        public MessageStay(string queueUrl, string messageId)
        {
            QueueUrl = queueUrl;
            MessageId = messageId;
        }

        public string QueueUrl { get; }
        public string MessageId { get; }
        public MessageArrival Arrival { get; internal set; }
        /// <summary>The body's own id (the idempotency id); for a dead-lettered or redriven message, the original's.</summary>
        public string? BodyId { get; internal set; }
        /// <summary>Where a dead-lettered or redriven message was before.</summary>
        public string? PreviousQueueUrl { get; internal set; }
        /// <summary>Its MessageId in <see cref="PreviousQueueUrl"/> (a redriven message is a new message).</summary>
        public string? PreviousMessageId { get; internal set; }
        public MessageDeparture Departure { get; internal set; }

        public bool StillThere => Departure == MessageDeparture.None;

        public override string ToString() => QueueUrl + " " + MessageId + " " + Arrival + " -> " + Departure;
    }
}

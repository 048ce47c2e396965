using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    internal enum MessageState : byte
    {
        Visible,
        InFlight,
        Delayed,
        Gone,
    }

    /// <summary>
    /// One message as a queue holds it: kept small (a million of them must fit), the body held
    /// once as UTF-8 bytes (half a string's size for ASCII, and what SQS sizes and digests), the id and digest as values, times as UTC ticks. Fields that
    /// key an index (<see cref="Seq"/>, <see cref="DueTicks"/>, <see cref="EnqueuedTicks"/>) change only while the message is
    /// out of that index.
    /// </summary>
    internal sealed class StoredMessage
    {
        public StoredMessage(Guid id, byte[] body, MessageDigest digest, KeyValuePair<string, MessageAttributeValue>[]? attributes, MessageDigest attributesDigest,
            string? awsTraceHeader, string? groupId, long sentTicks)
        {
            Id = id;
            Body = body;
            Digest = digest;
            if (attributes != null || awsTraceHeader != null) Extras = new MessageExtras(attributes, attributesDigest, awsTraceHeader);
            GroupId = groupId;
            SentTicks = sentTicks;
            EnqueuedTicks = sentTicks;
        }

        public readonly Guid Id;
        /// <summary>The body's UTF-8 bytes; never changed once stored (receives share the array read-only).</summary>
        public readonly byte[] Body;
        public readonly MessageDigest Digest;
        /// <summary>What only some messages have (attributes, a trace header): one reference when absent, so a plain message stays small.</summary>
        public readonly MessageExtras? Extras;

        /// <summary>Message attributes (copied at send), or null.</summary>
        public KeyValuePair<string, MessageAttributeValue>[]? Attributes => Extras?.Attributes;
        /// <summary>MD5OfMessageAttributes (meaningful when <see cref="Attributes"/> is set), computed once at send.</summary>
        public MessageDigest AttributesDigest => Extras?.AttributesDigest ?? default;
        /// <summary>The AWSTraceHeader system attribute, or null.</summary>
        public string? AwsTraceHeader => Extras?.AwsTraceHeader;
        public readonly string? GroupId;
        /// <summary>When the message was sent: SentTimestamp (kept by every DLQ move).</summary>
        public readonly long SentTicks;

        /// <summary>Enqueue time in the current queue, the retention clock: the send time, kept by a standard DLQ move, reset by a FIFO one.</summary>
        public long EnqueuedTicks;
        /// <summary>FIFO: the deduplication id (explicit, the body's SHA-256, or in a FIFO DLQ the MessageId); null on standard queues.</summary>
        public string? DeduplicationId;

        /// <summary>Set when a redrive policy moved the message into a dead-letter queue.</summary>
        public string? DeadLetterSourceArn;
        /// <summary>Order key and identity within the current queue (unique per queue, increasing with arrival); FIFO: the SequenceNumber (<see cref="FifoSequence.Format"/>).</summary>
        public long Seq;
        /// <summary>In flight: when it becomes visible again. Delayed: when its delay ends.</summary>
        public long DueTicks;
        /// <summary>When the receive that issued the current receipt handle happened (for the 12-hour cap).</summary>
        public long ReceivedAtTicks;
        public long FirstReceiveTicks;
        public int ReceiveCount;
        /// <summary>The current receipt handle's nonce; 0 while no handle of this queue exists.</summary>
        public int Nonce;
        public MessageState State;

        // The queue's chained indices (MessageChain): visible messages in arrival order on a standard
        // queue, and every message in retention order. Links in the message rather than a node object each.
        public StoredMessage? ReadyPrevious;
        public StoredMessage? ReadyNext;
        public StoredMessage? AgePrevious;
        public StoredMessage? AgeNext;
        public byte ReadyPlace;
        public byte AgePlace;

        public string MessageId => Id.ToString("D");
    }

    /// <summary>A message's attributes with their digest, and its AWSTraceHeader.</summary>
    internal sealed class MessageExtras
    {
        public MessageExtras(KeyValuePair<string, MessageAttributeValue>[]? attributes, MessageDigest attributesDigest, string? awsTraceHeader)
        {
            Attributes = attributes;
            AttributesDigest = attributesDigest;
            AwsTraceHeader = awsTraceHeader;
        }

        public KeyValuePair<string, MessageAttributeValue>[]? Attributes { get; }
        public MessageDigest AttributesDigest { get; }
        public string? AwsTraceHeader { get; }
    }

    /// <summary>Orders by arrival (the best-effort order of a standard queue).</summary>
    internal sealed class ArrivalOrder : IComparer<StoredMessage>
    {
        public static readonly ArrivalOrder Instance = new ArrivalOrder();
        public int Compare(StoredMessage? x, StoredMessage? y) => x!.Seq.CompareTo(y!.Seq);
    }

    /// <summary>Orders by deadline (visibility expiry or delay end), ties by arrival.</summary>
    internal sealed class DeadlineOrder : IComparer<StoredMessage>
    {
        public static readonly DeadlineOrder Instance = new DeadlineOrder();
        public int Compare(StoredMessage? x, StoredMessage? y)
        {
            var c = x!.DueTicks.CompareTo(y!.DueTicks);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        }
    }

    /// <summary>Orders by enqueue time (retention), ties by arrival.</summary>
    internal sealed class AgeOrder : IComparer<StoredMessage>
    {
        public static readonly AgeOrder Instance = new AgeOrder();
        public int Compare(StoredMessage? x, StoredMessage? y)
        {
            var c = x!.EnqueuedTicks.CompareTo(y!.EnqueuedTicks);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        }
    }
}

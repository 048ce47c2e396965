using System;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work
{
    /// <summary>Every knob of the consumer loop. Ranges are checked by <see cref="Validate"/>.</summary>
    public sealed class ConsumerOptions
    {
        public string ConsumerId { get; set; } = "consumer";
        public string QueueUrl { get; set; } = "";
        /// <summary>Long-poll wait per receive, 0-20 s; null uses the queue's ReceiveMessageWaitTimeSeconds.</summary>
        public int? WaitTimeSeconds { get; set; }
        /// <summary>Messages per receive, 1-10.</summary>
        public int MaxMessages { get; set; } = 1;
        /// <summary>Visibility timeout per receive; null uses the queue's.</summary>
        public int? VisibilityTimeout { get; set; }
        /// <summary>End after handling this many messages; 0 means no limit.</summary>
        public int MessageLimit { get; set; }
        /// <summary>End after this many scenario seconds without receiving anything; 0 means never.</summary>
        public double IdleTimeoutSeconds { get; set; }
        /// <summary>A body containing this text is rejected: not deleted, so it returns and ends in the DLQ. Null or empty turns rejection off.</summary>
        public string? RejectPayloadMarker { get; set; } = MessageBody.PoisonMarker;
        /// <summary>Chance (0-1) per message of crashing while processing it, rolled from the seed.</summary>
        public double CrashRate { get; set; }
        /// <summary>Crash right after the first receive that returns a message.</summary>
        public bool CrashAfterReceive { get; set; }
        /// <summary>Remember this many processed ids in memory and skip repeats; 0 turns it off. A crash loses it.</summary>
        public int IdempotencyCacheSize { get; set; }

        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(QueueUrl)) throw new ArgumentException("A queue URL is required.", nameof(QueueUrl));
            if (WaitTimeSeconds is int wait && (wait < 0 || wait > SqsLimits.MaxWaitTimeSeconds))
                throw new ArgumentOutOfRangeException(nameof(WaitTimeSeconds), wait, "WaitTimeSeconds must be between 0 and 20.");
            if (MaxMessages < 1 || MaxMessages > SqsLimits.MaxBatchEntries)
                throw new ArgumentOutOfRangeException(nameof(MaxMessages), MaxMessages, "MaxMessages must be between 1 and 10.");
            if (VisibilityTimeout is int visibility && (visibility < 0 || visibility > SqsLimits.MaxVisibilityTimeoutSeconds))
                throw new ArgumentOutOfRangeException(nameof(VisibilityTimeout), visibility, "VisibilityTimeout must be between 0 and 43200.");
            if (MessageLimit < 0) throw new ArgumentOutOfRangeException(nameof(MessageLimit), MessageLimit, "MessageLimit must be 0 (no limit) or more.");
            if (IdleTimeoutSeconds < 0 || double.IsNaN(IdleTimeoutSeconds)) throw new ArgumentOutOfRangeException(nameof(IdleTimeoutSeconds), IdleTimeoutSeconds, "IdleTimeoutSeconds must be 0 (never) or more.");
            if (CrashRate < 0 || CrashRate > 1 || double.IsNaN(CrashRate)) throw new ArgumentOutOfRangeException(nameof(CrashRate), CrashRate, "CrashRate must be between 0 and 1.");
            if (IdempotencyCacheSize < 0) throw new ArgumentOutOfRangeException(nameof(IdempotencyCacheSize), IdempotencyCacheSize, "IdempotencyCacheSize must be 0 (off) or more.");
        }

        public ConsumerOptions Clone() => (ConsumerOptions)MemberwiseClone();
    }
}

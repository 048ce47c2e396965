using System.Globalization;

namespace SqsDemo.Engine.Work
{
    /// <summary>How the consumer receives, keeps hidden and lets go of messages, and when it stops receiving.</summary>
    public sealed class ReceiveOptions
    {
        /// <summary>Long-poll wait per receive, 0-20 s; null uses the queue's ReceiveMessageWaitTimeSeconds.</summary>
        public int? WaitTimeSeconds { get; set; }
        /// <summary>Messages per receive, 1-10.</summary>
        public int MaxMessages { get; set; } = 1;
        /// <summary>Visibility timeout per receive; null uses the queue's.</summary>
        public int? VisibilityTimeout { get; set; }
        /// <summary>End after handling this many messages; 0 means no limit.</summary>
        public int MessageLimit { get; set; }
        /// <summary>End after this many scenario seconds with nothing received and nothing in hand (counted from the end of the last batch); 0 means never.</summary>
        public double IdleTimeoutSeconds { get; set; }

        /// <summary>
        /// Visibility heartbeat: while a received message is being worked on, every this many
        /// scenario seconds (on the backend's clock) extend its visibility by
        /// <see cref="HeartbeatExtensionSeconds"/> from the call, never past SQS's 12 hours from the
        /// receive. Stops when the message is deleted, rejected, handed back or the consumer crashes.
        /// Null turns it off; when set it must be more than 0 and less than that extension.
        /// </summary>
        public int? HeartbeatSeconds { get; set; }
        /// <summary>
        /// The lease guard: the consumer reckons when the visibility of each message it holds runs out
        /// (the receive plus its visibility timeout, moved by its heartbeat's extensions), and a message
        /// whose lease is lost, or within <see cref="Pipeline.Steps.LeaseGuard"/>'s margin of it, is not
        /// applied nor deleted: journaled LeaseExpired and left to whoever holds it now. Off by default,
        /// as the seeds' consumer has none.
        /// </summary>
        public bool LeaseGuard { get; set; }
        /// <summary>
        /// A message whose SentTimestamp is more than this many scenario seconds old (by the
        /// backend's clock) when the consumer comes to handle it is stale: deleted without being
        /// applied (no ledger row, no side effect) and counted. Null turns it off; when set, more than 0.
        /// </summary>
        public double? StaleAfterSeconds { get; set; }
        /// <summary>
        /// Per-message backoff: a rejected message is made visible again after an exponential,
        /// capped, jittered delay from its receive count (<see cref="RetryBackoff"/>), set with
        /// ChangeMessageVisibility, instead of waiting out the whole visibility timeout. Null: off.
        /// </summary>
        public double? BackoffBaseSeconds { get; set; }
        /// <summary>The backoff's cap in seconds (at most SQS's 12 hours).</summary>
        public int BackoffMaxSeconds { get; set; } = 900;

        /// <summary>
        /// The outage budget: for how many seconds (on the backend's clock, from the first failure) the consumer
        /// waits out a backend that fails transiently (unreachable, no answer in time, 5xx, throttling), retrying
        /// with capped, jittered exponential backoff, before it faults. 0 faults at the first such failure.
        /// </summary>
        public double MaxOutageSeconds { get; set; } = DefaultMaxOutageSeconds;

        /// <summary>Five minutes: longer than a server restart or a network blip, short enough that a dead backend is reported.</summary>
        public const double DefaultMaxOutageSeconds = 300;

        /// <summary>
        /// The visibility timeout a heartbeat extends by: the one the consumer receives with
        /// (<see cref="VisibilityTimeout"/>, else the queue's <paramref name="queueVisibilityTimeout"/>).
        /// </summary>
        public int HeartbeatExtensionSeconds(int queueVisibilityTimeout) => VisibilityTimeout ?? queueVisibilityTimeout;

        /// <summary>
        /// Throws unless <see cref="HeartbeatSeconds"/> is below the visibility timeout it extends by:
        /// a beat that comes no sooner than the timeout ends comes too late to keep the message hidden.
        /// </summary>
        public void ValidateHeartbeat(int visibilityTimeout, string whose)
        {
            if (HeartbeatSeconds is int heartbeat && heartbeat >= visibilityTimeout)
                throw new System.ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "HeartbeatSeconds ({0}) must be less than the visibility timeout it extends ({1} s, {2}): the message would become visible before the heartbeat extends it.",
                    heartbeat, visibilityTimeout, whose), nameof(HeartbeatSeconds));
        }

        internal ReceiveOptions Clone() => (ReceiveOptions)MemberwiseClone();
    }
}

using System.Collections.Generic;
using SqsDemo.Engine.Work;

namespace SqsDemo.Engine.Journal
{
    /// <summary>
    /// The typed facts of one journal event, beyond its kind, queue, message and actor: what code
    /// (the timeline, checks, scenarios, tests) reads. Each is null where the event's kind does not
    /// carry it. Filled by the emitter when it records the event and never changed afterwards;
    /// <see cref="JournalEvent.Detail"/> tells the same to people and is never parsed.
    /// </summary>
    public sealed class JournalFacts
    {
        internal static readonly JournalFacts None = new JournalFacts();

        /// <summary>Where the message went: the dead-letter queue (MovedToDeadLetterQueue), the next queue (Forwarded).</summary>
        public string? TargetQueueUrl { get; set; }
        /// <summary>Where the message came from: the dead-letter queue a redrive took it out of (Redriven).</summary>
        public string? SourceQueueUrl { get; set; }
        /// <summary>The message's id before a redrive gave it a new one (Redriven).</summary>
        public string? SourceMessageId { get; set; }
        /// <summary>The id of the message this one led to (Forwarded: the new message on the next queue).</summary>
        public string? TargetMessageId { get; set; }
        /// <summary>The message group a forwarded message was sent in (Forwarded, on a FIFO queue).</summary>
        public string? MessageGroupId { get; set; }
        /// <summary>The FIFO sequence number SQS gave a sent message (Sent).</summary>
        public string? SequenceNumber { get; set; }
        /// <summary>Seconds until the message is visible again, from the call (Received, VisibilityChanged, VisibilityExtended, BackedOff).</summary>
        public double? VisibilityTimeoutSeconds { get; set; }
        /// <summary>The receive a receipt handle came from (its receive count when issued): a handle from an older receive is superseded.</summary>
        public int? ReceiptGeneration { get; set; }
        /// <summary>The protocol point at which the scenario killed a consumer process (Crashed).</summary>
        public Outside.KillPoint? KillPoint { get; set; }
        /// <summary>The operating-system process of an outside consumer (ConsumerStarted).</summary>
        public int? ProcessId { get; set; }
        /// <summary>The exit code of an outside consumer's process (ConsumerEnded).</summary>
        public int? ExitCode { get; set; }
        /// <summary>How a consumer ended (ConsumerEnded).</summary>
        public ConsumerEnding? Ending { get; set; }
        /// <summary>The error a call or handler answered with (ConsumerEnded when faulted, HandlerFailed, DependencyFailed, SendFailed, DeleteFailed).</summary>
        public string? Error { get; set; }
        /// <summary>The error code of a failed call (SendFailed, DeleteFailed, a refused TableRequest).</summary>
        public string? ErrorCode { get; set; }
        /// <summary>The DynamoDB operation an outside client called (TableRequest), e.g. PutItem.</summary>
        public string? Operation { get; set; }
        /// <summary>The table (or tables, comma-separated, for a batch or transaction) a TableRequest named.</summary>
        public string? TableName { get; set; }
        /// <summary>Why a consumer let a message go or crashed (Released, Crashed, a lost heartbeat's Note).</summary>
        public string? Reason { get; set; }
        /// <summary>The side effect's key (SideEffect, SideEffectSkipped).</summary>
        public string? SideEffectKey { get; set; }
        /// <summary>The message id that performed a side effect first (SideEffectSkipped).</summary>
        public string? PerformedByMessageId { get; set; }
        /// <summary>The message's age by the backend's clock when a consumer found it stale (StaleSkipped).</summary>
        public double? AgeSeconds { get; set; }
        /// <summary>The consumer's stale limit (StaleSkipped, ConsumerStarted).</summary>
        public double? StaleAfterSeconds { get; set; }
        /// <summary>The consumer's visibility heartbeat period (ConsumerStarted, VisibilityExtended).</summary>
        public double? HeartbeatSeconds { get; set; }
        /// <summary>A heartbeat's extension was cut short by SQS's 12 hours from the receive: its last (VisibilityExtended).</summary>
        public bool? HeartbeatCapped { get; set; }
        /// <summary>The most messages a consumer asks for in one receive (ConsumerStarted).</summary>
        public int? MaxMessages { get; set; }
        /// <summary>The delay a consumer's backoff chose for a failed message (BackedOff).</summary>
        public double? BackoffSeconds { get; set; }
        /// <summary>How long a circuit breaker stays open (BreakerOpened; BackedOff while it is open: the time left).</summary>
        public double? BreakerOpenSeconds { get; set; }
        /// <summary>The dependency called (DependencyCalled, DependencyFailed, Breaker*, ShortCircuited).</summary>
        public string? DependencyName { get; set; }
        /// <summary>The key the dependency was called with (DependencyCalled, DependencyFailed).</summary>
        public string? DependencyKey { get; set; }
        /// <summary>How the dependency answered (DependencyCalled, DependencyFailed).</summary>
        public DependencyOutcome? DependencyOutcome { get; set; }
        /// <summary>The dependency's receipt for a call that succeeded (DependencyCalled).</summary>
        public string? DependencyReceipt { get; set; }
        /// <summary>Messages in a batch (BatchProcessed).</summary>
        public int? BatchSize { get; set; }
        /// <summary>Messages a batch deleted (BatchProcessed).</summary>
        public int? BatchDeleted { get; set; }
        /// <summary>The message ids a batch reported failed (BatchProcessed).</summary>
        public IReadOnlyList<string>? FailedMessageIds { get; set; }
        /// <summary>The phase's name (Phase).</summary>
        public string? PhaseName { get; set; }
        /// <summary>Consumers running before and after a scale-out (ScaledOut).</summary>
        public int? ConsumersBefore { get; set; }
        public int? ConsumersAfter { get; set; }
        /// <summary>The queue's visible depth when the autoscaler acted (ScaledOut).</summary>
        public long? VisibleDepth { get; set; }
        /// <summary>The entity a versioned message is about (VersionApplied, VersionIgnored).</summary>
        public string? Entity { get; set; }
        /// <summary>The message's entity version (VersionApplied, VersionIgnored).</summary>
        public long? Version { get; set; }
        /// <summary>The version stored before; null when none was (VersionApplied, VersionIgnored).</summary>
        public long? PreviousVersion { get; set; }
        /// <summary>Which incarnation of a restarted consumer this is, the first being 1 (ConsumerRestarted).</summary>
        public int? Incarnation { get; set; }
        /// <summary>A STARTED ledger row was taken over from an earlier holder (LedgerStarted).</summary>
        public bool? TookOver { get; set; }
        /// <summary>The endpoint fault that hit a call (FaultInjected).</summary>
        public string? FaultName { get; set; }
        /// <summary>What the fault did to the call (FaultInjected).</summary>
        public Endpoint.Faults.EndpointFaultEffect? FaultEffect { get; set; }
        /// <summary>The scenario seconds a fault held the call (FaultInjected, when it adds latency).</summary>
        public double? LatencySeconds { get; set; }
    }

    /// <summary>How a dependency answered a call.</summary>
    public enum DependencyOutcome
    {
        Ok,
        /// <summary>Transient: a breaker counts it.</summary>
        Unavailable,
        /// <summary>Permanent: the dependency refused the request.</summary>
        Declined,
    }
}

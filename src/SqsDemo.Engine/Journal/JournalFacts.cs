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

        // Most events carry one or two facts, and the journal keeps every event for the run: the facts of the
        // SQS calls (sent, received, deleted, failed) are fields here, the rest wait in one object made when first set.
        private RareFacts? _rare;

        private RareFacts Rare => _rare ??= new RareFacts();

        private sealed class RareFacts
        {
            public string? TargetQueueUrl;
            public string? SourceQueueUrl;
            public string? SourceMessageId;
            public string? TargetMessageId;
            public ConsumerEnding? Ending;
            public string? Reason;
            public string? SideEffectKey;
            public string? PerformedByMessageId;
            public double? AgeSeconds;
            public double? LateBySeconds;
            public double? StaleAfterSeconds;
            public double? HeartbeatSeconds;
            public bool? HeartbeatCapped;
            public int? MaxMessages;
            public double? BackoffSeconds;
            public double? BreakerOpenSeconds;
            public string? DependencyName;
            public string? DependencyKey;
            public DependencyOutcome? DependencyOutcome;
            public string? DependencyReceipt;
            public int? BatchSize;
            public int? BatchDeleted;
            public IReadOnlyList<string>? FailedMessageIds;
            public string? PhaseName;
            public int? ConsumersBefore;
            public int? ConsumersAfter;
            public long? VisibleDepth;
            public string? Entity;
            public long? Version;
            public long? PreviousVersion;
            public int? Incarnation;
            public bool? TookOver;
            public Outside.KillPoint? KillPoint;
            public int? ProcessId;
            public int? ExitCode;
            public string? FaultName;
            public Endpoint.Faults.EndpointFaultEffect? FaultEffect;
            public double? LatencySeconds;
            public IReadOnlyList<IReadOnlyDictionary<string, string>?>? ItemValues;
            public int? DelaySeconds;
            public long? NotVisibleDepth;
            public long? DelayedDepth;
            public string? AlarmName;
            public Alarms.AlarmState? OldState;
            public Alarms.AlarmState? NewState;
            public double? OutageSeconds;
            public int? Attempts;
            public double? ReadUnits;
        }

        /// <summary>Where the message went: the dead-letter queue (MovedToDeadLetterQueue), the next queue (Forwarded).</summary>
        public string? TargetQueueUrl { get => _rare?.TargetQueueUrl; set { if (value != null || _rare != null) Rare.TargetQueueUrl = value; } }
        /// <summary>Where the message came from: the dead-letter queue a redrive took it out of (Redriven).</summary>
        public string? SourceQueueUrl { get => _rare?.SourceQueueUrl; set { if (value != null || _rare != null) Rare.SourceQueueUrl = value; } }
        /// <summary>The message's id before a redrive gave it a new one (Redriven).</summary>
        public string? SourceMessageId { get => _rare?.SourceMessageId; set { if (value != null || _rare != null) Rare.SourceMessageId = value; } }
        /// <summary>The id of the message this one led to (Forwarded: the new message on the next queue).</summary>
        public string? TargetMessageId { get => _rare?.TargetMessageId; set { if (value != null || _rare != null) Rare.TargetMessageId = value; } }
        /// <summary>The message group a forwarded message was sent in (Forwarded, on a FIFO queue), or of a message whose lease ran out (LeaseExpired).</summary>
        public string? MessageGroupId { get; set; }
        /// <summary>The FIFO sequence number SQS gave a sent message (Sent).</summary>
        public string? SequenceNumber { get; set; }
        /// <summary>
        /// The SQS call an event came from (Sent, SendFailed, Received, ReceivedEmpty, Deleted, DeleteFailed, VisibilityChanged):
        /// the events of one batch or one receive share it, so the calls AWS bills can be counted from the journal.
        /// </summary>
        public long? SqsRequest { get; set; }
        /// <summary>The message's size as SQS counts it, body plus attributes, in bytes (Sent): CloudWatch's SentMessageSize.</summary>
        public long? MessageSizeBytes { get; set; }
        /// <summary>The delay a send asked for (Sent), or the queue's DelaySeconds given when it was created (QueueCreated).</summary>
        public int? DelaySeconds { get => _rare?.DelaySeconds; set { if (value != null || _rare != null) Rare.DelaySeconds = value; } }
        /// <summary>The alarm whose state changed (AlarmStateChanged).</summary>
        public string? AlarmName { get => _rare?.AlarmName; set { if (value != null || _rare != null) Rare.AlarmName = value; } }
        /// <summary>The alarm's state before and after the change (AlarmStateChanged).</summary>
        public Alarms.AlarmState? OldState { get => _rare?.OldState; set { if (value != null || _rare != null) Rare.OldState = value; } }
        public Alarms.AlarmState? NewState { get => _rare?.NewState; set { if (value != null || _rare != null) Rare.NewState = value; } }
        /// <summary>Seconds until the message is visible again, from the call (Received, VisibilityChanged, VisibilityExtended, BackedOff).</summary>
        public double? VisibilityTimeoutSeconds { get; set; }
        /// <summary>The receive a receipt handle came from (its receive count when issued): a handle from an older receive is superseded.</summary>
        public int? ReceiptGeneration { get; set; }
        /// <summary>The protocol point at which the scenario killed a consumer process (Crashed).</summary>
        public Outside.KillPoint? KillPoint { get => _rare?.KillPoint; set { if (value != null || _rare != null) Rare.KillPoint = value; } }
        /// <summary>The operating-system process of an outside consumer (ConsumerStarted).</summary>
        public int? ProcessId { get => _rare?.ProcessId; set { if (value != null || _rare != null) Rare.ProcessId = value; } }
        /// <summary>The exit code of an outside consumer's process (ConsumerEnded).</summary>
        public int? ExitCode { get => _rare?.ExitCode; set { if (value != null || _rare != null) Rare.ExitCode = value; } }
        /// <summary>How a consumer ended (ConsumerEnded).</summary>
        public ConsumerEnding? Ending { get => _rare?.Ending; set { if (value != null || _rare != null) Rare.Ending = value; } }
        /// <summary>The error a call or handler answered with (ConsumerEnded when faulted, HandlerFailed, DependencyFailed, SendFailed, DeleteFailed).</summary>
        public string? Error { get; set; }
        /// <summary>The error code of a failed call (SendFailed, DeleteFailed, a refused TableRequest).</summary>
        public string? ErrorCode { get; set; }
        /// <summary>The DynamoDB operation an outside client called (TableRequest), e.g. PutItem; the call that began an outage (BackendUnavailable), e.g. ReceiveMessage.</summary>
        public string? Operation { get; set; }
        /// <summary>The items a successful write put or updated (TableRequest), each "table/key" ("table/hash/range" for a composite key).</summary>
        public IReadOnlyList<string>? ItemKeys { get; set; }
        /// <summary>
        /// What each of <see cref="ItemKeys"/> held after the write, in the same order: its string, number and boolean
        /// attributes as text; null for one the endpoint could not see (an update in a transaction, one asking for old values).
        /// </summary>
        public IReadOnlyList<IReadOnlyDictionary<string, string>?>? ItemValues { get => _rare?.ItemValues; set { if (value != null || _rare != null) Rare.ItemValues = value; } }
        /// <summary>The read request units a successful read consumed (TableRequest), as DynamoDB bills them on demand.</summary>
        public double? ReadUnits { get => _rare?.ReadUnits; set { if (value != null || _rare != null) Rare.ReadUnits = value; } }
        /// <summary>The table (or tables, comma-separated, for a batch or transaction) a TableRequest named.</summary>
        public string? TableName { get; set; }
        /// <summary>Why a consumer let a message go or crashed (Released, Crashed, a lost heartbeat's Note); an alarm's StateReason (AlarmStateChanged).</summary>
        public string? Reason { get => _rare?.Reason; set { if (value != null || _rare != null) Rare.Reason = value; } }
        /// <summary>The side effect's key (SideEffect, SideEffectSkipped).</summary>
        public string? SideEffectKey { get => _rare?.SideEffectKey; set { if (value != null || _rare != null) Rare.SideEffectKey = value; } }
        /// <summary>The message id that performed a side effect first (SideEffectSkipped).</summary>
        public string? PerformedByMessageId { get => _rare?.PerformedByMessageId; set { if (value != null || _rare != null) Rare.PerformedByMessageId = value; } }
        /// <summary>The message's age by the backend's clock when a consumer found it stale (StaleSkipped).</summary>
        public double? AgeSeconds { get => _rare?.AgeSeconds; set { if (value != null || _rare != null) Rare.AgeSeconds = value; } }
        /// <summary>
        /// How far past the end of the consumer's visibility the lease guard's check came, in seconds;
        /// negative when it came within the guard's margin before the end (LeaseExpired).
        /// </summary>
        public double? LateBySeconds { get => _rare?.LateBySeconds; set { if (value != null || _rare != null) Rare.LateBySeconds = value; } }
        /// <summary>The consumer's stale limit (StaleSkipped, ConsumerStarted).</summary>
        public double? StaleAfterSeconds { get => _rare?.StaleAfterSeconds; set { if (value != null || _rare != null) Rare.StaleAfterSeconds = value; } }
        /// <summary>The consumer's visibility heartbeat period (ConsumerStarted, VisibilityExtended).</summary>
        public double? HeartbeatSeconds { get => _rare?.HeartbeatSeconds; set { if (value != null || _rare != null) Rare.HeartbeatSeconds = value; } }
        /// <summary>A heartbeat's extension was cut short by SQS's 12 hours from the receive: its last (VisibilityExtended).</summary>
        public bool? HeartbeatCapped { get => _rare?.HeartbeatCapped; set { if (value != null || _rare != null) Rare.HeartbeatCapped = value; } }
        /// <summary>The most messages a consumer asks for in one receive (ConsumerStarted).</summary>
        public int? MaxMessages { get => _rare?.MaxMessages; set { if (value != null || _rare != null) Rare.MaxMessages = value; } }
        /// <summary>The delay a consumer's backoff chose for a failed message (BackedOff).</summary>
        public double? BackoffSeconds { get => _rare?.BackoffSeconds; set { if (value != null || _rare != null) Rare.BackoffSeconds = value; } }
        /// <summary>How long a circuit breaker stays open (BreakerOpened; BackedOff while it is open: the time left).</summary>
        public double? BreakerOpenSeconds { get => _rare?.BreakerOpenSeconds; set { if (value != null || _rare != null) Rare.BreakerOpenSeconds = value; } }
        /// <summary>The dependency called (DependencyCalled, DependencyFailed, Breaker*, ShortCircuited).</summary>
        public string? DependencyName { get => _rare?.DependencyName; set { if (value != null || _rare != null) Rare.DependencyName = value; } }
        /// <summary>The key the dependency was called with (DependencyCalled, DependencyFailed).</summary>
        public string? DependencyKey { get => _rare?.DependencyKey; set { if (value != null || _rare != null) Rare.DependencyKey = value; } }
        /// <summary>How the dependency answered (DependencyCalled, DependencyFailed).</summary>
        public DependencyOutcome? DependencyOutcome { get => _rare?.DependencyOutcome; set { if (value != null || _rare != null) Rare.DependencyOutcome = value; } }
        /// <summary>The dependency's receipt for a call that succeeded (DependencyCalled).</summary>
        public string? DependencyReceipt { get => _rare?.DependencyReceipt; set { if (value != null || _rare != null) Rare.DependencyReceipt = value; } }
        /// <summary>Messages in a batch (BatchProcessed).</summary>
        public int? BatchSize { get => _rare?.BatchSize; set { if (value != null || _rare != null) Rare.BatchSize = value; } }
        /// <summary>Messages a batch deleted (BatchProcessed).</summary>
        public int? BatchDeleted { get => _rare?.BatchDeleted; set { if (value != null || _rare != null) Rare.BatchDeleted = value; } }
        /// <summary>The message ids a batch reported failed (BatchProcessed).</summary>
        public IReadOnlyList<string>? FailedMessageIds { get => _rare?.FailedMessageIds; set { if (value != null || _rare != null) Rare.FailedMessageIds = value; } }
        /// <summary>The phase's name (Phase).</summary>
        public string? PhaseName { get => _rare?.PhaseName; set { if (value != null || _rare != null) Rare.PhaseName = value; } }
        /// <summary>Consumers running before and after a scale-out (ScaledOut).</summary>
        public int? ConsumersBefore { get => _rare?.ConsumersBefore; set { if (value != null || _rare != null) Rare.ConsumersBefore = value; } }
        public int? ConsumersAfter { get => _rare?.ConsumersAfter; set { if (value != null || _rare != null) Rare.ConsumersAfter = value; } }
        /// <summary>The queue's messages in flight and delayed, as GetQueueAttributes gave them (QueueSampled).</summary>
        public long? NotVisibleDepth { get => _rare?.NotVisibleDepth; set { if (value != null || _rare != null) Rare.NotVisibleDepth = value; } }
        public long? DelayedDepth { get => _rare?.DelayedDepth; set { if (value != null || _rare != null) Rare.DelayedDepth = value; } }
        /// <summary>The queue's visible depth when the autoscaler acted (ScaledOut), or when the metric sampler read it (QueueSampled).</summary>
        public long? VisibleDepth { get => _rare?.VisibleDepth; set { if (value != null || _rare != null) Rare.VisibleDepth = value; } }
        /// <summary>The entity a versioned message is about (VersionApplied, VersionIgnored).</summary>
        public string? Entity { get => _rare?.Entity; set { if (value != null || _rare != null) Rare.Entity = value; } }
        /// <summary>The message's entity version (VersionApplied, VersionIgnored).</summary>
        public long? Version { get => _rare?.Version; set { if (value != null || _rare != null) Rare.Version = value; } }
        /// <summary>The version stored before; null when none was (VersionApplied, VersionIgnored).</summary>
        public long? PreviousVersion { get => _rare?.PreviousVersion; set { if (value != null || _rare != null) Rare.PreviousVersion = value; } }
        /// <summary>Which incarnation of a restarted consumer this is, the first being 1 (ConsumerRestarted).</summary>
        public int? Incarnation { get => _rare?.Incarnation; set { if (value != null || _rare != null) Rare.Incarnation = value; } }
        /// <summary>A STARTED ledger row was taken over from an earlier holder (LedgerStarted).</summary>
        public bool? TookOver { get => _rare?.TookOver; set { if (value != null || _rare != null) Rare.TookOver = value; } }
        /// <summary>The endpoint fault that hit a call (FaultInjected).</summary>
        public string? FaultName { get => _rare?.FaultName; set { if (value != null || _rare != null) Rare.FaultName = value; } }
        /// <summary>What the fault did to the call (FaultInjected).</summary>
        public Endpoint.Faults.EndpointFaultEffect? FaultEffect { get => _rare?.FaultEffect; set { if (value != null || _rare != null) Rare.FaultEffect = value; } }
        /// <summary>The scenario seconds a fault held the call (FaultInjected, when it adds latency).</summary>
        public double? LatencySeconds { get => _rare?.LatencySeconds; set { if (value != null || _rare != null) Rare.LatencySeconds = value; } }
        /// <summary>How long a consumer's backend was unavailable, from the first failed call to the first that succeeded (BackendRecovered).</summary>
        public double? OutageSeconds { get => _rare?.OutageSeconds; set { if (value != null || _rare != null) Rare.OutageSeconds = value; } }
        /// <summary>The calls that failed during the outage (BackendRecovered).</summary>
        public int? Attempts { get => _rare?.Attempts; set { if (value != null || _rare != null) Rare.Attempts = value; } }
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

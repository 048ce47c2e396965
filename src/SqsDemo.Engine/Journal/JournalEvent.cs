using System;
using System.Collections.Generic;
using SqsDemo.Engine.Work;

namespace SqsDemo.Engine.Journal
{
    /// <summary>What happened. Checks, the timeline and diagnostics read these, never hand-kept counters.</summary>
    public enum JournalEventKind
    {
        QueueCreated,
        QueueDeleted,
        Sent,
        SendFailed,
        Received,
        /// <summary>
        /// A ReceiveMessage call that returned no message (CloudWatch's NumberOfEmptyReceives): one event per
        /// call, on the queue asked, under the caller.
        /// </summary>
        ReceivedEmpty,
        /// <summary>A ChangeMessageVisibility call (a release on stop, a user's call); a consumer's heartbeat records <see cref="VisibilityExtended"/> instead.</summary>
        VisibilityChanged,
        /// <summary>
        /// A consumer's visibility heartbeat extended a message it is still working on: one
        /// ChangeMessageVisibility call, recorded as this kind instead of VisibilityChanged, with
        /// the new timeout (seconds from the call) in VisibilityTimeoutSeconds.
        /// </summary>
        VisibilityExtended,
        Deleted,
        /// <summary>A delete whose receipt handle had outlived its visibility timeout: on a standard queue it may not have deleted.</summary>
        DeleteMayNotHaveDeleted,
        DeleteFailed,
        MovedToDeadLetterQueue,
        /// <summary>
        /// A message move task (DLQ redrive) moved a message out of a dead-letter queue: QueueUrl is the
        /// queue it went to, MessageId its new id (a redriven message is a new message); SourceQueueUrl is the
        /// dead-letter queue and SourceMessageId the old id.
        /// </summary>
        Redriven,
        Purged,
        PurgedMessage,
        RetentionExpired,
        ConsumerStarted,
        ConsumerEnded,
        Crashed,
        Processed,
        Rejected,
        DuplicateSkipped,
        /// <summary>
        /// A message older than the consumer's StaleAfterSeconds (its SentTimestamp by the backend's
        /// clock) was deleted without being applied: no ledger row, no side effect. AgeSeconds has its age.
        /// </summary>
        StaleSkipped,
        /// <summary>
        /// The lease guard found the consumer's visibility of the message run out (or within its margin)
        /// before the message took effect: not applied, not deleted, left to whoever holds it now.
        /// MessageGroupId is its FIFO group, LateBySeconds how far past the lease's end the check came.
        /// </summary>
        LeaseExpired,
        Released,
        /// <summary>The ledger's status row was marked STARTED (or taken over: TookOver).</summary>
        LedgerStarted,
        /// <summary>The ledger's status row was marked COMPLETED.</summary>
        LedgerCompleted,
        /// <summary>A consumer found its STARTED row taken over by a successor and left COMPLETED to it.</summary>
        OwnershipLost,
        /// <summary>The side effect was performed (the conditional put won).</summary>
        SideEffect,
        /// <summary>The side effect already existed: check-before-doing skipped it.</summary>
        SideEffectSkipped,
        /// <summary>A payload field was appended to the ledger's ordered effect log.</summary>
        EffectLogged,
        /// <summary>Versioning stored the message's entity version.</summary>
        VersionApplied,
        /// <summary>Versioning kept the stored version: the message's was not newer.</summary>
        VersionIgnored,
        /// <summary>A fresh incarnation of a crashed consumer started (as ECS restarts a task).</summary>
        ConsumerRestarted,
        /// <summary>The autoscaler started a consumer (ConsumersBefore, ConsumersAfter, VisibleDepth).</summary>
        ScaledOut,
        /// <summary>A consumer set a failed message's visibility from its receive count (BackoffSeconds, VisibilityTimeoutSeconds, BreakerOpenSeconds).</summary>
        BackedOff,
        /// <summary>The autoscaler stopped the producer once the consumers kept up.</summary>
        ProducerStopped,
        /// <summary>A handler failed on a message (it threw, or its dependency answered with an error): the message was not deleted.</summary>
        HandlerFailed,
        /// <summary>A consumer's handler called its dependency and got an answer (DependencyName, DependencyKey, DependencyReceipt).</summary>
        DependencyCalled,
        /// <summary>A dependency call failed: unavailable (transient, counted by a breaker) or declined (permanent).</summary>
        DependencyFailed,
        /// <summary>A consumer's circuit breaker opened: calls to the dependency stop for the break.</summary>
        BreakerOpened,
        /// <summary>The break ended: the next call is a trial.</summary>
        BreakerHalfOpened,
        /// <summary>A trial call succeeded: calls flow again.</summary>
        BreakerClosed,
        /// <summary>The breaker was open: the message was returned (with backoff) without calling the dependency.</summary>
        ShortCircuited,
        /// <summary>A handler's output was sent on to the next queue (TargetQueueUrl, TargetMessageId, MessageGroupId).</summary>
        Forwarded,
        /// <summary>A handler's result was stored under the message id in the results store.</summary>
        ResultStored,
        /// <summary>A result was already stored for the message id (an earlier delivery's): the first stays.</summary>
        ResultAlreadyStored,
        /// <summary>A batch, gathered as an event source mapping does, was handled: BatchSize, BatchDeleted, FailedMessageIds.</summary>
        BatchProcessed,
        Note,
        /// <summary>A scenario (or the user) said a new phase of the run begins (Write-DemoPhase): PhaseName is its name.</summary>
        Phase,
        /// <summary>
        /// An outside client's DynamoDB request at the endpoint (Operation, TableName; ErrorCode when it failed),
        /// under the caller's access key id: what another process did to the run's ledger tables.
        /// </summary>
        TableRequest,
        /// <summary>
        /// A protocol fault of the endpoint hit a call (FaultName, FaultEffect, Operation; ErrorCode for an error,
        /// LatencySeconds for a delay), under the caller: a lost response is recorded after the call took effect.
        /// </summary>
        FaultInjected,
        /// <summary>
        /// A demo alarm (New-DemoAlarm) changed state when it was evaluated on the scenario clock, as a CloudWatch
        /// alarm does: AlarmName, OldState, NewState, and Reason (CloudWatch's StateReason).
        /// </summary>
        AlarmStateChanged,
        /// <summary>
        /// The run's metric sampler read a queue's attributes (GetQueueAttributes), as SQS reports its gauges to
        /// CloudWatch once a minute, on a backend whose queue the journal cannot replay alone (an endpoint, AWS):
        /// VisibleDepth, NotVisibleDepth, DelayedDepth.
        /// </summary>
        QueueSampled,
        /// A consumer's call to its backend failed transiently (connection refused or reset, no answer in time, 5xx,
        /// throttling): an outage began, which the consumer waits out with backoff (Operation, Error, ErrorCode: the first failure).
        /// </summary>
        BackendUnavailable,
        /// <summary>A consumer's call succeeded again after an outage (OutageSeconds from the first failure, Attempts that failed).</summary>
        BackendRecovered,
    }

    /// <summary>One thing that happened, stamped with scenario time.</summary>
    public sealed class JournalEvent
    {
        private readonly JournalFacts _facts;

        public JournalEvent(long sequence, DateTimeOffset time, TimeSpan scenarioTime, JournalEventKind kind, string? queueUrl,
            string? messageId, string? actor, int receiveCount = 0, string? receiptHandle = null, string? detail = null, string? bodyId = null, JournalFacts? facts = null)
        {
            _facts = facts ?? JournalFacts.None;
            Sequence = sequence;
            Time = time;
            ScenarioTime = scenarioTime;
            Kind = kind;
            QueueUrl = queueUrl;
            MessageId = messageId;
            Actor = actor;
            ReceiveCount = receiveCount;
            ReceiptHandle = receiptHandle;
            Detail = detail;
            BodyId = bodyId;
        }

        /// <summary>Order of recording; ties in <see cref="Time"/> keep this order.</summary>
        public long Sequence { get; }
        public DateTimeOffset Time { get; }
        /// <summary>Scenario seconds since the journal began.</summary>
        public TimeSpan ScenarioTime { get; }
        public JournalEventKind Kind { get; }
        public string? QueueUrl { get; }
        /// <summary>The broker's MessageId.</summary>
        public string? MessageId { get; }
        /// <summary>The body's own id (the idempotency id), where the body has one.</summary>
        public string? BodyId { get; }
        /// <summary>Who acted: a consumer id, "producer", "broker", or the user.</summary>
        public string? Actor { get; }
        public int ReceiveCount { get; }
        public string? ReceiptHandle { get; }
        /// <summary>For people only: the event told in a sentence. No code reads it; the facts below say the same.</summary>
        public string? Detail { get; }

        // The typed facts (see JournalFacts for what each means and which kinds carry it).
        public string? TargetQueueUrl => _facts.TargetQueueUrl;
        public string? SourceQueueUrl => _facts.SourceQueueUrl;
        public string? SourceMessageId => _facts.SourceMessageId;
        public string? TargetMessageId => _facts.TargetMessageId;
        public string? MessageGroupId => _facts.MessageGroupId;
        public double? VisibilityTimeoutSeconds => _facts.VisibilityTimeoutSeconds;
        public int? ReceiptGeneration => _facts.ReceiptGeneration;
        public ConsumerEnding? Ending => _facts.Ending;
        public string? Error => _facts.Error;
        public string? ErrorCode => _facts.ErrorCode;
        public string? Operation => _facts.Operation;
        public string? TableName => _facts.TableName;
        public IReadOnlyList<string>? ItemKeys => _facts.ItemKeys;
        public IReadOnlyList<IReadOnlyDictionary<string, string>?>? ItemValues => _facts.ItemValues;
        /// <summary>The read request units a successful read consumed (TableRequest).</summary>
        public double? ReadUnits => _facts.ReadUnits;
        public string? Reason => _facts.Reason;
        public Outside.KillPoint? KillPoint => _facts.KillPoint;
        public int? ProcessId => _facts.ProcessId;
        public int? ExitCode => _facts.ExitCode;
        public string? SideEffectKey => _facts.SideEffectKey;
        public string? PerformedByMessageId => _facts.PerformedByMessageId;
        public double? AgeSeconds => _facts.AgeSeconds;
        public double? LateBySeconds => _facts.LateBySeconds;
        public double? StaleAfterSeconds => _facts.StaleAfterSeconds;
        public double? HeartbeatSeconds => _facts.HeartbeatSeconds;
        public int? MaxMessages => _facts.MaxMessages;
        public double? BackoffSeconds => _facts.BackoffSeconds;
        public double? BreakerOpenSeconds => _facts.BreakerOpenSeconds;
        public string? DependencyName => _facts.DependencyName;
        public string? DependencyKey => _facts.DependencyKey;
        public DependencyOutcome? DependencyOutcome => _facts.DependencyOutcome;
        public string? DependencyReceipt => _facts.DependencyReceipt;
        public int? BatchSize => _facts.BatchSize;
        public int? BatchDeleted => _facts.BatchDeleted;
        public IReadOnlyList<string>? FailedMessageIds => _facts.FailedMessageIds;
        public string? PhaseName => _facts.PhaseName;
        public int? ConsumersBefore => _facts.ConsumersBefore;
        public int? ConsumersAfter => _facts.ConsumersAfter;
        public long? VisibleDepth => _facts.VisibleDepth;
        public bool? TookOver => _facts.TookOver;
        public string? FaultName => _facts.FaultName;
        public Endpoint.Faults.EndpointFaultEffect? FaultEffect => _facts.FaultEffect;
        public double? LatencySeconds => _facts.LatencySeconds;
        public long? MessageSizeBytes => _facts.MessageSizeBytes;
        public long? SqsRequest => _facts.SqsRequest;
        public long? NotVisibleDepth => _facts.NotVisibleDepth;
        public long? DelayedDepth => _facts.DelayedDepth;
        public int? DelaySeconds => _facts.DelaySeconds;
        public string? AlarmName => _facts.AlarmName;
        public Alarms.AlarmState? OldState => _facts.OldState;
        public Alarms.AlarmState? NewState => _facts.NewState;
        public double? OutageSeconds => _facts.OutageSeconds;
        public int? Attempts => _facts.Attempts;

        /// <summary>The queue's name, the last segment of its URL.</summary>
        public string? QueueName => Environments.QueueAddress.NameOrNull(QueueUrl);

        public override string ToString() => $"{ScenarioTime.TotalSeconds,8:0.000}s {Kind} {MessageId} {Actor} {Detail}".TrimEnd();
    }
}

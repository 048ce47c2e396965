using System;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work
{
    /// <summary>The seeds' LOG_LEVEL: how much of the per-message record stream is written.</summary>
    public enum ConsumerLogLevel
    {
        Debug,
        Info,
        Warning,
        Error,
    }

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

        /// <summary>Work time per message, drawn from the seed between these (scenario seconds).</summary>
        public double SleepMinSeconds { get; set; }
        public double SleepMaxSeconds { get; set; }
        /// <summary>Every <see cref="LongSleepEvery"/>th message takes at least this long: to overrun the visibility timeout on purpose.</summary>
        public double LongSleepSeconds { get; set; }
        public int LongSleepEvery { get; set; }
        /// <summary>Crash after the side effect, before marking COMPLETED: the window idempotency must cover.</summary>
        public bool CrashAfterSideEffect { get; set; }
        /// <summary>The ledger's status table; with <see cref="SideEffectsTable"/> it turns the two-table pattern on.</summary>
        public string? StatusTable { get; set; }
        public string? SideEffectsTable { get; set; }
        /// <summary>How long the side effect takes (scenario seconds) before its conditional write.</summary>
        public double SideEffectDelaySeconds { get; set; }
        /// <summary>Key side effects by this body field (biz:&lt;field&gt;:&lt;value&gt;) instead of the message id.</summary>
        public string? BusinessIdempotencyField { get; set; }

        /// <summary>
        /// Visibility heartbeat: while a received message is being worked on, every this many
        /// scenario seconds (on the backend's clock) extend its visibility by
        /// <see cref="HeartbeatExtensionSeconds"/> from the call, never past SQS's 12 hours from the
        /// receive. Stops when the message is deleted, rejected, handed back or the consumer crashes.
        /// Null turns it off; when set it must be more than 0 and less than that extension.
        /// </summary>
        public int? HeartbeatSeconds { get; set; }
        /// <summary>
        /// A message whose SentTimestamp is more than this many scenario seconds old (by the
        /// backend's clock) when the consumer comes to handle it is stale: deleted without being
        /// applied (no ledger row, no side effect) and counted. Null turns it off; when set, more than 0.
        /// </summary>
        public int? StaleAfterSeconds { get; set; }
        /// <summary>
        /// Per-message backoff: a rejected message is made visible again after an exponential,
        /// capped, jittered delay from its receive count (<see cref="RetryBackoff"/>), set with
        /// ChangeMessageVisibility, instead of waiting out the whole visibility timeout. Null: off.
        /// </summary>
        public double? BackoffBaseSeconds { get; set; }
        /// <summary>The backoff's cap in seconds (at most SQS's 12 hours).</summary>
        public int BackoffMaxSeconds { get; set; } = 900;

        /// <summary>
        /// Makes the consumer's own handler for each incarnation (a crash loses the handler and its
        /// state); null runs the built-in work simulation. See <see cref="IMessageHandler"/>.
        /// </summary>
        public Func<IMessageHandler>? HandlerFactory { get; set; }
        /// <summary>What the handler calls, through <see cref="Breaker"/> when one is set (needs a handler).</summary>
        public SimulatedDependency? Dependency { get; set; }
        /// <summary>The circuit breaker around <see cref="Dependency"/>; null calls it unguarded.</summary>
        public CircuitBreakerSettings? Breaker { get; set; }
        /// <summary>Each handler output is sent here as a message, before the input is deleted (needs a handler).</summary>
        public string? ForwardQueueUrl { get; set; }
        /// <summary>For a FIFO <see cref="ForwardQueueUrl"/>: the output's field that is its MessageGroupId.</summary>
        public string? ForwardGroupIdField { get; set; }
        /// <summary>The ledger's results table: each handled message's output is stored under its id (needs a handler).</summary>
        public string? ResultsTable { get; set; }
        /// <summary>
        /// Event source mapping mode: gather batches of up to this many (1-10) within
        /// <see cref="BatchWindowSeconds"/>, handle each item, delete the ones that succeeded in one
        /// DeleteMessageBatch and leave only the failed ones to return. Null: the plain loop.
        /// </summary>
        public int? BatchSize { get; set; }
        /// <summary>How long (scenario seconds, 0-300 as Lambda allows) to keep gathering a batch that is not full.</summary>
        public double BatchWindowSeconds { get; set; }

        /// <summary>Which per-message records reach the output: Debug and Info all, Warning only the unusual ones, Error only crashes.</summary>
        public ConsumerLogLevel LogLevel { get; set; } = ConsumerLogLevel.Info;

        /// <summary>After a crash, start a fresh incarnation (empty cache), as ECS restarts a crashed task.</summary>
        public bool RestartOnCrash { get; set; }
        /// <summary>Scenario seconds between a crash and the restart.</summary>
        public double RestartDelaySeconds { get; set; } = 1;

        /// <summary>The ledger's ordered effect log (for SideEffectLogField and versioning).</summary>
        public string? EffectLogTable { get; set; }
        /// <summary>The ledger's entity-versions table (for versioning).</summary>
        public string? VersionsTable { get; set; }
        /// <summary>Append this body field to the effect log as each message takes effect (e.g. a FIFO sequence).</summary>
        public string? SideEffectLogField { get; set; }
        /// <summary>Apply entity versions: only when newer than the stored one (or always, with LastWriteWins).</summary>
        public bool Versioning { get; set; }
        public string EntityKey { get; set; } = DefaultEntityKey;
        public string VersionKey { get; set; } = DefaultVersionKey;
        public const string DefaultEntityKey = "entity_id";
        public const string DefaultVersionKey = "version";
        /// <summary>With Versioning: apply every version as it arrives, as a naive consumer does.</summary>
        public bool LastWriteWins { get; set; }

        /// <summary>The seeds' SIDE_EFFECT_LOG_PATH: append the SideEffectLogField's value as a line of this file as each message takes effect.</summary>
        public string? SideEffectLogPath { get; set; }
        /// <summary>The seeds' VERSION_STATE_PATH: versioning keeps entity versions in this JSON file ({"entity": version}) instead of the ledger.</summary>
        public string? VersionStatePath { get; set; }
        /// <summary>The seeds' VERSION_LOG_PATH: each applied version, one line each (with VersionStatePath).</summary>
        public string? VersionLogPath { get; set; }
        /// <summary>The seeds' VERSION_SEEN_LOG_PATH: each version seen, applied or not, one line each.</summary>
        public string? VersionSeenLogPath { get; set; }

        /// <summary>Versioning keeps its state in the seeds' files rather than the ledger's tables.</summary>
        public bool UsesVersionFiles => !string.IsNullOrEmpty(VersionStatePath) || !string.IsNullOrEmpty(VersionLogPath);

        /// <summary>
        /// The ledger tables of the environment the queue belongs to: New-DemoEnvironment names them after
        /// the environment, whose name is the queue's without a FIFO queue's ".fifo".
        /// </summary>
        public Ledger.LedgerTables LedgerTablesOfQueue()
        {
            return Ledger.LedgerTables.For(Environments.QueueAddress.EnvironmentNameOf(QueueUrl));
        }

        /// <summary>Turns the ledger on with the queue's environment's tables, keeping any table already given.</summary>
        public void UseLedgerOfQueue()
        {
            if (UsesLedger || string.IsNullOrEmpty(QueueUrl)) return;
            var tables = LedgerTablesOfQueue();
            StatusTable ??= tables.StatusTable;
            SideEffectsTable ??= tables.SideEffectsTable;
            EffectLogTable ??= tables.EffectLogTable;
            VersionsTable ??= tables.VersionsTable;
        }

        /// <summary>True when both ledger tables are given.</summary>
        public bool UsesLedger => !string.IsNullOrEmpty(StatusTable) && !string.IsNullOrEmpty(SideEffectsTable);

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
            NonNegative(SleepMinSeconds, nameof(SleepMinSeconds));
            NonNegative(SleepMaxSeconds, nameof(SleepMaxSeconds));
            if (SleepMaxSeconds > 0 && SleepMaxSeconds < SleepMinSeconds)
                throw new ArgumentOutOfRangeException(nameof(SleepMaxSeconds), SleepMaxSeconds, "SleepMaxSeconds must be at least SleepMinSeconds.");
            NonNegative(LongSleepSeconds, nameof(LongSleepSeconds));
            if (LongSleepEvery < 0) throw new ArgumentOutOfRangeException(nameof(LongSleepEvery), LongSleepEvery, "LongSleepEvery must be 0 (off) or more.");
            if (LongSleepEvery > 0 && LongSleepSeconds <= 0)
                throw new ArgumentException("LongSleepEvery needs LongSleepSeconds: how long every Nth message takes.", nameof(LongSleepSeconds));
            NonNegative(SideEffectDelaySeconds, nameof(SideEffectDelaySeconds));
            NonNegative(RestartDelaySeconds, nameof(RestartDelaySeconds));
            if (string.IsNullOrEmpty(StatusTable) != string.IsNullOrEmpty(SideEffectsTable))
                throw new ArgumentException("The ledger needs both tables: StatusTable and SideEffectsTable.", nameof(StatusTable));
            if (CrashAfterSideEffect && !UsesLedger)
                throw new ArgumentException("CrashAfterSideEffect needs the ledger: there is no side effect without it.", nameof(CrashAfterSideEffect));
            if (!string.IsNullOrEmpty(SideEffectLogField) && string.IsNullOrEmpty(EffectLogTable) && string.IsNullOrEmpty(SideEffectLogPath))
                throw new ArgumentException("SideEffectLogField needs the ledger's effect log (an environment made with -Ledger, or -EffectLogTable) or a file (SIDE_EFFECT_LOG_PATH).", nameof(SideEffectLogField));
            if (!string.IsNullOrEmpty(SideEffectLogPath) && string.IsNullOrEmpty(SideEffectLogField))
                throw new ArgumentException("SIDE_EFFECT_LOG_PATH logs a body field: name it with SIDE_EFFECT_LOG_FIELD.", nameof(SideEffectLogPath));
            ValidateVersioning();
            if (LastWriteWins && !Versioning)
                throw new ArgumentException("LastWriteWins is a way of versioning: use it with Versioning.", nameof(LastWriteWins));
            if (!string.IsNullOrEmpty(BusinessIdempotencyField) && !UsesLedger)
                throw new ArgumentException("BusinessIdempotencyField keys side effects, which need the ledger.", nameof(BusinessIdempotencyField));
            if (HeartbeatSeconds is int heartbeat)
            {
                if (heartbeat <= 0)
                    throw new ArgumentOutOfRangeException(nameof(HeartbeatSeconds), heartbeat, "HeartbeatSeconds must be more than 0 (leave it out to turn the heartbeat off).");
                if (VisibilityTimeout is int receiveVisibility) ValidateHeartbeat(receiveVisibility, "the consumer's VisibilityTimeout");
            }
            if (BackoffBaseSeconds is double backoff && (!(backoff > 0) || backoff > SqsLimits.MaxVisibilityTimeoutSeconds))
                throw new ArgumentOutOfRangeException(nameof(BackoffBaseSeconds), backoff, "BackoffBaseSeconds must be above 0 and at most 43200 (leave it out to turn the backoff off).");
            if (BackoffMaxSeconds < 1 || BackoffMaxSeconds > SqsLimits.MaxVisibilityTimeoutSeconds)
                throw new ArgumentOutOfRangeException(nameof(BackoffMaxSeconds), BackoffMaxSeconds, "BackoffMaxSeconds must be between 1 and 43200.");
            ValidateHandling();
            if (StaleAfterSeconds is int stale && stale <= 0)
                throw new ArgumentOutOfRangeException(nameof(StaleAfterSeconds), stale, "StaleAfterSeconds must be more than 0 (leave it out to apply messages of any age).");
        }

        private void ValidateVersioning()
        {
            if (UsesVersionFiles)
            {
                if (!Versioning)
                    throw new ArgumentException("VERSION_STATE_PATH and VERSION_LOG_PATH are versioning's files: set VERSIONING_ENABLED=1 (or give -Versioning) to use them.", nameof(Versioning));
                if (string.IsNullOrEmpty(VersionStatePath) || string.IsNullOrEmpty(VersionLogPath))
                    throw new ArgumentException("Versioning in files needs both VERSION_STATE_PATH (the entity versions) and VERSION_LOG_PATH (the versions applied).", nameof(VersionStatePath));
            }
            else if (!string.IsNullOrEmpty(VersionSeenLogPath) && !Versioning)
                throw new ArgumentException("VERSION_SEEN_LOG_PATH logs the versions versioning sees: set VERSIONING_ENABLED=1 (or give -Versioning).", nameof(VersionSeenLogPath));
            if (!Versioning && (EntityKey != DefaultEntityKey || VersionKey != DefaultVersionKey))
                throw new ArgumentException("ENTITY_KEY and VERSION_KEY (-EntityKey, -VersionKey) name versioning's body fields: set VERSIONING_ENABLED=1 (or give -Versioning) to use them.", nameof(EntityKey));
            if (Versioning && !UsesVersionFiles && (string.IsNullOrEmpty(VersionsTable) || string.IsNullOrEmpty(EffectLogTable)))
                throw new ArgumentException("Versioning needs the ledger's entity-versions table and effect log (an environment made with -Ledger), or the seeds' files (VERSION_STATE_PATH and VERSION_LOG_PATH).", nameof(Versioning));
        }

        private void ValidateHandling()
        {
            var needsHandler = Dependency != null ? nameof(Dependency)
                : !string.IsNullOrEmpty(ForwardQueueUrl) ? nameof(ForwardQueueUrl)
                : !string.IsNullOrEmpty(ResultsTable) ? nameof(ResultsTable)
                : null;
            if (needsHandler != null && HandlerFactory == null)
                throw new ArgumentException(needsHandler + " works with a handler's calls and outputs: give a handler.", needsHandler);
            if (Breaker != null)
            {
                if (Dependency == null) throw new ArgumentException("A circuit breaker guards a dependency: give one.", nameof(Breaker));
                Breaker.Validate();
            }
            if (!string.IsNullOrEmpty(ForwardGroupIdField) && string.IsNullOrEmpty(ForwardQueueUrl))
                throw new ArgumentException("ForwardGroupIdField names the group of forwarded messages: give ForwardQueueUrl.", nameof(ForwardGroupIdField));
            if (!string.IsNullOrEmpty(ForwardQueueUrl))
            {
                var forwardIsFifo = Environments.QueueAddress.IsFifo(ForwardQueueUrl!);
                if (forwardIsFifo && string.IsNullOrEmpty(ForwardGroupIdField))
                    throw new ArgumentException("Forwarding to a FIFO queue needs a message group: give ForwardGroupIdField, the output field that holds it.", nameof(ForwardGroupIdField));
                if (!forwardIsFifo && !string.IsNullOrEmpty(ForwardGroupIdField))
                    throw new ArgumentException("ForwardGroupIdField names a FIFO message group, but the forward queue is a standard one (its name does not end in .fifo).", nameof(ForwardGroupIdField));
                if (string.Equals(ForwardQueueUrl, QueueUrl, StringComparison.Ordinal))
                    throw new ArgumentException("ForwardQueueUrl is the queue being consumed: every output would come back to be handled again, without end.", nameof(ForwardQueueUrl));
            }
            if (BatchSize is int size)
            {
                if (size < 1 || size > SqsLimits.MaxBatchEntries)
                    throw new ArgumentOutOfRangeException(nameof(BatchSize), size, "BatchSize must be between 1 and 10.");
                if (MaxMessages > 1)
                    throw new ArgumentException("BatchSize sets how many messages each receive asks for: leave MaxMessages out.", nameof(MaxMessages));
                if (HeartbeatSeconds != null)
                    throw new ArgumentException("An event source mapping does not extend visibility: HeartbeatSeconds cannot be used with BatchSize.", nameof(HeartbeatSeconds));
            }
            if (double.IsNaN(BatchWindowSeconds) || BatchWindowSeconds < 0 || BatchWindowSeconds > 300)
                throw new ArgumentOutOfRangeException(nameof(BatchWindowSeconds), BatchWindowSeconds, "BatchWindowSeconds must be between 0 and 300.");
            if (BatchWindowSeconds > 0 && BatchSize == null)
                throw new ArgumentException("BatchWindowSeconds is how long a batch is gathered: give BatchSize.", nameof(BatchWindowSeconds));
        }

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
                throw new ArgumentException(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "HeartbeatSeconds ({0}) must be less than the visibility timeout it extends ({1} s, {2}): the message would become visible before the heartbeat extends it.",
                    heartbeat, visibilityTimeout, whose), nameof(HeartbeatSeconds));
        }

        private static void NonNegative(double value, string name)
        {
            if (value < 0 || double.IsNaN(value) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(name, value, name + " must be 0 or more seconds.");
        }

        public ConsumerOptions Clone()
        {
            var clone = (ConsumerOptions)MemberwiseClone();
            clone.Breaker = Breaker?.Clone();
            return clone;
        }

        /// <summary>Messages asked for per receive: the batch size in event source mapping mode.</summary>
        public int ReceiveMax => BatchSize ?? MaxMessages;
    }
}

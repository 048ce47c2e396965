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

    /// <summary>
    /// Every knob of the consumer loop, in groups; <see cref="ConsumerOptionTable"/> maps each to its
    /// Start-DemoConsumer parameter and the seeds' environment variable. Ranges are checked by <see cref="Validate"/>.
    /// </summary>
    public sealed class ConsumerOptions
    {
        public string ConsumerId { get; set; } = "consumer";
        public string QueueUrl { get; set; } = "";
        /// <summary>Which per-message records reach the output: Debug and Info all, Warning only the unusual ones, Error only crashes.</summary>
        public ConsumerLogLevel LogLevel { get; set; } = ConsumerLogLevel.Info;

        public ReceiveOptions Receive { get; private set; } = new ReceiveOptions();
        public ChaosOptions Chaos { get; private set; } = new ChaosOptions();
        public WorkOptions Work { get; private set; } = new WorkOptions();
        public LedgerOptions Ledger { get; private set; } = new LedgerOptions();
        public ForwardOptions Forward { get; private set; } = new ForwardOptions();
        public BatchOptions Batch { get; private set; } = new BatchOptions();

        /// <summary>Messages asked for per receive: the batch size in event source mapping mode.</summary>
        public int ReceiveMax => Batch.Size ?? Receive.MaxMessages;

        /// <summary>
        /// The ledger tables of the environment the queue belongs to: New-DemoEnvironment names them after
        /// the environment, whose name is the queue's without a FIFO queue's ".fifo".
        /// </summary>
        public global::SqsDemo.Engine.Ledger.LedgerTables LedgerTablesOfQueue()
        {
            return global::SqsDemo.Engine.Ledger.LedgerTables.For(Environments.QueueAddress.EnvironmentNameOf(QueueUrl));
        }

        /// <summary>Turns the ledger on with the queue's environment's tables, keeping any table already given.</summary>
        public void UseLedgerOfQueue()
        {
            if (Ledger.UsesLedger || string.IsNullOrEmpty(QueueUrl)) return;
            var tables = LedgerTablesOfQueue();
            Ledger.StatusTable ??= tables.StatusTable;
            Ledger.SideEffectsTable ??= tables.SideEffectsTable;
            Ledger.EffectLogTable ??= tables.EffectLogTable;
            Ledger.VersionsTable ??= tables.VersionsTable;
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range or not fitting the others.</summary>
        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(QueueUrl)) throw new ArgumentException("A queue URL is required.", nameof(QueueUrl));
            ValidateReceive();
            ValidateWork();
            ValidateLedger();
            ValidateVersioning();
            ValidateHandling();
            ValidateForwarding();
            ValidateBatch();
        }

        private void ValidateReceive()
        {
            var r = Receive;
            if (r.WaitTimeSeconds is int wait && (wait < 0 || wait > SqsLimits.MaxWaitTimeSeconds))
                throw new ArgumentOutOfRangeException("WaitTimeSeconds", wait, "WaitTimeSeconds must be between 0 and 20.");
            if (r.MaxMessages < 1 || r.MaxMessages > SqsLimits.MaxBatchEntries)
                throw new ArgumentOutOfRangeException("MaxMessages", r.MaxMessages, "MaxMessages must be between 1 and 10.");
            if (r.VisibilityTimeout is int visibility && (visibility < 0 || visibility > SqsLimits.MaxVisibilityTimeoutSeconds))
                throw new ArgumentOutOfRangeException("VisibilityTimeout", visibility, "VisibilityTimeout must be between 0 and 43200.");
            if (r.MessageLimit < 0) throw new ArgumentOutOfRangeException("MessageLimit", r.MessageLimit, "MessageLimit must be 0 (no limit) or more.");
            if (r.IdleTimeoutSeconds < 0 || double.IsNaN(r.IdleTimeoutSeconds)) throw new ArgumentOutOfRangeException("IdleTimeoutSeconds", r.IdleTimeoutSeconds, "IdleTimeoutSeconds must be 0 (never) or more.");
            if (r.HeartbeatSeconds is int heartbeat)
            {
                if (heartbeat <= 0)
                    throw new ArgumentOutOfRangeException("HeartbeatSeconds", heartbeat, "HeartbeatSeconds must be more than 0 (leave it out to turn the heartbeat off).");
                if (r.VisibilityTimeout is int receiveVisibility) r.ValidateHeartbeat(receiveVisibility, "the consumer's VisibilityTimeout");
            }
            if (r.BackoffBaseSeconds is double backoff && (!(backoff > 0) || backoff > SqsLimits.MaxVisibilityTimeoutSeconds))
                throw new ArgumentOutOfRangeException("BackoffBaseSeconds", backoff, "BackoffBaseSeconds must be above 0 and at most 43200 (leave it out to turn the backoff off).");
            if (r.BackoffMaxSeconds < 1 || r.BackoffMaxSeconds > SqsLimits.MaxVisibilityTimeoutSeconds)
                throw new ArgumentOutOfRangeException("BackoffMaxSeconds", r.BackoffMaxSeconds, "BackoffMaxSeconds must be between 1 and 43200.");
            if (double.IsNaN(r.MaxOutageSeconds) || r.MaxOutageSeconds < 0 || r.MaxOutageSeconds > MaxOutageLimit)
                throw new ArgumentOutOfRangeException("MaxOutageSeconds", r.MaxOutageSeconds, "MaxOutageSeconds must be between 0 (fault at the first failure) and 86400.");
            if (r.StaleAfterSeconds is double stale && !(stale > 0))
                throw new ArgumentOutOfRangeException("StaleAfterSeconds", stale, "StaleAfterSeconds must be more than 0 (leave it out to apply messages of any age).");
        }

        private void ValidateWork()
        {
            if (Chaos.CrashRate < 0 || Chaos.CrashRate > 1 || double.IsNaN(Chaos.CrashRate)) throw new ArgumentOutOfRangeException("CrashRate", Chaos.CrashRate, "CrashRate must be between 0 and 1.");
            if (Work.IdempotencyCacheSize < 0) throw new ArgumentOutOfRangeException("IdempotencyCacheSize", Work.IdempotencyCacheSize, "IdempotencyCacheSize must be 0 (off) or more.");
            NonNegative(Work.SleepMinSeconds, "SleepMinSeconds");
            NonNegative(Work.SleepMaxSeconds, "SleepMaxSeconds");
            if (Work.SleepMaxSeconds > 0 && Work.SleepMaxSeconds < Work.SleepMinSeconds)
                throw new ArgumentOutOfRangeException("SleepMaxSeconds", Work.SleepMaxSeconds, "SleepMaxSeconds must be at least SleepMinSeconds.");
            NonNegative(Chaos.LongSleepSeconds, "LongSleepSeconds");
            if (Chaos.LongSleepEvery < 0) throw new ArgumentOutOfRangeException("LongSleepEvery", Chaos.LongSleepEvery, "LongSleepEvery must be 0 (off) or more.");
            if (Chaos.LongSleepEvery > 0 && Chaos.LongSleepSeconds <= 0)
                throw new ArgumentException("LongSleepEvery needs LongSleepSeconds: how long every Nth message takes.", "LongSleepSeconds");
            NonNegative(Ledger.SideEffectDelaySeconds, "SideEffectDelaySeconds");
            NonNegative(Chaos.RestartDelaySeconds, "RestartDelaySeconds");
        }

        private void ValidateLedger()
        {
            var l = Ledger;
            if (string.IsNullOrEmpty(l.StatusTable) != string.IsNullOrEmpty(l.SideEffectsTable))
                throw new ArgumentException("The ledger needs both tables: StatusTable and SideEffectsTable.", "StatusTable");
            if (Chaos.CrashAfterSideEffect && !l.UsesLedger)
                throw new ArgumentException("CrashAfterSideEffect needs the ledger: there is no side effect without it.", "CrashAfterSideEffect");
            if (!string.IsNullOrEmpty(l.SideEffectLogField) && string.IsNullOrEmpty(l.EffectLogTable) && string.IsNullOrEmpty(l.SideEffectLogPath))
                throw new ArgumentException("SideEffectLogField needs the ledger's effect log (an environment made with -Ledger, or -EffectLogTable) or a file (SIDE_EFFECT_LOG_PATH).", "SideEffectLogField");
            if (!string.IsNullOrEmpty(l.SideEffectLogPath) && string.IsNullOrEmpty(l.SideEffectLogField))
                throw new ArgumentException("SIDE_EFFECT_LOG_PATH logs a body field: name it with SIDE_EFFECT_LOG_FIELD.", "SideEffectLogPath");
            if (!string.IsNullOrEmpty(l.BusinessIdempotencyField) && !l.UsesLedger)
                throw new ArgumentException("BusinessIdempotencyField keys side effects, which need the ledger.", "BusinessIdempotencyField");
        }

        private void ValidateVersioning()
        {
            var l = Ledger;
            if (l.UsesVersionFiles)
            {
                if (!l.Versioning)
                    throw new ArgumentException("VERSION_STATE_PATH and VERSION_LOG_PATH are versioning's files: set VERSIONING_ENABLED=1 (or give -Versioning) to use them.", "Versioning");
                if (string.IsNullOrEmpty(l.VersionStatePath) || string.IsNullOrEmpty(l.VersionLogPath))
                    throw new ArgumentException("Versioning in files needs both VERSION_STATE_PATH (the entity versions) and VERSION_LOG_PATH (the versions applied).", "VersionStatePath");
            }
            else if (!string.IsNullOrEmpty(l.VersionSeenLogPath) && !l.Versioning)
                throw new ArgumentException("VERSION_SEEN_LOG_PATH logs the versions versioning sees: set VERSIONING_ENABLED=1 (or give -Versioning).", "VersionSeenLogPath");
            if (!l.Versioning && (l.EntityKey != LedgerOptions.DefaultEntityKey || l.VersionKey != LedgerOptions.DefaultVersionKey))
                throw new ArgumentException("ENTITY_KEY and VERSION_KEY (-EntityKey, -VersionKey) name versioning's body fields: set VERSIONING_ENABLED=1 (or give -Versioning) to use them.", "EntityKey");
            if (l.Versioning && !l.UsesVersionFiles && (string.IsNullOrEmpty(l.VersionsTable) || string.IsNullOrEmpty(l.EffectLogTable)))
                throw new ArgumentException("Versioning needs the ledger's entity-versions table and effect log (an environment made with -Ledger), or the seeds' files (VERSION_STATE_PATH and VERSION_LOG_PATH).", "Versioning");
            if (l.LastWriteWins && !l.Versioning)
                throw new ArgumentException("LastWriteWins is a way of versioning: use it with Versioning.", "LastWriteWins");
        }

        private void ValidateHandling()
        {
            var needsHandler = Work.Dependency != null ? "Dependency"
                : !string.IsNullOrEmpty(Forward.QueueUrl) ? "ForwardQueueUrl"
                : !string.IsNullOrEmpty(Ledger.ResultsTable) ? "ResultsTable"
                : null;
            if (needsHandler != null && Work.HandlerFactory == null)
                throw new ArgumentException(needsHandler + " works with a handler's calls and outputs: give a handler.", needsHandler);
            if (Work.Breaker != null)
            {
                if (Work.Dependency == null) throw new ArgumentException("A circuit breaker guards a dependency: give one.", "Breaker");
                Work.Breaker.Validate();
            }
        }

        private void ValidateForwarding()
        {
            if (!string.IsNullOrEmpty(Forward.GroupIdField) && string.IsNullOrEmpty(Forward.QueueUrl))
                throw new ArgumentException("ForwardGroupIdField names the group of forwarded messages: give ForwardQueueUrl.", "ForwardGroupIdField");
            if (string.IsNullOrEmpty(Forward.QueueUrl)) return;
            var forwardIsFifo = Environments.QueueAddress.IsFifo(Forward.QueueUrl!);
            if (forwardIsFifo && string.IsNullOrEmpty(Forward.GroupIdField))
                throw new ArgumentException("Forwarding to a FIFO queue needs a message group: give ForwardGroupIdField, the output field that holds it.", "ForwardGroupIdField");
            if (!forwardIsFifo && !string.IsNullOrEmpty(Forward.GroupIdField))
                throw new ArgumentException("ForwardGroupIdField names a FIFO message group, but the forward queue is a standard one (its name does not end in .fifo).", "ForwardGroupIdField");
            if (string.Equals(Forward.QueueUrl, QueueUrl, StringComparison.Ordinal))
                throw new ArgumentException("ForwardQueueUrl is the queue being consumed: every output would come back to be handled again, without end.", "ForwardQueueUrl");
        }

        private void ValidateBatch()
        {
            if (Batch.Size is int size)
            {
                if (size < 1 || size > SqsLimits.MaxBatchEntries)
                    throw new ArgumentOutOfRangeException("BatchSize", size, "BatchSize must be between 1 and 10.");
                if (Receive.MaxMessages > 1)
                    throw new ArgumentException("BatchSize sets how many messages each receive asks for: leave MaxMessages out.", "MaxMessages");
                if (Receive.HeartbeatSeconds != null)
                    throw new ArgumentException("An event source mapping does not extend visibility: HeartbeatSeconds cannot be used with BatchSize.", "HeartbeatSeconds");
            }
            if (double.IsNaN(Batch.WindowSeconds) || Batch.WindowSeconds < 0 || Batch.WindowSeconds > 300)
                throw new ArgumentOutOfRangeException("BatchWindowSeconds", Batch.WindowSeconds, "BatchWindowSeconds must be between 0 and 300.");
            if (Batch.WindowSeconds > 0 && Batch.Size == null)
                throw new ArgumentException("BatchWindowSeconds is how long a batch is gathered: give BatchSize.", "BatchWindowSeconds");
        }

        /// <summary>A day: the longest outage budget.</summary>
        public const double MaxOutageLimit = 86_400;

        private static void NonNegative(double value, string name)
        {
            if (value < 0 || double.IsNaN(value) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(name, value, name + " must be 0 or more seconds.");
        }

        /// <summary>A copy whose groups are copies too: a consumer's options do not change under it.</summary>
        public ConsumerOptions Clone()
        {
            var clone = (ConsumerOptions)MemberwiseClone();
            clone.Receive = Receive.Clone();
            clone.Chaos = Chaos.Clone();
            clone.Work = Work.Clone();
            clone.Ledger = Ledger.Clone();
            clone.Forward = Forward.Clone();
            clone.Batch = Batch.Clone();
            return clone;
        }
    }
}

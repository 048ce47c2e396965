using System.Collections;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// The reference consumer's configuration by environment variables (the "seeds": the reference
    /// projects whose consumer this one reproduces, not the random seed), so the same consumer runs
    /// in a container (ECS task definition) configured the way they configure theirs.
    /// Start-DemoConsumer -FromEnvironmentVariables reads them.
    /// </summary>
    public static class ReferenceConsumerVariables
    {
        public const string QueueUrl = "QUEUE_URL";
        public const string WaitTimeSeconds = "WAIT_TIME_SECONDS";
        public const string MaxMessages = "MAX_MESSAGES";
        public const string SleepMinSeconds = "SLEEP_MIN_SECONDS";
        public const string SleepMaxSeconds = "SLEEP_MAX_SECONDS";
        public const string LongSleepSeconds = "LONG_SLEEP_SECONDS";
        public const string LongSleepEvery = "LONG_SLEEP_EVERY";
        public const string CrashRate = "CRASH_RATE";
        public const string CrashAfterReceive = "CRASH_AFTER_RECEIVE";
        public const string CrashAfterSideEffect = "CRASH_AFTER_SIDE_EFFECT";
        public const string IdempotencyCacheSize = "IDEMPOTENCY_CACHE_SIZE";
        public const string MessageLimit = "MESSAGE_LIMIT";
        public const string IdleTimeoutSeconds = "IDLE_TIMEOUT_SECONDS";
        public const string RejectPayloadMarker = "REJECT_PAYLOAD_MARKER";
        public const string MessageStatusTable = "MESSAGE_STATUS_TABLE";
        public const string MessageSideEffectsTable = "MESSAGE_SIDE_EFFECTS_TABLE";
        public const string SideEffectDelaySeconds = "SIDE_EFFECT_DELAY_SECONDS";
        public const string BusinessIdempotencyField = "BUSINESS_IDEMPOTENCY_FIELD";
        public const string LogLevel = "LOG_LEVEL";
        /// <summary>Whole seconds between visibility extensions of the message in hand; empty or absent: no heartbeat.</summary>
        public const string HeartbeatSeconds = "HEARTBEAT_SECONDS";
        /// <summary>Whole seconds after its SentTimestamp from which a message is stale (deleted unapplied); empty or absent: never.</summary>
        public const string StaleAfterSeconds = "STALE_AFTER_SECONDS";
        /// <summary>Seconds of the first retry backoff of a rejected message (doubling per receive); empty or absent: no backoff.</summary>
        public const string BackoffBaseSeconds = "BACKOFF_BASE_SECONDS";
        /// <summary>Whole seconds the retry backoff never exceeds.</summary>
        public const string BackoffMaxSeconds = "BACKOFF_MAX_SECONDS";

        /// <summary>The seeds' file of each side effect's SIDE_EFFECT_LOG_FIELD value, one line each; empty or absent: none.</summary>
        public const string SideEffectLogPath = "SIDE_EFFECT_LOG_PATH";
        /// <summary>The body field SIDE_EFFECT_LOG_PATH logs (the seeds' default: sequence).</summary>
        public const string SideEffectLogField = "SIDE_EFFECT_LOG_FIELD";
        /// <summary>A flag: apply an entity's version only when newer than the stored one, in the files below.</summary>
        public const string VersioningEnabled = "VERSIONING_ENABLED";
        /// <summary>The JSON file of entity id to applied version.</summary>
        public const string VersionStatePath = "VERSION_STATE_PATH";
        /// <summary>The file of each applied version, one line each.</summary>
        public const string VersionLogPath = "VERSION_LOG_PATH";
        /// <summary>The file of each version seen, applied or not, one line each; optional.</summary>
        public const string VersionSeenLogPath = "VERSION_SEEN_LOG_PATH";
        /// <summary>
        /// The entity-versions table (key entity_id, the applied version in the number attribute version): with
        /// VERSIONING_ENABLED a consumer applies a version only when newer than the stored one, by a conditional write.
        /// </summary>
        public const string EntityVersionsTable = "ENTITY_VERSIONS_TABLE";
        /// <summary>
        /// The ledger's ordered effect log (key log, number sort key sequence): where SIDE_EFFECT_LOG_FIELD's values go when
        /// SIDE_EFFECT_LOG_PATH is not given, and what VERSIONING_ENABLED in the tables writes beside the versions table.
        /// </summary>
        public const string EffectLogTable = "EFFECT_LOG_TABLE";
        /// <summary>The body field of the version (the seeds' default: version).</summary>
        public const string VersionKey = "VERSION_KEY";
        /// <summary>The body field of the entity id (the seeds' default: entity_id).</summary>
        public const string EntityKey = "ENTITY_KEY";

        /// <summary>The seeds' defaults where they differ from the consumer's: a 10 s long poll, a cache of 1000 ids, no reject marker.</summary>
        public const int DefaultWaitTimeSeconds = 10;
        public const int DefaultIdempotencyCacheSize = 1000;
        public const string DefaultSideEffectLogField = "sequence";

        /// <summary>
        /// Options from the variables present, each read by its row of <see cref="ConsumerOptionTable"/> (with
        /// its rule for an empty value); absent ones take the seeds' defaults. A malformed value throws naming the variable.
        /// </summary>
        public static ConsumerOptions Read(IDictionary variables)
        {
            var options = new ConsumerOptions();
            options.Receive.WaitTimeSeconds = DefaultWaitTimeSeconds;
            options.Work.IdempotencyCacheSize = DefaultIdempotencyCacheSize;
            options.Work.RejectPayloadMarker = null;
            foreach (var option in ConsumerOptionTable.Rows) option.ReadVariable(variables, options);
            // A field without a file (or the ledger's effect log) is refused by Validate, not dropped.
            if (options.Ledger.SideEffectLogField == null && options.Ledger.SideEffectLogPath != null)
                options.Ledger.SideEffectLogField = DefaultSideEffectLogField;
            return options;
        }
    }
}

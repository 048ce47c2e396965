using System;
using System.Collections;
using System.Globalization;

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
        /// <summary>The body field of the version (the seeds' default: version).</summary>
        public const string VersionKey = "VERSION_KEY";
        /// <summary>The body field of the entity id (the seeds' default: entity_id).</summary>
        public const string EntityKey = "ENTITY_KEY";

        /// <summary>The seeds' defaults where they differ from the consumer's: a 10 s long poll, a cache of 1000 ids, no reject marker.</summary>
        public const int DefaultWaitTimeSeconds = 10;
        public const int DefaultIdempotencyCacheSize = 1000;
        public const string DefaultSideEffectLogField = "sequence";

        /// <summary>Options from the variables present; absent ones take the seeds' defaults. A malformed value throws naming the variable.</summary>
        public static ConsumerOptions Read(IDictionary variables)
        {
            string? Get(string name) => variables.Contains(name) ? variables[name] as string : null;
            string? NonEmpty(string name) => Get(name) is string value && value.Trim().Length > 0 ? value.Trim() : null;
            var options = new ConsumerOptions
            {
                WaitTimeSeconds = DefaultWaitTimeSeconds,
                IdempotencyCacheSize = DefaultIdempotencyCacheSize,
                RejectPayloadMarker = null,
            };
            options.QueueUrl = Get(QueueUrl) ?? "";
            if (Get(WaitTimeSeconds) is string wait) options.WaitTimeSeconds = Int(WaitTimeSeconds, wait);
            if (Get(MaxMessages) is string max) options.MaxMessages = Int(MaxMessages, max);
            if (Get(SleepMinSeconds) is string sleepMin) options.SleepMinSeconds = Number(SleepMinSeconds, sleepMin);
            if (Get(SleepMaxSeconds) is string sleepMax) options.SleepMaxSeconds = Number(SleepMaxSeconds, sleepMax);
            if (Get(LongSleepSeconds) is string longSleep) options.LongSleepSeconds = Number(LongSleepSeconds, longSleep);
            if (Get(LongSleepEvery) is string every) options.LongSleepEvery = Int(LongSleepEvery, every);
            if (Get(CrashRate) is string rate) options.CrashRate = Number(CrashRate, rate);
            if (Get(CrashAfterReceive) is string afterReceive) options.CrashAfterReceive = Flag(CrashAfterReceive, afterReceive);
            if (Get(CrashAfterSideEffect) is string afterEffect) options.CrashAfterSideEffect = Flag(CrashAfterSideEffect, afterEffect);
            if (Get(IdempotencyCacheSize) is string cache) options.IdempotencyCacheSize = Int(IdempotencyCacheSize, cache);
            if (Get(MessageLimit) is string limit) options.MessageLimit = Int(MessageLimit, limit);
            if (Get(IdleTimeoutSeconds) is string idle) options.IdleTimeoutSeconds = Number(IdleTimeoutSeconds, idle);
            if (variables.Contains(RejectPayloadMarker)) options.RejectPayloadMarker = Get(RejectPayloadMarker);
            if (Get(MessageStatusTable) is string status && status.Length > 0) options.StatusTable = status;
            if (Get(MessageSideEffectsTable) is string effects && effects.Length > 0) options.SideEffectsTable = effects;
            if (Get(SideEffectDelaySeconds) is string delay) options.SideEffectDelaySeconds = Number(SideEffectDelaySeconds, delay);
            if (Get(BusinessIdempotencyField) is string field && field.Length > 0) options.BusinessIdempotencyField = field;
            if (Get(LogLevel) is string logLevel && logLevel.Length > 0) options.LogLevel = Level(logLevel);
            if (Get(HeartbeatSeconds) is string heartbeat && heartbeat.Trim().Length > 0) options.HeartbeatSeconds = Int(HeartbeatSeconds, heartbeat);
            if (Get(StaleAfterSeconds) is string stale && stale.Trim().Length > 0) options.StaleAfterSeconds = Int(StaleAfterSeconds, stale);
            if (Get(BackoffBaseSeconds) is string backoff && backoff.Trim().Length > 0) options.BackoffBaseSeconds = Number(BackoffBaseSeconds, backoff);
            if (Get(BackoffMaxSeconds) is string backoffMax && backoffMax.Trim().Length > 0) options.BackoffMaxSeconds = Int(BackoffMaxSeconds, backoffMax);
            ReadFiles(options, NonEmpty);
            return options;
        }

        /// <summary>The seeds' file outputs: the side-effect log and versioning's state and logs.</summary>
        private static void ReadFiles(ConsumerOptions options, Func<string, string?> nonEmpty)
        {
            // A field without a file (or the ledger's effect log) is refused by Validate, not dropped.
            options.SideEffectLogPath = nonEmpty(SideEffectLogPath);
            options.SideEffectLogField = nonEmpty(SideEffectLogField) ?? (options.SideEffectLogPath != null ? DefaultSideEffectLogField : null);
            if (nonEmpty(VersioningEnabled) is string versioning) options.Versioning = Flag(VersioningEnabled, versioning);
            options.VersionStatePath = nonEmpty(VersionStatePath);
            options.VersionLogPath = nonEmpty(VersionLogPath);
            options.VersionSeenLogPath = nonEmpty(VersionSeenLogPath);
            if (nonEmpty(VersionKey) is string versionKey) options.VersionKey = versionKey;
            if (nonEmpty(EntityKey) is string entityKey) options.EntityKey = entityKey;
        }

        private static ConsumerLogLevel Level(string value)
        {
            switch (value.Trim().ToUpperInvariant())
            {
                case "DEBUG": return ConsumerLogLevel.Debug;
                case "INFO": return ConsumerLogLevel.Info;
                case "WARN": case "WARNING": return ConsumerLogLevel.Warning;
                case "ERROR": case "CRITICAL": return ConsumerLogLevel.Error;
                default: throw new ArgumentException($"{LogLevel}='{value}' is not a level (DEBUG, INFO, WARNING, ERROR).", LogLevel);
            }
        }

        private static int Int(string name, string value) =>
            int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ArgumentException($"{name}='{value}' is not a whole number.", name);

        private static double Number(string name, string value) =>
            double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ArgumentException($"{name}='{value}' is not a number.", name);

        private static bool Flag(string name, string value)
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case "1": case "true": case "yes": case "on": return true;
                case "0": case "false": case "no": case "off": case "": return false;
                default: throw new ArgumentException($"{name}='{value}' is not a flag (true/false, 1/0).", name);
            }
        }
    }
}

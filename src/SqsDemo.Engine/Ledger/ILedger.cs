using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Ledger
{
    /// <summary>
    /// The idempotency ledger: the two-table pattern. A status table is our own
    /// bookkeeping (message id -> STARTED/COMPLETED, attempts, owner); a side-effects table
    /// stands in for an external system (a payment provider) whose writes must happen at
    /// most once. Every write is conditional, as DynamoDB's would be, so concurrent
    /// consumers cannot both win.
    /// </summary>
    public interface ILedger
    {
        /// <summary>Creates the tables if they do not exist (idempotent).</summary>
        Task CreateTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default);

        Task DeleteTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default);

        /// <summary>
        /// Empties existing tables (every item, the effect log's sequence counter too), so that tables
        /// kept between runs (Terraform's) start each run as new ones would. A missing table is an error.
        /// </summary>
        Task ClearTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default);

        /// <summary>
        /// Of <paramref name="tableNames"/>, those that do not exist (DescribeTable): what a consumer checks
        /// before its first receive, so a missing table faults it without taking a message.
        /// </summary>
        Task<IReadOnlyList<string>> MissingTablesAsync(IEnumerable<string> tableNames, CancellationToken cancellationToken = default);

        /// <summary>
        /// Marks a message STARTED by <paramref name="ownerToken"/>: a new row (attempts 1), or,
        /// when a STARTED row exists, a takeover that increments attempts and replaces the
        /// owner. A STARTED row without an owner token (a consumer of the seeds' kind writes none)
        /// is a foreign owner's and is taken over the same way. A COMPLETED row is left alone and reported.
        /// </summary>
        Task<StartOutcome> TryStartAsync(string statusTable, string messageId, string payloadDigest, string ownerToken, CancellationToken cancellationToken = default);

        /// <summary>
        /// Marks COMPLETED, only while <paramref name="ownerToken"/> still owns the row: a
        /// consumer whose lock was taken over cannot overwrite its successor's work.
        /// </summary>
        Task<bool> TryCompleteAsync(string statusTable, string messageId, string ownerToken, CancellationToken cancellationToken = default);

        /// <summary>
        /// Performs the side effect: a put that succeeds only if the key does not exist.
        /// When it exists, the existing record comes back (as ReturnValuesOnConditionCheckFailure=ALL_OLD gives it).
        /// </summary>
        Task<SideEffectOutcome> TryPerformSideEffectAsync(string sideEffectsTable, string key, string payloadDigest, string messageId, CancellationToken cancellationToken = default);

        Task<StatusRecord?> GetStatusAsync(string statusTable, string messageId, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<StatusRecord>> ListStatusAsync(string statusTable, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<SideEffectRecord>> ListSideEffectsAsync(string sideEffectsTable, CancellationToken cancellationToken = default);

        /// <summary>Appends to the ordered effect log; the ledger assigns the next sequence number atomically.</summary>
        Task<EffectLogEntry> AppendEffectLogAsync(string effectLogTable, EffectLogEntry entry, CancellationToken cancellationToken = default);

        /// <summary>The effect log in append order.</summary>
        Task<IReadOnlyList<EffectLogEntry>> ReadEffectLogAsync(string effectLogTable, CancellationToken cancellationToken = default);

        /// <summary>
        /// Stores <paramref name="version"/> as the entity's state if it is newer than the stored
        /// one (a conditional update: attribute_not_exists or version &lt; :v); with
        /// <paramref name="lastWriteWins"/>, unconditionally, as a naive consumer would. The
        /// "applied" or "ignored" line goes to the effect log in the same transaction, so the
        /// log's order is the order the versions were stored in.
        /// </summary>
        Task<VersionOutcome> ApplyVersionAsync(string versionsTable, string effectLogTable, EffectLogEntry logEntry, long version, bool lastWriteWins, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<EntityVersion>> ListEntityVersionsAsync(string versionsTable, CancellationToken cancellationToken = default);

        /// <summary>
        /// Stores a message's result unless one is stored already: put-if-absent keyed by message id (DynamoDB: PutItem
        /// with attribute_not_exists(message_id), ReturnValuesOnConditionCheckFailure=ALL_OLD). The first result
        /// stays, so a redelivered message cannot replace what its first processing answered. StoredAt is the
        /// ledger's time of the put, not the caller's.
        /// </summary>
        Task<ResultOutcome> PutResultAsync(string resultsTable, ResultRecord record, CancellationToken cancellationToken = default);

        /// <summary>The message's stored result; null when none is stored.</summary>
        Task<ResultRecord?> GetResultAsync(string resultsTable, string messageId, CancellationToken cancellationToken = default);

        /// <summary>Every stored result, by message id.</summary>
        Task<IReadOnlyList<ResultRecord>> ListResultsAsync(string resultsTable, CancellationToken cancellationToken = default);
    }

    /// <summary>One row of the results table: what processing a message produced, and who stored it.</summary>
    public sealed class ResultRecord
    {
        public string MessageId { get; set; } = "";
        /// <summary>The result as JSON text.</summary>
        public string Result { get; set; } = "";
        public string ConsumerId { get; set; } = "";
        public DateTimeOffset StoredAt { get; set; }

        internal ResultRecord Clone() => (ResultRecord)MemberwiseClone();

        /// <summary>Refuses a record without a message id: DynamoDB refuses an empty key, and the embedded ledger does too.</summary>
        internal static void RequireKey(ResultRecord record)
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            if (string.IsNullOrEmpty(record.MessageId)) throw new ArgumentException("A result needs the id of its message.", nameof(record));
        }
    }

    public sealed class ResultOutcome
    {
        public ResultOutcome(bool stored, ResultRecord record)
        {
            Stored = stored;
            Record = record;
        }

        /// <summary>True when this call stored the result; false when a result already existed.</summary>
        public bool Stored { get; }
        /// <summary>The result now in the table (the existing one when not stored).</summary>
        public ResultRecord Record { get; }
    }

    /// <summary>One line of the ordered effect log.</summary>
    public sealed class EffectLogEntry
    {
        public long Sequence { get; set; }
        /// <summary>What the line records: "effect" (a logged payload field), "seen", "applied" or "ignored" (versions).</summary>
        public string Kind { get; set; } = "effect";
        public string Value { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string ConsumerId { get; set; } = "";
        public DateTimeOffset Time { get; set; }
        /// <summary>For versions: the entity.</summary>
        public string? EntityId { get; set; }
    }

    /// <summary>An entity's stored state: its newest applied version.</summary>
    public sealed class EntityVersion
    {
        public string EntityId { get; set; } = "";
        public long Version { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
    }

    public sealed class VersionOutcome
    {
        public VersionOutcome(bool applied, long? previous)
        {
            Applied = applied;
            Previous = previous;
        }

        /// <summary>True when the version was stored.</summary>
        public bool Applied { get; }
        /// <summary>The version stored before, if any.</summary>
        public long? Previous { get; }
    }

    /// <summary>The table names of one environment's ledger.</summary>
    public sealed class LedgerTables
    {
        public LedgerTables(string statusTable, string sideEffectsTable, string? effectLogTable = null, string? versionsTable = null, string? resultsTable = null)
        {
            StatusTable = statusTable;
            SideEffectsTable = sideEffectsTable;
            EffectLogTable = effectLogTable;
            VersionsTable = versionsTable;
            ResultsTable = resultsTable;
        }

        public string StatusTable { get; }
        public string SideEffectsTable { get; }
        /// <summary>The ordered effect log (sequence logs, versions seen and applied).</summary>
        public string? EffectLogTable { get; }
        /// <summary>Entity versions: each entity's newest applied version.</summary>
        public string? VersionsTable { get; }
        /// <summary>Results: what processing each message produced, keyed by message id.</summary>
        public string? ResultsTable { get; }

        public static LedgerTables For(string environmentName) =>
            new LedgerTables(environmentName + "-status", environmentName + "-side-effects", environmentName + "-effect-log", environmentName + "-entity-versions",
                environmentName + "-results");
    }

    public enum MessageStatus
    {
        STARTED,
        COMPLETED,
    }

    /// <summary>One row of the status table.</summary>
    public sealed class StatusRecord
    {
        public string MessageId { get; set; } = "";
        public MessageStatus Status { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset LastUpdate { get; set; }
        public string PayloadDigest { get; set; } = "";
        public string OwnerToken { get; set; } = "";

        public StatusRecord Clone() => (StatusRecord)MemberwiseClone();
    }

    /// <summary>One row of the side-effects table: what the "external system" did, and for which message.</summary>
    public sealed class SideEffectRecord
    {
        public string Key { get; set; } = "";
        public DateTimeOffset PerformedAt { get; set; }
        public string PayloadDigest { get; set; } = "";
        public string MessageId { get; set; } = "";
    }

    public enum StartDisposition
    {
        /// <summary>No row existed: this is the first attempt.</summary>
        Started,
        /// <summary>A STARTED row existed (a crashed or slow predecessor): taken over, attempts incremented.</summary>
        TakenOver,
        /// <summary>The message was already COMPLETED: nothing to do but delete it.</summary>
        AlreadyCompleted,
    }

    public sealed class StartOutcome
    {
        public StartOutcome(StartDisposition disposition, StatusRecord record)
        {
            Disposition = disposition;
            Record = record;
        }

        public StartDisposition Disposition { get; }
        public StatusRecord Record { get; }
    }

    public sealed class SideEffectOutcome
    {
        public SideEffectOutcome(bool performed, SideEffectRecord record)
        {
            Performed = performed;
            Record = record;
        }

        /// <summary>True when this call performed it; false when it already existed.</summary>
        public bool Performed { get; }
        /// <summary>The record now in the table (the existing one when not performed).</summary>
        public SideEffectRecord Record { get; }
    }

    /// <summary>A ledger error in DynamoDB's vocabulary (ResourceNotFoundException for a missing table).</summary>
    public sealed class LedgerException : Exception
    {
        public LedgerException(string errorCode, string message, Exception? inner = null) : base(message, inner) => ErrorCode = errorCode;

        public string ErrorCode { get; }

        /// <summary>The DynamoDB operation that failed (e.g. PutItem), where the ledger knows it: what an outage journals.</summary>
        public string? Operation { get; internal set; }
    }
}

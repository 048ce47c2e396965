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
        /// Marks a message STARTED by <paramref name="ownerToken"/>: a new row (attempts 1), or,
        /// when a STARTED row exists, a takeover that increments attempts and replaces the
        /// owner. A COMPLETED row is left alone and reported.
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
    }

    /// <summary>The table names of one environment's ledger.</summary>
    public sealed class LedgerTables
    {
        public LedgerTables(string statusTable, string sideEffectsTable)
        {
            StatusTable = statusTable;
            SideEffectsTable = sideEffectsTable;
        }

        public string StatusTable { get; }
        public string SideEffectsTable { get; }

        public static LedgerTables For(string environmentName) =>
            new LedgerTables(environmentName + "-status", environmentName + "-side-effects");
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
    }
}

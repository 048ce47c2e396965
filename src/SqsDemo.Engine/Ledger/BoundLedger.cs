using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Ledger
{
    /// <summary>
    /// A ledger bound to one consumer's tables once, so that no call carries a table name: the
    /// status and side-effects tables of the two-table pattern, the ordered effect log, entity
    /// versions and results. A table the consumer was not given is null; its calls are not made.
    /// </summary>
    public sealed class BoundLedger
    {
        private readonly ILedger _ledger;

        public BoundLedger(ILedger ledger, string? statusTable, string? sideEffectsTable, string? effectLogTable, string? versionsTable, string? resultsTable)
        {
            _ledger = ledger;
            StatusTable = statusTable;
            SideEffectsTable = sideEffectsTable;
            EffectLogTable = effectLogTable;
            VersionsTable = versionsTable;
            ResultsTable = resultsTable;
        }

        public string? StatusTable { get; }
        public string? SideEffectsTable { get; }
        public string? EffectLogTable { get; }
        public string? VersionsTable { get; }
        public string? ResultsTable { get; }

        public Task<StartOutcome> TryStartAsync(string messageId, string payloadDigest, string ownerToken, CancellationToken cancellationToken = default) =>
            _ledger.TryStartAsync(StatusTable!, messageId, payloadDigest, ownerToken, cancellationToken);

        public Task<bool> TryCompleteAsync(string messageId, string ownerToken, CancellationToken cancellationToken = default) =>
            _ledger.TryCompleteAsync(StatusTable!, messageId, ownerToken, cancellationToken);

        public Task<SideEffectOutcome> TryPerformSideEffectAsync(string key, string payloadDigest, string messageId, CancellationToken cancellationToken = default) =>
            _ledger.TryPerformSideEffectAsync(SideEffectsTable!, key, payloadDigest, messageId, cancellationToken);

        public Task<EffectLogEntry> AppendEffectLogAsync(EffectLogEntry entry, CancellationToken cancellationToken = default) =>
            _ledger.AppendEffectLogAsync(EffectLogTable!, entry, cancellationToken);

        public Task<VersionOutcome> ApplyVersionAsync(EffectLogEntry logEntry, long version, bool lastWriteWins, CancellationToken cancellationToken = default) =>
            _ledger.ApplyVersionAsync(VersionsTable!, EffectLogTable!, logEntry, version, lastWriteWins, cancellationToken);

        public Task<ResultOutcome> PutResultAsync(ResultRecord record, CancellationToken cancellationToken = default) =>
            _ledger.PutResultAsync(ResultsTable!, record, cancellationToken);
    }
}

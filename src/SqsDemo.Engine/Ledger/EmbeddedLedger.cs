using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Ledger
{
    /// <summary>
    /// The ledger in memory, with the conditional-write semantics the DynamoDB adapter gets
    /// from DynamoDB: each table is guarded by one lock, so a condition and its write are atomic.
    /// </summary>
    public sealed class EmbeddedLedger : ILedger
    {
        private readonly TimeProvider _clock;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Dictionary<string, StatusRecord>> _statusTables = new Dictionary<string, Dictionary<string, StatusRecord>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, SideEffectRecord>> _sideEffectTables = new Dictionary<string, Dictionary<string, SideEffectRecord>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<EffectLogEntry>> _effectLogs = new Dictionary<string, List<EffectLogEntry>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, EntityVersion>> _versionTables = new Dictionary<string, Dictionary<string, EntityVersion>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, ResultRecord>> _resultTables = new Dictionary<string, Dictionary<string, ResultRecord>>(StringComparer.Ordinal);

        public EmbeddedLedger(TimeProvider clock) => _clock = clock;

        public Task CreateTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                if (!_statusTables.ContainsKey(tables.StatusTable)) _statusTables[tables.StatusTable] = new Dictionary<string, StatusRecord>(StringComparer.Ordinal);
                if (!_sideEffectTables.ContainsKey(tables.SideEffectsTable)) _sideEffectTables[tables.SideEffectsTable] = new Dictionary<string, SideEffectRecord>(StringComparer.Ordinal);
                if (tables.EffectLogTable != null && !_effectLogs.ContainsKey(tables.EffectLogTable)) _effectLogs[tables.EffectLogTable] = new List<EffectLogEntry>();
                if (tables.VersionsTable != null && !_versionTables.ContainsKey(tables.VersionsTable)) _versionTables[tables.VersionsTable] = new Dictionary<string, EntityVersion>(StringComparer.Ordinal);
                if (tables.ResultsTable != null && !_resultTables.ContainsKey(tables.ResultsTable)) _resultTables[tables.ResultsTable] = new Dictionary<string, ResultRecord>(StringComparer.Ordinal);
            }
            return Task.CompletedTask;
        }

        public Task DeleteTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _statusTables.Remove(tables.StatusTable);
                _sideEffectTables.Remove(tables.SideEffectsTable);
                if (tables.EffectLogTable != null) _effectLogs.Remove(tables.EffectLogTable);
                if (tables.VersionsTable != null) _versionTables.Remove(tables.VersionsTable);
                if (tables.ResultsTable != null) _resultTables.Remove(tables.ResultsTable);
            }
            return Task.CompletedTask;
        }

        public Task ClearTablesAsync(LedgerTables tables, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                Status(tables.StatusTable).Clear();
                SideEffects(tables.SideEffectsTable).Clear();
                if (tables.EffectLogTable != null) EffectLog(tables.EffectLogTable).Clear();
                if (tables.VersionsTable != null) Versions(tables.VersionsTable).Clear();
                if (tables.ResultsTable != null) Results(tables.ResultsTable).Clear();
            }
            return Task.CompletedTask;
        }

        public Task<StartOutcome> TryStartAsync(string statusTable, string messageId, string payloadDigest, string ownerToken, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                var table = Status(statusTable);
                var now = _clock.GetUtcNow();
                if (!table.TryGetValue(messageId, out var row))
                {
                    row = new StatusRecord { MessageId = messageId, Status = MessageStatus.STARTED, Attempts = 1, LastUpdate = now, PayloadDigest = payloadDigest, OwnerToken = ownerToken };
                    table[messageId] = row;
                    return Task.FromResult(new StartOutcome(StartDisposition.Started, row.Clone()));
                }
                if (row.Status == MessageStatus.COMPLETED)
                    return Task.FromResult(new StartOutcome(StartDisposition.AlreadyCompleted, row.Clone()));
                // Whoever holds it (another handling, or a foreign consumer that writes no owner token): taken over.
                row.Attempts++;
                row.LastUpdate = now;
                row.OwnerToken = ownerToken;
                return Task.FromResult(new StartOutcome(StartDisposition.TakenOver, row.Clone()));
            }
        }

        public Task<bool> TryCompleteAsync(string statusTable, string messageId, string ownerToken, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                var table = Status(statusTable);
                if (!table.TryGetValue(messageId, out var row) || row.Status != MessageStatus.STARTED || row.OwnerToken != ownerToken)
                    return Task.FromResult(false);
                row.Status = MessageStatus.COMPLETED;
                row.LastUpdate = _clock.GetUtcNow();
                return Task.FromResult(true);
            }
        }

        public Task<SideEffectOutcome> TryPerformSideEffectAsync(string sideEffectsTable, string key, string payloadDigest, string messageId, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                var table = SideEffects(sideEffectsTable);
                if (table.TryGetValue(key, out var existing))
                    return Task.FromResult(new SideEffectOutcome(false, existing));
                var record = new SideEffectRecord { Key = key, PerformedAt = _clock.GetUtcNow(), PayloadDigest = payloadDigest, MessageId = messageId };
                table[key] = record;
                return Task.FromResult(new SideEffectOutcome(true, record));
            }
        }

        public Task<StatusRecord?> GetStatusAsync(string statusTable, string messageId, CancellationToken cancellationToken = default)
        {
            lock (_gate)
                return Task.FromResult(Status(statusTable).TryGetValue(messageId, out var row) ? row.Clone() : null);
        }

        public Task<IReadOnlyList<StatusRecord>> ListStatusAsync(string statusTable, CancellationToken cancellationToken = default)
        {
            lock (_gate)
                return Task.FromResult<IReadOnlyList<StatusRecord>>(Status(statusTable).Values.Select(r => r.Clone()).OrderBy(r => r.MessageId, StringComparer.Ordinal).ToArray());
        }

        public Task<IReadOnlyList<SideEffectRecord>> ListSideEffectsAsync(string sideEffectsTable, CancellationToken cancellationToken = default)
        {
            lock (_gate)
                return Task.FromResult<IReadOnlyList<SideEffectRecord>>(SideEffects(sideEffectsTable).Values.OrderBy(r => r.PerformedAt).ThenBy(r => r.Key, StringComparer.Ordinal).ToArray());
        }

        public Task<EffectLogEntry> AppendEffectLogAsync(string effectLogTable, EffectLogEntry entry, CancellationToken cancellationToken = default)
        {
            lock (_gate) return Task.FromResult(AppendUnderLock(effectLogTable, entry));
        }

        private EffectLogEntry AppendUnderLock(string effectLogTable, EffectLogEntry entry)
        {
            {
                if (!_effectLogs.TryGetValue(effectLogTable, out var log)) throw Missing(effectLogTable);
                var stored = new EffectLogEntry
                {
                    Sequence = log.Count + 1,
                    Kind = entry.Kind,
                    Value = entry.Value,
                    MessageId = entry.MessageId,
                    ConsumerId = entry.ConsumerId,
                    EntityId = entry.EntityId,
                    Time = _clock.GetUtcNow(),
                };
                log.Add(stored);
                return stored;
            }
        }

        public Task<IReadOnlyList<EffectLogEntry>> ReadEffectLogAsync(string effectLogTable, CancellationToken cancellationToken = default)
        {
            lock (_gate)
                return Task.FromResult<IReadOnlyList<EffectLogEntry>>(_effectLogs.TryGetValue(effectLogTable, out var log) ? log.ToArray() : throw Missing(effectLogTable));
        }

        public async Task<VersionOutcome> ApplyVersionAsync(string versionsTable, string effectLogTable, EffectLogEntry logEntry, long version, bool lastWriteWins, CancellationToken cancellationToken = default)
        {
            // One lock for the conditional update and its log line: the embedded TransactWriteItems.
            VersionOutcome outcome;
            lock (_gate)
            {
                if (!_versionTables.TryGetValue(versionsTable, out var table)) throw Missing(versionsTable);
                if (!_effectLogs.ContainsKey(effectLogTable)) throw Missing(effectLogTable);
                var entityId = logEntry.EntityId ?? "";
                table.TryGetValue(entityId, out var stored);
                var applied = lastWriteWins || stored == null || stored.Version < version;
                if (applied) table[entityId] = new EntityVersion { EntityId = entityId, Version = version, UpdatedAt = _clock.GetUtcNow() };
                outcome = new VersionOutcome(applied, stored?.Version);
                logEntry.Kind = applied ? "applied" : "ignored";
                AppendUnderLock(effectLogTable, logEntry);
            }
            return await Task.FromResult(outcome).ConfigureAwait(false);
        }

        public Task<IReadOnlyList<EntityVersion>> ListEntityVersionsAsync(string versionsTable, CancellationToken cancellationToken = default)
        {
            lock (_gate)
                return Task.FromResult<IReadOnlyList<EntityVersion>>(_versionTables.TryGetValue(versionsTable, out var table)
                    ? table.Values.OrderBy(v => v.EntityId, StringComparer.Ordinal).ToArray()
                    : throw Missing(versionsTable));
        }

        public Task<ResultOutcome> PutResultAsync(string resultsTable, ResultRecord record, CancellationToken cancellationToken = default)
        {
            ResultRecord.RequireKey(record);
            lock (_gate)
            {
                var table = Results(resultsTable);
                if (table.TryGetValue(record.MessageId, out var existing))
                    return Task.FromResult(new ResultOutcome(false, existing.Clone()));
                var stored = new ResultRecord { MessageId = record.MessageId, Result = record.Result, ConsumerId = record.ConsumerId, StoredAt = _clock.GetUtcNow() };
                table[stored.MessageId] = stored;
                return Task.FromResult(new ResultOutcome(true, stored.Clone()));
            }
        }

        public Task<ResultRecord?> GetResultAsync(string resultsTable, string messageId, CancellationToken cancellationToken = default)
        {
            lock (_gate)
                return Task.FromResult(Results(resultsTable).TryGetValue(messageId, out var stored) ? stored.Clone() : null);
        }

        public Task<IReadOnlyList<ResultRecord>> ListResultsAsync(string resultsTable, CancellationToken cancellationToken = default)
        {
            lock (_gate)
                return Task.FromResult<IReadOnlyList<ResultRecord>>(Results(resultsTable).Values.Select(r => r.Clone()).OrderBy(r => r.MessageId, StringComparer.Ordinal).ToArray());
        }

        private Dictionary<string, StatusRecord> Status(string name) =>
            _statusTables.TryGetValue(name, out var table) ? table : throw Missing(name);

        private Dictionary<string, SideEffectRecord> SideEffects(string name) =>
            _sideEffectTables.TryGetValue(name, out var table) ? table : throw Missing(name);

        private List<EffectLogEntry> EffectLog(string name) =>
            _effectLogs.TryGetValue(name, out var log) ? log : throw Missing(name);

        private Dictionary<string, EntityVersion> Versions(string name) =>
            _versionTables.TryGetValue(name, out var table) ? table : throw Missing(name);

        private Dictionary<string, ResultRecord> Results(string name) =>
            _resultTables.TryGetValue(name, out var table) ? table : throw Missing(name);

        private static LedgerException Missing(string table) =>
            new LedgerException("ResourceNotFoundException", "Requested resource not found: Table: " + table + " not found");
    }
}

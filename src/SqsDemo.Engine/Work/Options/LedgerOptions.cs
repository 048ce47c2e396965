namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// The idempotency ledger's tables and what the consumer records in them as a message takes
    /// effect (side effects, the effect log, entity versions, results), or in the seeds' files instead.
    /// </summary>
    public sealed class LedgerOptions
    {
        /// <summary>The ledger's status table; with <see cref="SideEffectsTable"/> it turns the two-table pattern on.</summary>
        public string? StatusTable { get; set; }
        public string? SideEffectsTable { get; set; }
        /// <summary>The ledger's ordered effect log (for SideEffectLogField and versioning).</summary>
        public string? EffectLogTable { get; set; }
        /// <summary>The ledger's entity-versions table (for versioning).</summary>
        public string? VersionsTable { get; set; }
        /// <summary>The ledger's results table: each handled message's output is stored under its id (needs a handler).</summary>
        public string? ResultsTable { get; set; }
        /// <summary>How long the side effect takes (scenario seconds) before its conditional write.</summary>
        public double SideEffectDelaySeconds { get; set; }
        /// <summary>Key side effects by this body field (biz:&lt;field&gt;:&lt;value&gt;) instead of the message id.</summary>
        public string? BusinessIdempotencyField { get; set; }
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

        /// <summary>True when both ledger tables are given.</summary>
        public bool UsesLedger => !string.IsNullOrEmpty(StatusTable) && !string.IsNullOrEmpty(SideEffectsTable);

        internal LedgerOptions Clone() => (LedgerOptions)MemberwiseClone();
    }
}

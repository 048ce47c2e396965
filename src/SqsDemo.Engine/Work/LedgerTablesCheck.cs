using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// The ledger tables a consumer's options will write, checked before its first receive: a missing
    /// table found after a receive would fault the consumer with a message taken (hidden for its
    /// visibility timeout, a receive of its maxReceiveCount spent).
    /// </summary>
    public static class LedgerTablesCheck
    {
        /// <summary>The tables the options use: the two-table pattern's, the effect log and versions for versioning or a logged field, the results table.</summary>
        public static IReadOnlyList<string> TablesUsed(ConsumerOptions options)
        {
            var l = options.Ledger;
            var tables = new List<string?>();
            if (l.UsesLedger) tables.AddRange(new[] { l.StatusTable, l.SideEffectsTable });
            var versionsInTables = l.Versioning && !l.UsesVersionFiles;
            if (versionsInTables || (!string.IsNullOrEmpty(l.SideEffectLogField) && string.IsNullOrEmpty(l.SideEffectLogPath))) tables.Add(l.EffectLogTable);
            if (versionsInTables) tables.Add(l.VersionsTable);
            tables.Add(l.ResultsTable);
            return tables.Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct(StringComparer.Ordinal).ToArray();
        }

        /// <summary>Throws <see cref="LedgerTablesMissingException"/> naming every table the options use that does not exist.</summary>
        public static async Task EnsureExistAsync(DemoRun backend, ConsumerOptions options, CancellationToken cancellationToken = default)
        {
            var used = TablesUsed(options);
            if (used.Count == 0) return;
            var missing = await backend.Ledger.MissingTablesAsync(used, cancellationToken).ConfigureAwait(false);
            if (missing.Count > 0) throw new LedgerTablesMissingException(missing);
        }
    }

    /// <summary>A consumer's ledger tables do not exist: nothing was received.</summary>
    public sealed class LedgerTablesMissingException : ArgumentException
    {
        public LedgerTablesMissingException(IReadOnlyList<string> missing)
            : base("The ledger table(s) " + string.Join(", ", missing) + " do not exist, so the consumer did not start (no message was received). "
                + "Make the environment with New-DemoEnvironment -Ledger, or leave -Ledger (and the table parameters) out.")
        {
            MissingTables = missing;
        }

        public IReadOnlyList<string> MissingTables { get; }
    }
}

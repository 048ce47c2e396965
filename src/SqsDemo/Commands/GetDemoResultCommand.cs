using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Ledger;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the ledger's results table: the result stored for each message id, by which consumer, and when.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoResult")]
    [OutputType(typeof(ResultRecord))]
    public sealed class GetDemoResultCommand : DemoBackendCmdlet
    {
        /// <summary>
        /// The results table; an environment made with -Ledger binds its own. Not mandatory, so that an
        /// environment without one reaches the cmdlet and gets ResultsTableNotSpecified, not a binding error.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ResultsTable { get; set; }

        /// <summary>Only these message ids, read one by one; an id without a result writes nothing.</summary>
        [Parameter(Position = 0)]
        public string[]? MessageId { get; set; }

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(ResultsTable))
            {
                WriteError(ErrorRecords.Create(ErrorIds.ResultsTableNotSpecified, ErrorCategory.InvalidArgument, null,
                    "No results table to read: the environment has no ledger (or Terraform's names no results_table), and no -ResultsTable was given.",
                    "Pipe an environment made with New-DemoEnvironment -Ledger, or give -ResultsTable."));
                return;
            }
            var table = ResultsTable!;
            if (MessageId == null)
            {
                WriteLedgerRows(table, (ledger, ct) => ledger.ListResultsAsync(table, ct), _ => true, Handlers.PowerShellJson.WithData);
                return;
            }
            var ids = MessageId.Distinct(StringComparer.Ordinal).ToArray();
            WriteLedgerRows(table, async (ledger, ct) =>
            {
                var found = new List<ResultRecord>();
                foreach (var id in ids)
                    if (await ledger.GetResultAsync(table, id, ct).ConfigureAwait(false) is ResultRecord result) found.Add(result);
                return (IReadOnlyList<ResultRecord>)found;
            }, _ => true, Handlers.PowerShellJson.WithData);
        }
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Ledger;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the ledger's side-effects table: what the external system did, when, and for which message.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoSideEffect", DefaultParameterSetName = RowsSet)]
    [OutputType(typeof(SideEffectRecord), ParameterSetName = new[] { RowsSet })]
    [OutputType(typeof(SideEffectWrite), ParameterSetName = new[] { WritesSet })]
    public sealed class GetDemoSideEffectCommand : DemoBackendCmdlet
    {
        /// <summary>The side-effects table; an environment piped in binds its own.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string SideEffectsTable { get; set; } = "";

        /// <summary>Only these keys (a message id, or biz:&lt;field&gt;:&lt;value&gt;).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Key { get; set; }

        private const string RowsSet = "Rows";
        private const string WritesSet = "Writes";

        /// <summary>
        /// Every write of a side effect instead of the table's rows, from the journal: SqsDemo's consumer's and a consumer
        /// process's alike, an unconditional overwrite of an existing row included; a key written twice is a side effect done twice.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = WritesSet)]
        public SwitchParameter Writes { get; set; }

        /// <summary>With -Writes: the queue whose consumers' writes count (an environment piped in binds its own).</summary>
        [Parameter(ParameterSetName = WritesSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        protected override string? TargetQueueUrl => QueueUrl;

        protected override void ProcessRecord()
        {
            var patterns = Key?.Select(k => new WildcardPattern(k, WildcardOptions.IgnoreCase)).ToArray();
            if (Writes)
            {
                var writes = SideEffectWrites.Of(ActiveBackend.Journal.Snapshot(), SideEffectsTable, QueueUrl);
                foreach (var write in writes)
                    if (patterns == null || patterns.Any(p => p.IsMatch(write.Key))) WriteObject(write);
                return;
            }
            WriteLedgerRows(SideEffectsTable, (ledger, ct) => ledger.ListSideEffectsAsync(SideEffectsTable, ct),
                record => patterns == null || patterns.Any(p => p.IsMatch(record.Key)));
        }

    }
}

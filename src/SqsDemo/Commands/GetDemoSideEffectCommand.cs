using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Ledger;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the ledger's side-effects table: what the external system did, when, and for which message.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoSideEffect")]
    [OutputType(typeof(SideEffectRecord))]
    public sealed class GetDemoSideEffectCommand : DemoBackendCmdlet
    {
        /// <summary>The side-effects table; an environment piped in binds its own.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string SideEffectsTable { get; set; } = "";

        /// <summary>Only these keys (a message id, or biz:&lt;field&gt;:&lt;value&gt;).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Key { get; set; }

        protected override void ProcessRecord()
        {
            var patterns = Key?.Select(k => new WildcardPattern(k, WildcardOptions.IgnoreCase)).ToArray();
            WriteLedgerRows(SideEffectsTable, (ledger, ct) => ledger.ListSideEffectsAsync(SideEffectsTable, ct),
                record => patterns == null || patterns.Any(p => p.IsMatch(record.Key)));
        }

    }
}

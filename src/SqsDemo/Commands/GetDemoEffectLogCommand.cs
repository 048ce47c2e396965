using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Ledger;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the ledger's ordered effect log: logged payload fields, and versions seen, applied or ignored.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoEffectLog")]
    [OutputType(typeof(EffectLogEntry))]
    public sealed class GetDemoEffectLogCommand : DemoBackendCmdlet
    {
        /// <summary>The effect log table; an environment made with -Ledger binds its own.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string EffectLogTable { get; set; } = "";

        /// <summary>Only these kinds of line: effect, seen, applied, ignored.</summary>
        [Parameter(Position = 0)]
        [ValidateSet("effect", "seen", "applied", "ignored")]
        public string[]? Kind { get; set; }

        protected override void ProcessRecord() =>
            WriteLedgerRows(EffectLogTable, (ledger, ct) => ledger.ReadEffectLogAsync(EffectLogTable, ct),
                entry => Kind == null || Kind.Contains(entry.Kind, StringComparer.OrdinalIgnoreCase));
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Ledger;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the ledger's entity versions: each entity's stored (newest applied) version.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoEntityVersion")]
    [OutputType(typeof(EntityVersion))]
    public sealed class GetDemoEntityVersionCommand : DemoBackendCmdlet
    {
        /// <summary>The entity-versions table; an environment made with -Ledger binds its own.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string VersionsTable { get; set; } = "";

        /// <summary>Only these entities.</summary>
        [Parameter(Position = 0)]
        public string[]? EntityId { get; set; }

        protected override void ProcessRecord() =>
            WriteLedgerRows(VersionsTable, (ledger, ct) => ledger.ListEntityVersionsAsync(VersionsTable, ct),
                entity => EntityId == null || EntityId.Contains(entity.EntityId, StringComparer.Ordinal));
    }
}

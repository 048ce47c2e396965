using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Ledger;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the ledger's status table: STARTED or COMPLETED, attempts, owner, per message id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoMessageStatus")]
    [OutputType(typeof(StatusRecord))]
    public sealed class GetDemoMessageStatusCommand : DemoBackendCmdlet
    {
        /// <summary>The status table; an environment piped in binds its own.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string StatusTable { get; set; } = "";

        /// <summary>Only these message ids (the body's id, or the MessageId where the body has none).</summary>
        [Parameter(Position = 0)]
        public string[]? MessageId { get; set; }

        [Parameter]
        public MessageStatus? Status { get; set; }

        protected override void ProcessRecord() =>
            WriteLedgerRows(StatusTable, (ledger, ct) => ledger.ListStatusAsync(StatusTable, ct),
                row => (MessageId == null || MessageId.Contains(row.MessageId, StringComparer.Ordinal)) && (Status == null || row.Status == Status));
    }
}

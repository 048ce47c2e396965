using System.Collections.Generic;
using System.Management.Automation;
using SqsDemo.Engine.Journal;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Gives a message's history from the journal: every event for a MessageId (or a body's id), in order, with its typed facts.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoMessageHistory", DefaultParameterSetName = ByMessageIdSet)]
    [OutputType(typeof(MessageHistory))]
    public sealed class GetDemoMessageHistoryCommand : DemoBackendCmdlet
    {
        private const string ByMessageIdSet = "ByMessageId";
        private const string ByBodyIdSet = "ByBodyId";
        private readonly List<string> _ids = new List<string>();

        /// <summary>The broker's MessageId; a sent message or a journal event piped in binds it.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByMessageIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] MessageId { get; set; } = System.Array.Empty<string>();

        /// <summary>The body's own id: every message that carried it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByBodyIdSet)]
        public string[] BodyId { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            _ids.AddRange(ParameterSetName == ByBodyIdSet ? BodyId : MessageId);
        }

        // One reading of the journal for all the ids piped in: a drain's thousands of messages cost one pass.
        protected override void EndProcessing()
        {
            if (_ids.Count == 0) return;
            foreach (var history in MessageHistory.Of(ActiveBackend.Journal.Snapshot(), _ids, ParameterSetName == ByBodyIdSet))
                WriteObject(history);
        }
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Journal;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the journal of the current run: every send, receive, delete, crash and DLQ move.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DemoJournal")]
    [OutputType(typeof(JournalEvent))]
    public sealed class GetDemoJournalCommand : DemoBackendCmdlet
    {
        [Parameter(Position = 0)]
        public JournalEventKind[]? Kind { get; set; }

        [Parameter]
        public string[]? MessageId { get; set; }

        /// <summary>Matches the broker's MessageId or the body's id.</summary>
        [Parameter]
        public string[]? BodyId { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? Actor { get; set; }

        /// <summary>Only events on this queue (by URL); an environment piped in binds its queue.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(QueueUrlCompleter))]
        public string? QueueUrl { get; set; }

        protected override string? TargetQueueUrl => QueueUrl;

        /// <summary>Only the last N events.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        protected override void ProcessRecord()
        {
            var actors = Actor?.Select(a => new WildcardPattern(a, WildcardOptions.IgnoreCase)).ToArray();
            var events = ActiveBackend.Journal.Where(e =>
                (Kind == null || Kind.Contains(e.Kind)) &&
                (MessageId == null || (e.MessageId != null && MessageId.Contains(e.MessageId, StringComparer.Ordinal))) &&
                (BodyId == null || (e.BodyId != null && BodyId.Contains(e.BodyId, StringComparer.Ordinal))) &&
                (actors == null || (e.Actor != null && actors.Any(p => p.IsMatch(e.Actor)))) &&
                (QueueUrl == null || string.Equals(e.QueueUrl, QueueUrl, StringComparison.Ordinal)));
            var start = Last is int last ? Math.Max(0, events.Count - last) : 0;
            for (var i = start; i < events.Count; i++) WriteObject(events[i]);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Journal;
using SqsDemo.Infrastructure;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits until the journal records matching events (e.g. a consumer received a message), then returns them.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "DemoJournal")]
    [OutputType(typeof(JournalEvent))]
    public sealed class WaitDemoJournalCommand : DemoBackendCmdlet
    {
        private const int ProgressActivityId = 0x5db;

        [Parameter(Mandatory = true, Position = 0)]
        public JournalEventKind[] Kind { get; set; } = Array.Empty<JournalEventKind>();

        [Parameter]
        [SupportsWildcards]
        public string[]? Actor { get; set; }

        [Parameter]
        public string[]? MessageId { get; set; }

        /// <summary>How many matching events to wait for, counting those already recorded.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; } = 1;

        /// <summary>Scenario seconds to wait at most; then a JournalWaitTimedOut error.</summary>
        [Parameter]
        [ValidateRange(0.0, 86_400.0)]
        public double TimeoutSeconds { get; set; } = 300;

        protected override void EndProcessing()
        {
            var actors = Actor?.Select(a => new WildcardPattern(a, WildcardOptions.IgnoreCase)).ToArray();
            bool Matches(JournalEvent e) =>
                Kind.Contains(e.Kind) &&
                (actors == null || (e.Actor != null && actors.Any(p => p.IsMatch(e.Actor)))) &&
                (MessageId == null || (e.MessageId != null && MessageId.Contains(e.MessageId, StringComparer.Ordinal)));
            var journal = ActiveBackend.Journal;
            var progress = new ThrottledProgress(this, Session.WallClock, ProgressActivityId, $"Waiting for {Count} {string.Join("/", Kind)} event(s)", "0 recorded");
            progress.Record.PercentComplete = 0;
            progress.Show();
            IReadOnlyList<JournalEvent> found;
            try
            {
                found = Run(writer => journal.WaitForAsync(Matches, Count, TimeSpan.FromSeconds(TimeoutSeconds), StopToken,
                    recorded => writer.Post(() =>
                    {
                        progress.Record.StatusDescription = $"{recorded} of {Count} recorded";
                        progress.Record.PercentComplete = (int)Math.Min(100, 100L * recorded / Count);
                        progress.Show();
                    })));
            }
            finally
            {
                progress.Complete();
            }
            if (found.Count < Count)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.JournalWaitTimedOut, ErrorCategory.OperationTimeout, Kind,
                    $"Waited {TimeoutSeconds} scenario seconds for {Count} {string.Join("/", Kind)} event(s); {found.Count} recorded.",
                    "Check that the consumer or producer you wait for is running, or raise -TimeoutSeconds."));
            }
            foreach (var e in found) WriteObject(e);
        }
    }
}

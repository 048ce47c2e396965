using System;
using System.Management.Automation;

namespace SqsDemo.Infrastructure
{
    /// <summary>
    /// A progress bar for long work: one record with a stable activity id, written at once the
    /// first time, then at most every quarter second of wall time (a loop reports far faster than
    /// anyone reads, and a console that does not answer cursor-position queries pays for every
    /// record it draws), and completed at the end with the last state. Only the pipeline thread may
    /// write: call it from there, or through a <see cref="PipelineWriter"/>.
    /// </summary>
    public sealed class ThrottledProgress
    {
        /// <summary>The least wall time between two records of one bar: four a second at most.</summary>
        public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

        private readonly Cmdlet _cmdlet;
        private readonly TimeProvider _wallClock;
        private DateTimeOffset? _lastShown;

        public ThrottledProgress(Cmdlet cmdlet, TimeProvider wallClock, int activityId, string activity, string status)
        {
            _cmdlet = cmdlet;
            _wallClock = wallClock;
            Record = new ProgressRecord(activityId, activity, status);
        }

        /// <summary>The record to change before <see cref="Show"/>.</summary>
        public ProgressRecord Record { get; }

        /// <summary>Whether the bar was drawn: <see cref="Complete"/> ends only a bar that was.</summary>
        public bool Shown => _lastShown != null;

        /// <summary>Writes the record, unless it was written less than <see cref="RedrawInterval"/> ago; then the change waits for the next.</summary>
        public void Show()
        {
            var now = _wallClock.GetUtcNow();
            if (_lastShown is { } last && now - last < RedrawInterval) return;
            _cmdlet.WriteProgress(Snapshot(Record));
            _lastShown = now;
        }

        /// <summary>Ends the bar, if it was shown, with its last state; quietly when the pipeline has stopped.</summary>
        public void Complete()
        {
            if (!Shown) return;
            Record.RecordType = ProgressRecordType.Completed;
            try
            {
                _cmdlet.WriteProgress(Snapshot(Record));
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C: nothing is shown any more.
            }
        }

        /// <summary>
        /// A copy to write: the record is changed and written again, and whoever keeps what was written
        /// (a host's list of bars, PowerShell.Streams.Progress) must keep what it said then.
        /// </summary>
        public static ProgressRecord Snapshot(ProgressRecord record) => new ProgressRecord(record.ActivityId, record.Activity, record.StatusDescription)
        {
            ParentActivityId = record.ParentActivityId,
            PercentComplete = record.PercentComplete,
            SecondsRemaining = record.SecondsRemaining,
            CurrentOperation = record.CurrentOperation,
            RecordType = record.RecordType,
        };
    }
}

using System;
using System.Diagnostics;
using System.Management.Automation;

namespace SqsDemo.Infrastructure
{
    /// <summary>
    /// A progress bar for long work: one record with a stable activity id, redrawn at most every
    /// quarter second (a loop reports far faster than anyone reads, and hosts redraw on each record),
    /// and completed at the end. Only the pipeline thread may write: call it from there, or through
    /// a <see cref="PipelineWriter"/>.
    /// </summary>
    public sealed class ThrottledProgress
    {
        private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

        private readonly Cmdlet _cmdlet;
        private readonly Stopwatch _sinceShown = new Stopwatch();
        private bool _shown;

        public ThrottledProgress(Cmdlet cmdlet, int activityId, string activity, string status)
        {
            _cmdlet = cmdlet;
            Record = new ProgressRecord(activityId, activity, status);
        }

        /// <summary>The record to change before <see cref="Show"/>.</summary>
        public ProgressRecord Record { get; }

        /// <summary>Writes the record, unless it was written less than a quarter second ago and this is not <paramref name="now"/>.</summary>
        public void Show(bool now = false)
        {
            if (_shown && !now && _sinceShown.Elapsed < RedrawInterval) return;
            _cmdlet.WriteProgress(Snapshot(Record));
            _shown = true;
            _sinceShown.Restart();
        }

        /// <summary>Ends the bar, if it was shown; quietly when the pipeline has stopped.</summary>
        public void Complete()
        {
            if (!_shown) return;
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

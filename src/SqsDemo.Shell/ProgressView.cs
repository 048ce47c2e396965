using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Text;

namespace SqsDemo.Shell;

/// <summary>
/// Renders progress records as one updating line on a terminal's stderr, and not at all when
/// stderr is redirected: a log has no use for hundreds of "42%" lines. With nested activities the
/// line shows the one updated last; when it completes, the line falls back to another still running.
/// </summary>
internal sealed class ProgressView
{
    /// <summary>Redraw at most this often: long loops report progress far faster than anyone can read it.</summary>
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly ConsoleWriter _writer;
    private readonly List<(long SourceId, ProgressRecord Record)> _active = new();
    private readonly Stopwatch _sinceRedraw = Stopwatch.StartNew();
    private bool _drawn;

    public ProgressView(ConsoleWriter writer) => _writer = writer;

    public void Update(long sourceId, ProgressRecord record)
    {
        if (!_writer.Terminal.StderrIsTerminal)
        {
            return;
        }

        lock (_gate)
        {
            _active.RemoveAll(entry => entry.SourceId == sourceId && entry.Record.ActivityId == record.ActivityId);
            bool completed = record.RecordType == ProgressRecordType.Completed;
            if (!completed)
            {
                _active.Add((sourceId, record));
            }

            if (_active.Count == 0)
            {
                _writer.ClearStatus();
                _drawn = false;
            }
            else if (completed || !_drawn || _sinceRedraw.Elapsed >= RedrawInterval)
            {
                _writer.ShowStatus(Describe(_active[^1].Record));
                _drawn = true;
                _sinceRedraw.Restart();
            }
        }
    }

    /// <summary>Removes the line, e.g. when a command ends with some activity never marked completed.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _active.Clear();
            if (_drawn)
            {
                _writer.ClearStatus();
                _drawn = false;
            }
        }
    }

    private static string Describe(ProgressRecord record)
    {
        var line = new StringBuilder(record.Activity);
        if (!string.IsNullOrEmpty(record.StatusDescription))
        {
            line.Append(": ").Append(record.StatusDescription);
        }

        if (record.PercentComplete >= 0)
        {
            int percent = Math.Min(record.PercentComplete, 100);
            int filled = percent / 5;
            line.Append(" [").Append('#', filled).Append(' ', 20 - filled).Append("] ").Append(percent).Append('%');
        }

        if (record.SecondsRemaining >= 0)
        {
            line.Append(" (").Append(TimeSpan.FromSeconds(record.SecondsRemaining).ToString("c")).Append(" left)");
        }

        if (!string.IsNullOrEmpty(record.CurrentOperation))
        {
            line.Append(" - ").Append(record.CurrentOperation);
        }

        return line.Replace('\n', ' ').Replace('\r', ' ').ToString();
    }
}

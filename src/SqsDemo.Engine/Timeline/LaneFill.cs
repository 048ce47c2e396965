using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>
    /// Fills one lane from its message's events, in journal order: each receive opens an attempt, and
    /// visibility changes, deletes, DLQ moves, redrives and purges close it or mark it. One instance per lane,
    /// so the lookups it keeps (receipt handle to attempt, DLQ stays, mark to attempt) cannot leak across lanes.
    /// </summary>
    internal sealed class LaneFill
    {
        private readonly TimelineLane _lane;
        private readonly HashSet<string> _deadLetterUrls;
        private readonly Dictionary<string, string> _redrivenFrom;
        private readonly Dictionary<string, TimelineAttempt> _byHandle = new Dictionary<string, TimelineAttempt>(StringComparer.Ordinal);
        private readonly Dictionary<TimelineAttempt, string?> _attemptMessage = new Dictionary<TimelineAttempt, string?>();
        private readonly Dictionary<string, DeadLetterSpan> _inDeadLetterQueue = new Dictionary<string, DeadLetterSpan>(StringComparer.Ordinal);
        private readonly Dictionary<TimelineMark, TimelineAttempt?> _markOf = new Dictionary<TimelineMark, TimelineAttempt?>();

        private LaneFill(TimelineLane lane, HashSet<string> deadLetterUrls, Dictionary<string, string> redrivenFrom)
        {
            _lane = lane;
            _deadLetterUrls = deadLetterUrls;
            _redrivenFrom = redrivenFrom;
        }

        public static void Fill(TimelineLane lane, List<JournalEvent> events, HashSet<string> deadLetterUrls, Dictionary<string, string> redrivenFrom, double end)
        {
            var fill = new LaneFill(lane, deadLetterUrls, redrivenFrom);
            foreach (var e in events) fill.Apply(e);
            fill.CloseAt(end);
            fill.AssignRows();
        }

        private void Apply(JournalEvent e)
        {
            var t = e.ScenarioTime.TotalSeconds;
            Note(e, t);
            ExpireBefore(t);

            TimelineAttempt? attempt = null;
            if (e.ReceiptHandle != null && e.Kind != JournalEventKind.Received) _byHandle.TryGetValue(e.ReceiptHandle, out attempt);
            var kind = TimelineMarkKinds.Of(e.Kind);
            switch (e.Kind)
            {
                case JournalEventKind.Received: attempt = Open(e, t); break;
                case JournalEventKind.VisibilityChanged:
                case JournalEventKind.VisibilityExtended: ChangeVisibility(attempt, e, t); break;
                case JournalEventKind.Deleted: Deleted(attempt, e, t); break;
                case JournalEventKind.DeleteMayNotHaveDeleted: kind = MarkUncertainDelete(attempt, e, t, kind); break;
                case JournalEventKind.MovedToDeadLetterQueue: EnterDeadLetterQueue(e, t); break;
                case JournalEventKind.Redriven:
                    if (e.MessageId != null && _redrivenFrom.TryGetValue(e.MessageId, out var old)) LeaveDeadLetterQueue(old, t);
                    break;
                case JournalEventKind.PurgedMessage:
                case JournalEventKind.RetentionExpired: Removed(e, t); break;
            }
            Attach(e, t, attempt, kind);
        }

        private void Note(JournalEvent e, double t)
        {
            _lane.Last = t;
            if (e.MessageId != null && !_lane.MessageIds.Contains(e.MessageId)) _lane.MessageIds.Add(e.MessageId);
            if (e.QueueName is string queue && !_lane.QueueNames.Contains(queue)) _lane.QueueNames.Add(queue);
        }

        /// <summary>Visibility timeouts that ran out before the event at <paramref name="t"/>.</summary>
        private void ExpireBefore(double t)
        {
            foreach (var open in _lane.Attempts)
                if (!open.Closed && open.Deadline is double due && due < t)
                    Close(open, due, WindowEnd.Expired);
        }

        private TimelineAttempt Open(JournalEvent e, double t)
        {
            // An earlier receive of the same message whose timeout is unknown ended when it came again.
            foreach (var open in _lane.Attempts)
                if (!open.Closed && open.Deadline == null && _attemptMessage[open] == e.MessageId)
                    Close(open, t, WindowEnd.Expired);
            var attempt = new TimelineAttempt(e, e.VisibilityTimeoutSeconds);
            _lane.Attempts.Add(attempt);
            _attemptMessage[attempt] = e.MessageId;
            if (e.ReceiptHandle != null) _byHandle[e.ReceiptHandle] = attempt;
            return attempt;
        }

        private static void ChangeVisibility(TimelineAttempt? attempt, JournalEvent e, double t)
        {
            if (attempt == null || attempt.Closed || !(e.VisibilityTimeoutSeconds is double seconds)) return;
            if (seconds <= 0) Close(attempt, t, WindowEnd.Released);
            else attempt.Deadline = t + seconds;
        }

        private void Deleted(TimelineAttempt? attempt, JournalEvent e, double t)
        {
            if (attempt != null && !attempt.Closed) Close(attempt, t, WindowEnd.Deleted);
            if (e.QueueUrl != null && _deadLetterUrls.Contains(e.QueueUrl)) LeaveDeadLetterQueue(e.MessageId, t);
        }

        /// <summary>
        /// A delete that may not have deleted: marked on the attempt whose handle it used, as a stale-handle
        /// delete when a later receive of the same message had superseded that handle. Returns no further mark.
        /// </summary>
        private TimelineMarkKind? MarkUncertainDelete(TimelineAttempt? attempt, JournalEvent e, double t, TimelineMarkKind? kind)
        {
            if (attempt == null) return kind;
            if (!attempt.Closed) Close(attempt, attempt.Deadline ?? t, WindowEnd.Expired);
            var mine = _attemptMessage[attempt];
            var superseding = _lane.Attempts.FirstOrDefault(a => a != attempt && _attemptMessage[a] == mine && a.Start > attempt.Start && a.Start <= t);
            if (superseding != null) kind = TimelineMarkKind.StaleHandleDelete;
            var mark = new TimelineMark(kind!.Value, e) { SupersededBy = superseding };
            _lane.Marks.Add(mark);
            _markOf[mark] = attempt;
            return null;
        }

        private void EnterDeadLetterQueue(JournalEvent e, double t)
        {
            if (e.MessageId == null) return;
            var span = new DeadLetterSpan(t, e.TargetQueueUrl == null ? null : Environments.QueueAddress.NameOf(e.TargetQueueUrl));
            _lane.DeadLetterSpans.Add(span);
            _inDeadLetterQueue[e.MessageId] = span;
        }

        private void LeaveDeadLetterQueue(string? messageId, double at)
        {
            if (messageId != null && _inDeadLetterQueue.TryGetValue(messageId, out var span))
            {
                span.End = at;
                _inDeadLetterQueue.Remove(messageId);
            }
        }

        /// <summary>Purged or expired: every open receive of the message ends, and so does its stay in a DLQ.</summary>
        private void Removed(JournalEvent e, double t)
        {
            foreach (var open in _lane.Attempts)
                if (!open.Closed && _attemptMessage[open] == e.MessageId) Close(open, t, WindowEnd.Purged);
            LeaveDeadLetterQueue(e.MessageId, t);
        }

        /// <summary>The event joins its attempt, or the lane's other events, and becomes a mark if its kind draws one.</summary>
        private void Attach(JournalEvent e, double t, TimelineAttempt? attempt, TimelineMarkKind? kind)
        {
            if (e.Kind == JournalEventKind.Received)
            {
                attempt!.Events.Add(e);
            }
            else if (attempt != null)
            {
                attempt.Events.Add(e);
                // Still at work after its window ended: the message was visible to others meanwhile.
                if (attempt.Closed && attempt.EndedBy == WindowEnd.Expired && e.Actor == attempt.Actor && t > attempt.WindowEnd)
                    attempt.HeldUntil = Math.Max(attempt.HeldUntil ?? t, t);
            }
            else if (kind == null && e.Kind != JournalEventKind.DeleteMayNotHaveDeleted)
            {
                _lane.OtherEvents.Add(e);
            }

            if (kind != null)
            {
                var mark = new TimelineMark(kind.Value, e);
                _lane.Marks.Add(mark);
                _markOf[mark] = attempt;
            }
        }

        /// <summary>At the journal's end: a window that would have run out by then expired; any other is still open.</summary>
        private void CloseAt(double end)
        {
            foreach (var open in _lane.Attempts)
            {
                if (open.Closed) continue;
                if (open.Deadline is double due && due <= end) Close(open, due, WindowEnd.Expired);
                else Close(open, end, WindowEnd.Open);
            }
        }

        /// <summary>Receives on rows: one that overlaps an earlier one (a duplicate delivery) goes below it.</summary>
        private void AssignRows()
        {
            var rowEnds = new List<double>();
            foreach (var attempt in _lane.Attempts.OrderBy(a => a.Start))
            {
                var last = Math.Max(attempt.Extent, attempt.Events.Count == 0 ? attempt.Start : attempt.Events.Max(x => x.ScenarioTime.TotalSeconds));
                var row = rowEnds.FindIndex(free => free < attempt.Start);
                if (row < 0)
                {
                    row = rowEnds.Count;
                    rowEnds.Add(last);
                }
                else rowEnds[row] = last;
                attempt.Row = row;
            }
            _lane.Rows = Math.Max(1, rowEnds.Count);
            foreach (var mark in _lane.Marks) mark.Row = _markOf.TryGetValue(mark, out var a) && a != null ? a.Row : 0;
            _lane.Marks.Sort((x, y) => x.Source.ScenarioTime != y.Source.ScenarioTime ? x.Source.ScenarioTime.CompareTo(y.Source.ScenarioTime) : x.Source.Sequence.CompareTo(y.Source.Sequence));
        }

        private static void Close(TimelineAttempt attempt, double at, WindowEnd why)
        {
            attempt.Closed = true;
            attempt.WindowEnd = at;
            attempt.EndedBy = why;
        }
    }
}

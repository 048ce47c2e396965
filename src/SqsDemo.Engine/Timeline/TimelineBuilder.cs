using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>Reads a journal (sorted by scenario time, then sequence) into a <see cref="Timeline"/>.</summary>
    internal static class TimelineBuilder
    {
        public static Timeline Build(IReadOnlyList<JournalEvent> events)
        {
            var end = events.Count == 0 ? 0 : events[events.Count - 1].ScenarioTime.TotalSeconds;
            var deadLetterUrls = DeadLetterQueueUrls(events);
            var lanes = BuildLanes(events, deadLetterUrls, end);
            var depth = DepthSeries(events, deadLetterUrls);
            var consumers = Consumers(events);
            var runMarks = events.Where(IsRunMark).Select(e => new RunMark(e)).ToArray();
            var queues = events.Where(e => e.QueueUrl != null).Select(e => e.QueueUrl!).Concat(deadLetterUrls).Distinct(StringComparer.Ordinal).ToArray();
            return new Timeline(lanes, depth, consumers, runMarks,
                queues.Where(u => !deadLetterUrls.Contains(u)).Select(NameOf).ToArray(),
                queues.Where(deadLetterUrls.Contains).Select(NameOf).ToArray(),
                end, events.Count);
        }

        private static string NameOf(string url) => Environments.QueueAddress.NameOf(url);

        private static bool IsRunMark(JournalEvent e)
        {
            switch (e.Kind)
            {
                case JournalEventKind.Crashed:
                case JournalEventKind.ConsumerRestarted:
                case JournalEventKind.ScaledOut:
                case JournalEventKind.ProducerStopped:
                case JournalEventKind.Purged:
                case JournalEventKind.BreakerOpened:
                case JournalEventKind.BreakerHalfOpened:
                case JournalEventKind.BreakerClosed:
                case JournalEventKind.FaultInjected:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The dead-letter queues: those a DLQ move went to or a redrive came from, and those named as the module
        /// names them (&lt;name&gt;-dlq, &lt;name&gt;-dlq.fifo) when the journal shows no move.
        /// </summary>
        private static HashSet<string> DeadLetterQueueUrls(IReadOnlyList<JournalEvent> events)
        {
            var urls = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                if (e.Kind == JournalEventKind.MovedToDeadLetterQueue && !string.IsNullOrEmpty(e.TargetQueueUrl)) urls.Add(e.TargetQueueUrl!);
                if (e.Kind == JournalEventKind.Redriven && e.SourceQueueUrl != null) urls.Add(e.SourceQueueUrl);
                if (e.QueueUrl != null && (e.QueueUrl.EndsWith("-dlq", StringComparison.Ordinal) || e.QueueUrl.EndsWith("-dlq.fifo", StringComparison.Ordinal)))
                    urls.Add(e.QueueUrl);
            }
            return urls;
        }

        private static IReadOnlyList<TimelineLane> BuildLanes(IReadOnlyList<JournalEvent> events, HashSet<string> deadLetterUrls, double end)
        {
            // Which body each MessageId carries, and where redriven and forwarded messages came from.
            var bodyOf = new Dictionary<string, string>(StringComparer.Ordinal);
            var bodies = new HashSet<string>(StringComparer.Ordinal);
            var redrivenFrom = new Dictionary<string, string>(StringComparer.Ordinal);
            var forwardedFrom = new Dictionary<string, JournalEvent>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                if (e.MessageId != null && e.BodyId != null && e.BodyId != e.MessageId && !bodyOf.ContainsKey(e.MessageId))
                    bodyOf[e.MessageId] = e.BodyId;
                if (e.BodyId != null && e.BodyId != e.MessageId) bodies.Add(e.BodyId);
                if (e.Kind == JournalEventKind.Redriven && e.MessageId != null && e.SourceMessageId != null)
                    redrivenFrom[e.MessageId] = e.SourceMessageId;
                if (e.Kind == JournalEventKind.Forwarded && e.TargetMessageId != null)
                    forwardedFrom[e.TargetMessageId] = e;
            }

            string KeyOfMessage(string messageId)
            {
                for (var hops = 0; hops < 16; hops++)
                {
                    if (bodyOf.TryGetValue(messageId, out var body)) return body;
                    if (!redrivenFrom.TryGetValue(messageId, out var old)) break;
                    messageId = old;
                }
                return messageId;
            }

            string? KeyOf(JournalEvent e)
            {
                if (e.BodyId != null && e.BodyId != e.MessageId) return e.BodyId;
                if (e.MessageId != null) return KeyOfMessage(e.MessageId);
                return e.BodyId;
            }

            var byKey = new Dictionary<string, TimelineLane>(StringComparer.Ordinal);
            var laneEvents = new Dictionary<TimelineLane, List<JournalEvent>>();
            var order = new List<TimelineLane>();
            foreach (var e in events)
            {
                if (!BelongsToAMessage(e.Kind)) continue;
                var key = KeyOf(e);
                if (key == null) continue;
                if (!byKey.TryGetValue(key, out var lane))
                {
                    lane = new TimelineLane(key, bodies.Contains(key) ? key : null) { Number = order.Count + 1, First = e.ScenarioTime.TotalSeconds };
                    byKey[key] = lane;
                    laneEvents[lane] = new List<JournalEvent>();
                    order.Add(lane);
                }
                laneEvents[lane].Add(e);
            }

            foreach (var lane in order)
            {
                LaneFill.Fill(lane, laneEvents[lane], deadLetterUrls, redrivenFrom, end);
                foreach (var id in lane.MessageIds)
                    if (forwardedFrom.TryGetValue(id, out var forward) && KeyOf(forward) is string source && source != lane.Key)
                        lane.SourceKey = source;
                Describe(lane);
            }
            return order;
        }

        /// <summary>Events about one message; run-level ones (consumers, queues, the autoscaler) draw elsewhere.</summary>
        private static bool BelongsToAMessage(JournalEventKind kind)
        {
            switch (kind)
            {
                case JournalEventKind.QueueCreated:
                case JournalEventKind.QueueDeleted:
                case JournalEventKind.Purged:
                case JournalEventKind.ConsumerStarted:
                case JournalEventKind.ConsumerEnded:
                case JournalEventKind.ConsumerRestarted:
                case JournalEventKind.ScaledOut:
                case JournalEventKind.ProducerStopped:
                case JournalEventKind.BatchProcessed:
                // An endpoint fault hits a caller's call, not a message: it draws with the run's marks, naming the caller.
                case JournalEventKind.FaultInjected:
                    return false;
                default:
                    return true;
            }
        }

        private static readonly (TimelineMarkKind Kind, string Words)[] StoryWords =
        {
            (TimelineMarkKind.Crashed, "crashed"),
            (TimelineMarkKind.Rejected, "rejected"),
            (TimelineMarkKind.HandlerFailed, "handler failed"),
            (TimelineMarkKind.ShortCircuited, "short-circuited"),
            (TimelineMarkKind.BackedOff, "backed off"),
            (TimelineMarkKind.Heartbeat, "heartbeats"),
            (TimelineMarkKind.Released, "released"),
            (TimelineMarkKind.SideEffect, "side effect"),
            (TimelineMarkKind.SideEffectSkipped, "side effect skipped"),
            (TimelineMarkKind.DuplicateSkipped, "duplicate skipped"),
            (TimelineMarkKind.StaleSkipped, "stale, skipped"),
            (TimelineMarkKind.Forwarded, "forwarded"),
            (TimelineMarkKind.LateDelete, "late delete"),
            (TimelineMarkKind.StaleHandleDelete, "stale-handle delete"),
            (TimelineMarkKind.DeleteFailed, "delete failed"),
            (TimelineMarkKind.MovedToDeadLetterQueue, "moved to the DLQ"),
            (TimelineMarkKind.Redriven, "redriven"),
            (TimelineMarkKind.Purged, "purged"),
            (TimelineMarkKind.RetentionExpired, "retention expired"),
        };

        /// <summary>The lane's story in words (its signature), how eventful it is, and whether anything notable happened.</summary>
        private static void Describe(TimelineLane lane)
        {
            var receives = lane.Count(TimelineMarkKind.Received);
            var consumers = lane.Marks.Where(m => m.Kind == TimelineMarkKind.Received).Select(m => m.Actor).Distinct(StringComparer.Ordinal).Count();
            var sideEffects = lane.Count(TimelineMarkKind.SideEffect);
            var notable = lane.Marks.Any(m => TimelineMarkKinds.IsNotable(m.Kind)) || receives > 1 || sideEffects > 1;
            var deleted = lane.Count(TimelineMarkKind.Deleted) + lane.Count(TimelineMarkKind.LateDelete) > 0;
            var inDeadLetterQueue = lane.DeadLetterSpans.Any(s => s.End == null);
            var inFlight = lane.Attempts.Any(a => a.EndedBy == WindowEnd.Open);

            string state;
            if (deleted) state = "deleted";
            else if (inDeadLetterQueue) state = "in the DLQ at the end";
            else if (lane.Count(TimelineMarkKind.Purged) > 0) state = "gone (purged)";
            else if (lane.Count(TimelineMarkKind.RetentionExpired) > 0) state = "gone (retention)";
            else if (inFlight) state = "in flight at the end";
            else if (lane.Count(TimelineMarkKind.StaleHandleDelete) > 0) state = "not deleted";
            else state = "still queued at the end";

            if (!notable && receives == 1 && deleted && lane.Count(TimelineMarkKind.Processed) >= 1)
            {
                lane.Signature = "processed once" + (sideEffects == 1 ? " with its side effect" : "")
                    + (lane.Count(TimelineMarkKind.Forwarded) > 0 ? ", forwarded" : "");
            }
            else
            {
                var parts = new List<string>
                {
                    receives == 0 ? "never received" : "received " + Times(receives) + (consumers > 1 ? " by " + consumers.ToString(CultureInfo.InvariantCulture) + " consumers" : ""),
                };
                foreach (var (kind, words) in StoryWords)
                {
                    var n = lane.Count(kind);
                    if (n == 0) continue;
                    // Heartbeat and backoff counts vary with timing: they would split one story into many.
                    var counted = n > 1 && kind != TimelineMarkKind.Heartbeat && kind != TimelineMarkKind.BackedOff;
                    parts.Add(words + (counted ? " ×" + n.ToString(CultureInfo.InvariantCulture) : ""));
                }
                parts.Add(state);
                lane.Signature = string.Join(", ", parts);
            }

            var distinct = lane.Marks.Select(m => m.Kind).Distinct().Count();
            var notableMarks = lane.Marks.Count(m => TimelineMarkKinds.IsNotable(m.Kind));
            lane.Notable = notable;
            lane.Score = distinct * 10 + notableMarks * 5 + lane.Marks.Count + (lane.Rows - 1) * 10 + (sideEffects > 1 ? 100 : 0);
        }

        private static string Times(int n) =>
            n == 1 ? "once" : n == 2 ? "twice" : n.ToString(CultureInfo.InvariantCulture) + " times";

        /// <summary>
        /// Visible, in-flight and dead-lettered counts after each event, replaying the journal: a send adds a visible
        /// message; a receive makes it in flight until a delete, a visibility change to 0, or its deadline (the receive's
        /// visibility timeout, moved by heartbeats and visibility changes); a DLQ move and a redrive move it between
        /// queues; purges, retention and queue deletions remove it. A delete with a superseded handle deletes nothing.
        /// </summary>
        private static QueueDepthSeries DepthSeries(IReadOnlyList<JournalEvent> events, HashSet<string> deadLetterUrls)
        {
            var tracker = new DepthTracker(deadLetterUrls);
            var anyPurgedMessage = events.Any(e => e.Kind == JournalEventKind.PurgedMessage);
            foreach (var e in events)
            {
                var t = e.ScenarioTime.TotalSeconds;
                tracker.ExpireUntil(t);
                switch (e.Kind)
                {
                    case JournalEventKind.Sent:
                        if (e.QueueUrl != null && e.MessageId != null) tracker.Add(e.QueueUrl, e.MessageId, t);
                        break;
                    case JournalEventKind.Received:
                        if (e.QueueUrl != null && e.MessageId != null)
                            tracker.Receive(e.QueueUrl, e.MessageId, e.ReceiptHandle, e.VisibilityTimeoutSeconds is double s ? t + s : (double?)null, t);
                        break;
                    case JournalEventKind.VisibilityChanged:
                    case JournalEventKind.VisibilityExtended:
                        if (e.ReceiptHandle != null && e.VisibilityTimeoutSeconds is double seconds) tracker.ChangeVisibility(e.ReceiptHandle, t + seconds, t);
                        break;
                    case JournalEventKind.Deleted:
                        tracker.Delete(e.ReceiptHandle, e.QueueUrl, e.MessageId, onlyIfNewest: false, t);
                        break;
                    case JournalEventKind.DeleteMayNotHaveDeleted:
                        tracker.Delete(e.ReceiptHandle, e.QueueUrl, e.MessageId, onlyIfNewest: true, t);
                        break;
                    case JournalEventKind.MovedToDeadLetterQueue:
                        if (e.QueueUrl != null && e.MessageId != null)
                        {
                            tracker.Remove(e.QueueUrl, e.MessageId, t);
                            if (!string.IsNullOrEmpty(e.TargetQueueUrl)) tracker.Add(e.TargetQueueUrl!, e.MessageId, t);
                        }
                        break;
                    case JournalEventKind.Redriven:
                        if (e.SourceQueueUrl != null && e.SourceMessageId != null) tracker.Remove(e.SourceQueueUrl, e.SourceMessageId, t);
                        if (e.QueueUrl != null && e.MessageId != null) tracker.Add(e.QueueUrl, e.MessageId, t);
                        break;
                    case JournalEventKind.PurgedMessage:
                    case JournalEventKind.RetentionExpired:
                        if (e.QueueUrl != null && e.MessageId != null) tracker.Remove(e.QueueUrl, e.MessageId, t);
                        break;
                    case JournalEventKind.Purged:
                        // Where the broker reports each purged message, those events count; else the purge empties the queue.
                        if (!anyPurgedMessage && e.QueueUrl != null) tracker.RemoveQueue(e.QueueUrl, t);
                        break;
                    case JournalEventKind.QueueDeleted:
                        if (e.QueueUrl != null) tracker.RemoveQueue(e.QueueUrl, t);
                        break;
                }
            }
            tracker.ExpireUntil(events.Count == 0 ? 0 : events[events.Count - 1].ScenarioTime.TotalSeconds);
            return new QueueDepthSeries(tracker.Points);
        }

        private static ConsumerSeries Consumers(IReadOnlyList<JournalEvent> events)
        {
            var alive = new HashSet<string>(StringComparer.Ordinal);
            var seen = new List<string>();
            var points = new List<ConsumerPoint>();
            foreach (var e in events)
            {
                if (e.Actor == null) continue;
                bool changed;
                if (e.Kind == JournalEventKind.ConsumerStarted)
                {
                    changed = alive.Add(e.Actor);
                    if (!seen.Contains(e.Actor)) seen.Add(e.Actor);
                }
                else if (e.Kind == JournalEventKind.ConsumerEnded) changed = alive.Remove(e.Actor);
                else continue;
                if (changed) points.Add(new ConsumerPoint(e.ScenarioTime.TotalSeconds, alive.Count));
            }
            return new ConsumerSeries(points, seen);
        }

        /// <summary>Each message's state by queue, and the counts, as the journal replays.</summary>
        private sealed class DepthTracker
        {
            private sealed class State
            {
                public string QueueUrl = "";
                public string MessageId = "";
                public bool InFlight;
                public string? Handle;
                public double? Deadline;
                public long Version;
            }

            private readonly HashSet<string> _deadLetterUrls;
            private readonly Dictionary<(string, string), State> _states = new Dictionary<(string, string), State>();
            private readonly Dictionary<string, State> _byHandle = new Dictionary<string, State>(StringComparer.Ordinal);
            private readonly SortedSet<(double Due, long Version, string Queue, string Message)> _deadlines = new SortedSet<(double, long, string, string)>();
            private long _versions;
            private int _visible, _inFlight, _deadLetter;

            public DepthTracker(HashSet<string> deadLetterUrls) => _deadLetterUrls = deadLetterUrls;

            public List<DepthPoint> Points { get; } = new List<DepthPoint>();

            public void ExpireUntil(double t)
            {
                while (_deadlines.Count > 0 && _deadlines.Min.Due <= t)
                {
                    var next = _deadlines.Min;
                    _deadlines.Remove(next);
                    if (!_states.TryGetValue((next.Queue, next.Message), out var state) || !state.InFlight || state.Version != next.Version) continue;
                    Count(state, -1);
                    state.InFlight = false;
                    state.Deadline = null;
                    Count(state, +1);
                    Record(next.Due);
                }
            }

            public void Add(string queueUrl, string messageId, double t)
            {
                if (_states.ContainsKey((queueUrl, messageId))) return;
                var state = new State { QueueUrl = queueUrl, MessageId = messageId };
                _states[(queueUrl, messageId)] = state;
                Count(state, +1);
                Record(t);
            }

            public void Receive(string queueUrl, string messageId, string? handle, double? deadline, double t)
            {
                if (!_states.TryGetValue((queueUrl, messageId), out var state))
                {
                    // Sent before the journal began: it was visible, uncounted; now it is in flight.
                    state = new State { QueueUrl = queueUrl, MessageId = messageId, InFlight = true };
                    _states[(queueUrl, messageId)] = state;
                    Count(state, +1);
                }
                else if (!state.InFlight)
                {
                    Count(state, -1);
                    state.InFlight = true;
                    Count(state, +1);
                }
                state.Handle = handle;
                if (handle != null) _byHandle[handle] = state;
                SetDeadline(state, deadline);
                Record(t);
            }

            public void ChangeVisibility(string handle, double deadline, double t)
            {
                if (!_byHandle.TryGetValue(handle, out var state) || !state.InFlight || state.Handle != handle) return;
                if (deadline <= t)
                {
                    Count(state, -1);
                    state.InFlight = false;
                    state.Deadline = null;
                    state.Version = ++_versions;
                    Count(state, +1);
                }
                else SetDeadline(state, deadline);
                Record(t);
            }

            public void Delete(string? handle, string? queueUrl, string? messageId, bool onlyIfNewest, double t)
            {
                State? state = null;
                if (handle != null && _byHandle.TryGetValue(handle, out var byHandle)) state = byHandle;
                else if (queueUrl != null && messageId != null) _states.TryGetValue((queueUrl, messageId), out state);
                if (state == null || !_states.ContainsKey((state.QueueUrl, state.MessageId))) return;
                if (onlyIfNewest && handle != null && state.Handle != handle) return;
                Remove(state.QueueUrl, state.MessageId, t);
            }

            public void Remove(string queueUrl, string messageId, double t)
            {
                if (!_states.TryGetValue((queueUrl, messageId), out var state)) return;
                _states.Remove((queueUrl, messageId));
                if (state.Handle != null) _byHandle.Remove(state.Handle);
                Count(state, -1);
                Record(t);
            }

            public void RemoveQueue(string queueUrl, double t)
            {
                foreach (var state in _states.Values.Where(s => s.QueueUrl == queueUrl).ToArray())
                {
                    _states.Remove((state.QueueUrl, state.MessageId));
                    if (state.Handle != null) _byHandle.Remove(state.Handle);
                    Count(state, -1);
                }
                Record(t);
            }

            private void SetDeadline(State state, double? deadline)
            {
                state.Version = ++_versions;
                state.Deadline = deadline;
                if (deadline is double due) _deadlines.Add((due, state.Version, state.QueueUrl, state.MessageId));
            }

            private void Count(State state, int delta)
            {
                if (_deadLetterUrls.Contains(state.QueueUrl)) _deadLetter += delta;
                else if (state.InFlight) _inFlight += delta;
                else _visible += delta;
            }

            private void Record(double t) => Points.Add(new DepthPoint(t, _visible, _inFlight, _deadLetter));
        }
    }
}

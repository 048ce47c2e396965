using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Metrics
{
    /// <summary>
    /// Rebuilds one queue's gauges from the journal: every message the run's actors sent, received, hid,
    /// deleted or the broker moved, replayed in order, and the queue read at each sampling instant. Messages
    /// that were in the queue before the journal began (and never touched since) are not known to it.
    /// </summary>
    public sealed class QueueGaugeReplay
    {
        // CloudWatch: "After a message is received three times (or more) and not processed, ... the
        // ApproximateAgeOfOldestMessage metric points at the second-oldest message" (the poison-pill rule).
        private const int PoisonReceiveCount = 3;

        private readonly string _queueUrl;
        private readonly Dictionary<string, Held> _held = new Dictionary<string, Held>(StringComparer.Ordinal);
        // Enqueue times of messages that left, for a message a late or superseded delete did not really take.
        private readonly Dictionary<string, TimeSpan> _departed = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        private int _queueDelaySeconds;

        private sealed class Held
        {
            public TimeSpan EnqueuedAt;
            public TimeSpan AvailableAt;
            public bool Received;
            public int ReceiveCount;
        }

        public QueueGaugeReplay(string queueUrl) => _queueUrl = queueUrl;

        /// <summary>
        /// The queue sampled every <paramref name="interval"/> from scenario time 0 up to <paramref name="end"/>,
        /// at the instants it existed (from the first event naming it until it was deleted).
        /// </summary>
        public static IReadOnlyList<QueueGaugeSample> Sample(IReadOnlyList<JournalEvent> events, string queueUrl, TimeSpan interval, TimeSpan end)
        {
            if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The sampling interval must be positive.");
            var instants = new List<TimeSpan>();
            for (var at = TimeSpan.Zero; at <= end; at += interval) instants.Add(at);
            return SampleAt(events, queueUrl, instants);
        }

        /// <summary>The queue read at each of <paramref name="instants"/> (ascending) at which it existed.</summary>
        public static IReadOnlyList<QueueGaugeSample> SampleAt(IReadOnlyList<JournalEvent> events, string queueUrl, IEnumerable<TimeSpan> instants)
        {
            var replay = new QueueGaugeReplay(queueUrl);
            var ordered = events.Where(replay.Names).OrderBy(e => e.ScenarioTime).ThenBy(e => e.Sequence).ToArray();
            var samples = new List<QueueGaugeSample>();
            if (ordered.Length == 0) return samples;
            var exists = false;
            var next = 0;
            foreach (var at in instants)
            {
                for (; next < ordered.Length && ordered[next].ScenarioTime <= at; next++)
                    exists = replay.Apply(ordered[next]);
                if (exists) samples.Add(replay.Read(at));
            }
            return samples;
        }

        /// <summary>Whether the event concerns this queue: its own, or a message moved into or out of it.</summary>
        private bool Names(JournalEvent e) =>
            string.Equals(e.QueueUrl, _queueUrl, StringComparison.Ordinal)
            || (e.Kind == JournalEventKind.MovedToDeadLetterQueue && string.Equals(e.TargetQueueUrl, _queueUrl, StringComparison.Ordinal))
            || (e.Kind == JournalEventKind.Redriven && string.Equals(e.SourceQueueUrl, _queueUrl, StringComparison.Ordinal));

        /// <summary>Applies one event; returns whether the queue exists after it.</summary>
        private bool Apply(JournalEvent e)
        {
            var t = e.ScenarioTime;
            var ours = string.Equals(e.QueueUrl, _queueUrl, StringComparison.Ordinal);
            switch (e.Kind)
            {
                case JournalEventKind.QueueCreated:
                    _held.Clear();
                    _queueDelaySeconds = e.DelaySeconds ?? 0;
                    return true;
                case JournalEventKind.QueueDeleted:
                    _held.Clear();
                    return false;
                case JournalEventKind.Sent:
                    Enqueue(e.MessageId, t, t + TimeSpan.FromSeconds(e.DelaySeconds ?? _queueDelaySeconds));
                    return true;
                case JournalEventKind.Redriven:
                    if (ours) Enqueue(e.MessageId, t, t);
                    else Depart(e.SourceMessageId);
                    return true;
                case JournalEventKind.MovedToDeadLetterQueue:
                    // In the DLQ the age counts from the move (CloudWatch: "represents the time when the message was moved").
                    if (ours) Depart(e.MessageId);
                    else Enqueue(e.MessageId, t, t);
                    return true;
                case JournalEventKind.Received:
                    Receive(e.MessageId, t, e.ReceiveCount, e.VisibilityTimeoutSeconds ?? 30);
                    return true;
                case JournalEventKind.VisibilityChanged:
                case JournalEventKind.VisibilityExtended:
                    if (e.MessageId != null && _held.TryGetValue(e.MessageId, out var held) && e.VisibilityTimeoutSeconds is double seconds)
                        held.AvailableAt = t + TimeSpan.FromSeconds(seconds);
                    return true;
                case JournalEventKind.Deleted:
                case JournalEventKind.DeleteMayNotHaveDeleted:
                    if (!Superseded(e)) Depart(e.MessageId);
                    return true;
                case JournalEventKind.PurgedMessage:
                case JournalEventKind.RetentionExpired:
                    Depart(e.MessageId);
                    return true;
                case JournalEventKind.Purged:
                    foreach (var id in _held.Where(h => h.Value.EnqueuedAt <= t).Select(h => h.Key).ToArray()) Depart(id);
                    return true;
                default:
                    return true;
            }
        }

        /// <summary>
        /// A message arrives. A sender journals its send after the call returns, so a fast consumer's receive or
        /// delete of the same message can come first in the journal: the send then only dates the message.
        /// </summary>
        private void Enqueue(string? messageId, TimeSpan enqueuedAt, TimeSpan availableAt)
        {
            if (messageId == null) return;
            if (_held.TryGetValue(messageId, out var known))
            {
                if (enqueuedAt < known.EnqueuedAt) known.EnqueuedAt = enqueuedAt;
                return;
            }
            if (_departed.ContainsKey(messageId)) return;
            _held[messageId] = new Held { EnqueuedAt = enqueuedAt, AvailableAt = availableAt };
        }

        private void Receive(string? messageId, TimeSpan at, int receiveCount, double visibilitySeconds)
        {
            if (messageId == null) return;
            if (!_held.TryGetValue(messageId, out var held))
            {
                // A message sent before the journal began, or one a delete did not really take: back in flight.
                held = new Held { EnqueuedAt = _departed.TryGetValue(messageId, out var enqueued) ? enqueued : at };
                _departed.Remove(messageId);
                _held[messageId] = held;
            }
            held.Received = true;
            held.ReceiveCount = Math.Max(held.ReceiveCount, receiveCount);
            held.AvailableAt = at + TimeSpan.FromSeconds(visibilitySeconds);
        }

        /// <summary>
        /// A delete with the receipt handle of an older receive, the message having been received again since: the
        /// embedded broker ignores it (SQS need not act on it), and the message stays with its latest receiver.
        /// </summary>
        private bool Superseded(JournalEvent delete) =>
            delete.MessageId != null && delete.ReceiptGeneration is int generation
            && _held.TryGetValue(delete.MessageId, out var held) && held.ReceiveCount > generation;

        private void Depart(string? messageId)
        {
            if (messageId == null || !_held.TryGetValue(messageId, out var held)) return;
            _held.Remove(messageId);
            _departed[messageId] = held.EnqueuedAt;
        }

        private QueueGaugeSample Read(TimeSpan at)
        {
            long visible = 0, notVisible = 0, delayed = 0;
            var oldest = (TimeSpan?)null;
            foreach (var held in _held.Values)
            {
                if (held.AvailableAt <= at) visible++;
                else if (held.Received) notVisible++;
                else delayed++;
                if (held.ReceiveCount < PoisonReceiveCount && (oldest == null || held.EnqueuedAt < oldest)) oldest = held.EnqueuedAt;
            }
            var age = oldest is TimeSpan o ? Math.Floor((at - o).TotalSeconds) : 0;
            return new QueueGaugeSample(at, visible, notVisible, delayed, Math.Max(0, age));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Journal
{
    /// <summary>The append-only record of a run. Thread-safe; readers get snapshots.</summary>
    public sealed class EventJournal
    {
        private readonly List<JournalEvent> _events = new List<JournalEvent>();
        private readonly object _gate = new object();
        private readonly TimeProvider _clock;
        private long _sequence;

        public EventJournal(TimeProvider clock)
        {
            _clock = clock;
            StartedAt = clock.GetUtcNow();
        }

        /// <summary>Scenario time zero.</summary>
        public DateTimeOffset StartedAt { get; }

        /// <summary>Raised after each append, outside the journal's lock.</summary>
        public event EventHandler<JournalEvent>? Appended;

        public int Count { get { lock (_gate) return _events.Count; } }

        public JournalEvent Record(JournalEventKind kind, string? queueUrl = null, string? messageId = null, string? actor = null,
            int receiveCount = 0, string? receiptHandle = null, string? detail = null, string? bodyId = null, DateTimeOffset? time = null)
        {
            JournalEvent entry;
            lock (_gate)
            {
                var at = time ?? _clock.GetUtcNow();
                entry = new JournalEvent(++_sequence, at, at - StartedAt, kind, queueUrl, messageId, actor, receiveCount, receiptHandle, detail, bodyId);
                _events.Add(entry);
            }
            Appended?.Invoke(this, entry);
            return entry;
        }

        public IReadOnlyList<JournalEvent> Snapshot()
        {
            lock (_gate) return _events.ToArray();
        }

        public IReadOnlyList<JournalEvent> Where(Func<JournalEvent, bool> predicate)
        {
            lock (_gate) return _events.Where(predicate).ToArray();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

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
            int receiveCount = 0, string? receiptHandle = null, string? detail = null, string? bodyId = null, DateTimeOffset? time = null, JournalFacts? facts = null)
        {
            JournalEvent entry;
            lock (_gate)
            {
                var at = time ?? _clock.GetUtcNow();
                entry = new JournalEvent(++_sequence, at, at - StartedAt, kind, queueUrl, messageId, actor, receiveCount, receiptHandle, detail, bodyId, facts);
                _events.Add(entry);
            }
            Appended?.Invoke(this, entry);
            return entry;
        }

        public IReadOnlyList<JournalEvent> Snapshot()
        {
            lock (_gate) return _events.ToArray();
        }

        /// <summary>
        /// Waits until <paramref name="count"/> events match (counting those already recorded),
        /// or the scenario-time <paramref name="timeout"/> ends; returns the matches so far.
        /// Woken by each append, never by polling; <paramref name="observe"/> sees the count of matches at each look.
        /// </summary>
        public async Task<IReadOnlyList<JournalEvent>> WaitForAsync(Func<JournalEvent, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken,
            Action<int>? observe = null)
        {
            var signal = new SemaphoreSlim(0);
            EventHandler<JournalEvent> onAppended = (_, e) => { if (predicate(e)) signal.Release(); };
            Appended += onAppended;
            try
            {
                var deadline = _clock.GetUtcNow() + timeout;
                while (true)
                {
                    var matches = Where(predicate);
                    observe?.Invoke(matches.Count);
                    if (matches.Count >= count) return matches;
                    var remaining = deadline - _clock.GetUtcNow();
                    if (remaining <= TimeSpan.Zero) return matches;
                    using (var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        var delay = _clock.Delay(remaining, wake.Token);
                        var appended = signal.WaitAsync(wake.Token);
                        await Task.WhenAny(delay, appended).ConfigureAwait(false);
                        wake.Cancel();
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
            finally
            {
                Appended -= onAppended;
            }
        }

        public IReadOnlyList<JournalEvent> Where(Func<JournalEvent, bool> predicate)
        {
            lock (_gate) return _events.Where(predicate).ToArray();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// One queue: its settings and its messages, behind one lock. Every message is in exactly
    /// one of three indices by state (visible: the queue type's <see cref="IReadyMessages"/>;
    /// in flight: by visibility deadline; delayed: by due time), plus the age index (retention)
    /// and, once received here, the handle index (by sequence number). Time-driven changes
    /// (visibility expiry, delay end, retention, a purge's window) happen lazily: every
    /// operation first advances the queue to now, popping only what is due, O(k log n).
    /// FIFO queues differ in the strategy (<see cref="FifoReadyMessages"/>), in the deduplication
    /// and receive-attempt histories (QueueState.Fifo.cs) and in how stale handles fail.
    /// Notifications are collected under the lock and raised by the caller after it.
    /// </summary>
    internal sealed partial class QueueState
    {
        private readonly object _gate = new object();
        private readonly BrokerContext _context;
        private readonly IReadyMessages _ready;
        private readonly SortedSet<StoredMessage> _inFlight = new SortedSet<StoredMessage>(DeadlineOrder.Instance);
        private readonly SortedSet<StoredMessage> _delayed = new SortedSet<StoredMessage>(DeadlineOrder.Instance);
        private readonly MessageChain<AgeLinks> _byAge = new MessageChain<AgeLinks>(AgeOrder.Instance);
        private readonly Dictionary<long, StoredMessage> _received = new Dictionary<long, StoredMessage>();
        private volatile QueueSettings _settings;
        private long _nextSeq = 1;
        private long _lastModifiedTicks;
        private bool _deleted;

        public QueueState(int id, string name, QueueSettings settings, long createdTicks, BrokerContext context)
        {
            Id = id;
            Name = name;
            Url = context.Addressing.UrlOf(name);
            Arn = context.Addressing.ArnOf(name);
            _settings = settings;
            _context = context;
            CreatedTicks = createdTicks;
            _lastModifiedTicks = createdTicks;
            _ready = settings.IsFifo
                ? (IReadyMessages)new FifoReadyMessages()
                : new StandardReadyMessages(context.Random, context.Options.ReorderWindow);
        }

        /// <summary>Unique per broker and never reused, so a handle of a deleted queue is never valid for its successor.</summary>
        public int Id { get; }
        public string Name { get; }
        public string Url { get; }
        public string Arn { get; }
        public long CreatedTicks { get; }
        public bool IsFifo => _settings.IsFifo;

        /// <summary>The current settings snapshot (immutable; replaced whole by <see cref="ReplaceSettings"/>).</summary>
        public QueueSettings Settings => _settings;

        public void ReplaceSettings(QueueSettings settings, long nowTicks)
        {
            lock (_gate)
            {
                EnsureAlive();
                _settings = settings;
                _lastModifiedTicks = nowTicks;
            }
        }

        public IReadOnlyDictionary<string, string> GetAttributes(ICollection<string> names, bool all, long now, List<BrokerNotificationEventArgs> notes)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                var settings = _settings;
                IEnumerable<string> wanted = all ? (IEnumerable<string>)QueueAttributeParser.Readable : names;
                foreach (var name in wanted)
                {
                    var value = ValueOf(name, settings, now);
                    if (value != null) result[name] = value;
                }
            }
            return result;
        }

        private string? ValueOf(string name, QueueSettings settings, long now)
        {
            switch (name)
            {
                case QueueAttributeName.QueueArn: return Arn;
                case QueueAttributeName.CreatedTimestamp: return EpochSeconds(CreatedTicks);
                case QueueAttributeName.LastModifiedTimestamp: return EpochSeconds(_lastModifiedTicks);
                case QueueAttributeName.ApproximateNumberOfMessages: return Text(_ready.Count);
                case QueueAttributeName.ApproximateNumberOfMessagesNotVisible: return Text(_inFlight.Count);
                case QueueAttributeName.ApproximateNumberOfMessagesDelayed: return Text(_delayed.Count);
                default: return settings.ValueOf(name);
            }
        }

        /// <summary>CloudWatch's ApproximateAgeOfOldestMessage: seconds since the oldest message (visible, in flight or delayed) was enqueued; 0 when empty.</summary>
        public long AgeOfOldestMessageSeconds(long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                return _byAge.Count == 0 ? 0 : Math.Max(0, (now - _byAge.First!.EnqueuedTicks) / TimeSpan.TicksPerSecond);
            }
        }

        /// <summary>Deletes the queue: later operations fail QueueDoesNotExist; long polls wake and fail too.</summary>
        public void MarkDeleted()
        {
            lock (_gate)
            {
                if (_deleted) return;
                _deleted = true;
                _ready.Clear();
                _inFlight.Clear();
                _delayed.Clear();
                _byAge.Clear();
                _received.Clear();
                _purgeDoomed = null;
                ForgetFifoHistory();
                WakeAllWaiters();
                DisposeTimer();
            }
        }

        private void EnsureAlive()
        {
            if (_deleted) throw SqsErrors.QueueDoesNotExist();
        }

        /// <summary>Brings the queue to <paramref name="now"/>: retention, a purge's window, visibility expiry, delay end.</summary>
        private void Advance(long now, List<BrokerNotificationEventArgs> notes)
        {
            var retention = _settings.RetentionTicks;
            while (_byAge.Count > 0)
            {
                var oldest = _byAge.First!;
                var expiresAt = oldest.EnqueuedTicks + retention;
                if (expiresAt > now) break;
                Detach(oldest);
                notes.Add(Note(BrokerNotificationKind.RetentionExpired, oldest, expiresAt,
                    "older than the queue's MessageRetentionPeriod (" + Text(_settings.MessageRetentionPeriod) + " s)"));
            }
            if (_purgeDoomed != null && now >= _purgeCompletesTicks) CompletePurge(notes);
            while (_inFlight.Count > 0)
            {
                var next = _inFlight.Min!;
                if (next.DueTicks > now) break;
                _inFlight.Remove(next);
                _ready.Released(next);
                next.State = MessageState.Visible;
                _ready.Add(next);
            }
            while (_delayed.Count > 0)
            {
                var next = _delayed.Min!;
                if (next.DueTicks > now) break;
                _delayed.Remove(next);
                next.State = MessageState.Visible;
                _ready.Add(next);
            }
        }

        /// <summary>Takes a message out of every index of this queue.</summary>
        private void Detach(StoredMessage message)
        {
            switch (message.State)
            {
                case MessageState.Visible: _ready.Remove(message); break;
                case MessageState.InFlight:
                    _inFlight.Remove(message);
                    _ready.Released(message);
                    break;
                case MessageState.Delayed:
                    _delayed.Remove(message);
                    _ready.RemoveDelayed(message);
                    break;
                case MessageState.Gone: return;
            }
            _byAge.Remove(message);
            if (message.Nonce != 0) _received.Remove(message.Seq);
            _purgeDoomed?.Remove(message);
            message.State = MessageState.Gone;
        }

        /// <summary>Admits a message (sent or moved in) into this queue; the caller holds the lock.</summary>
        private void Admit(StoredMessage message, long now, int delaySeconds)
        {
            message.Seq = _nextSeq++;
            message.Nonce = 0;
            if (delaySeconds > 0)
            {
                message.State = MessageState.Delayed;
                message.DueTicks = now + delaySeconds * TimeSpan.TicksPerSecond;
                _delayed.Add(message);
                _ready.AddDelayed(message);
            }
            else
            {
                message.State = MessageState.Visible;
                message.DueTicks = 0;
                _ready.Add(message);
            }
            _byAge.Add(message);
            _purgeDoomed?.Add(message);
        }

        private BrokerNotificationEventArgs Note(BrokerNotificationKind kind, StoredMessage message, long ticks, string? detail = null, string? targetUrl = null,
            int? receiptGeneration = null) =>
            new BrokerNotificationEventArgs(kind, Url, message.MessageId, new DateTimeOffset(ticks, TimeSpan.Zero), detail, targetUrl, message.ReceiveCount,
                receiptGeneration: receiptGeneration);

        private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string EpochSeconds(long ticks) => Text(new DateTimeOffset(ticks, TimeSpan.Zero).ToUnixTimeSeconds());
    }
}

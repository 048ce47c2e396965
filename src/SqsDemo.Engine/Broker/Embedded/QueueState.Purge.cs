using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    internal sealed partial class QueueState
    {
        private long _lastPurgeTicks = long.MinValue;
        private long _purgeCompletesTicks;
        /// <summary>Messages that arrived while a purge is still running: deleted when it completes.</summary>
        private HashSet<StoredMessage>? _purgeDoomed;

        /// <summary>
        /// Purges: every message present (visible, in flight, delayed) is deleted at once. The purge
        /// itself completes at a moment drawn from the seed within the 60-second window; messages
        /// that arrive before that moment are deleted when it passes (SQS's "messages sent during
        /// the purge may be deleted"). A second purge within 60 s fails PurgeQueueInProgress.
        /// A FIFO queue's deduplication history (and receive attempts) are cleared too.
        /// </summary>
        public void Purge(long now, List<BrokerNotificationEventArgs> notes)
        {
            var window = SqsLimits.PurgeWindowSeconds * TimeSpan.TicksPerSecond;
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                if (_lastPurgeTicks != long.MinValue && now - _lastPurgeTicks < window) throw SqsErrors.PurgeInProgress(Name);
                _lastPurgeTicks = now;
                foreach (var message in _byAge.InOrder())
                {
                    message.State = MessageState.Gone;
                    notes.Add(Note(BrokerNotificationKind.PurgedMessage, message, now, "purged"));
                }
                _ready.Clear();
                _inFlight.Clear();
                _delayed.Clear();
                _byAge.Clear();
                _received.Clear();
                ForgetFifoHistory();
                _purgeCompletesTicks = now + Math.Max(1, (long)(_context.Random.NextDouble() * window));
                _purgeDoomed = new HashSet<StoredMessage>();
                AfterChange(now, notes);
            }
        }

        private void CompletePurge(List<BrokerNotificationEventArgs> notes)
        {
            var doomed = _purgeDoomed!;
            _purgeDoomed = null;
            var inArrivalOrder = new List<StoredMessage>(doomed);
            inArrivalOrder.Sort(ArrivalOrder.Instance);
            foreach (var message in inArrivalOrder)
            {
                if (message.State == MessageState.Gone) continue;
                Detach(message);
                notes.Add(Note(BrokerNotificationKind.PurgedMessage, message, _purgeCompletesTicks, "sent while the purge was in progress"));
            }
        }
    }
}

using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>What a send returns: the message's id, and on FIFO queues its sequence number (a duplicate returns the original's).</summary>
    internal readonly struct SendOutcome
    {
        public SendOutcome(string messageId, string? sequenceNumber)
        {
            MessageId = messageId;
            SequenceNumber = sequenceNumber;
        }

        public string MessageId { get; }
        public string? SequenceNumber { get; }
    }

    /// <summary>
    /// FIFO histories, both kept for <see cref="FifoSequence.IntervalTicks"/> (5 minutes) from the
    /// event that created the entry and pruned in arrival order (amortised O(1)):
    /// deduplication ids of accepted sends (remembered after the message is received, deleted or
    /// moved; cleared by a purge), and the results of receives made with a ReceiveRequestAttemptId.
    /// </summary>
    internal sealed partial class QueueState
    {
        private readonly Dictionary<string, DeduplicationEntry> _deduplication = new Dictionary<string, DeduplicationEntry>(StringComparer.Ordinal);
        private readonly Queue<KeyValuePair<string, long>> _deduplicationOrder = new Queue<KeyValuePair<string, long>>();
        private readonly Dictionary<string, ReceiveAttempt> _attempts = new Dictionary<string, ReceiveAttempt>(StringComparer.Ordinal);
        private readonly Queue<KeyValuePair<string, long>> _attemptOrder = new Queue<KeyValuePair<string, long>>();

        /// <summary>Number of deduplication ids remembered (for tests).</summary>
        internal int DeduplicationHistoryCount
        {
            get { lock (_gate) return _deduplication.Count; }
        }

        /// <summary>
        /// Admits a FIFO message unless its deduplication id was accepted within the last 5 minutes
        /// (per queue, or per group with DeduplicationScope=messageGroup): then the send is accepted
        /// but nothing is enqueued, and the outcome is the original message's. Caller holds the lock.
        /// </summary>
        private SendOutcome AdmitFifo(StoredMessage message, string deduplicationId, long now, int queueDelay)
        {
            var key = _settings.DeduplicatesPerGroup ? message.GroupId + "\n" + deduplicationId : deduplicationId;
            if (_deduplication.TryGetValue(key, out var original) && now - original.Ticks < FifoSequence.IntervalTicks)
                return new SendOutcome(original.MessageId.ToString("D"), FifoSequence.Format(original.Seq));
            message.DeduplicationId = deduplicationId;
            Admit(message, now, queueDelay);
            _deduplication[key] = new DeduplicationEntry(message.Id, message.Seq, now);
            _deduplicationOrder.Enqueue(new KeyValuePair<string, long>(key, now));
            return new SendOutcome(message.MessageId, FifoSequence.Format(message.Seq));
        }

        private void PruneDeduplication(long now)
        {
            while (_deduplicationOrder.Count > 0)
            {
                var oldest = _deduplicationOrder.Peek();
                if (now - oldest.Value < FifoSequence.IntervalTicks) break;
                _deduplicationOrder.Dequeue();
                if (_deduplication.TryGetValue(oldest.Key, out var entry) && entry.Ticks == oldest.Value) _deduplication.Remove(oldest.Key);
            }
        }

        /// <summary>
        /// A retried receive: when <paramref name="attemptId"/> named a receive in the last 5 minutes
        /// whose messages are all still in flight under it, unmodified (not deleted, visibility not
        /// changed, not expired), returns the same messages with the same receipt handles and resets
        /// their visibility to that receive's timeout (within the 12-hour cap). Otherwise forgets the
        /// attempt and returns false: the caller receives afresh. Caller holds the lock.
        /// </summary>
        private bool TryReplayAttempt(string attemptId, long now, List<Message> result)
        {
            PruneAttempts(now);
            if (!_attempts.TryGetValue(attemptId, out var attempt)) return false;
            for (var i = 0; i < attempt.Messages.Length; i++)
            {
                var message = attempt.Messages[i];
                if (message.State != MessageState.InFlight || message.Nonce != attempt.Nonces[i] || message.DueTicks != attempt.Due[i]
                    || !_received.TryGetValue(message.Seq, out var here) || !ReferenceEquals(here, message))
                {
                    _attempts.Remove(attemptId);
                    return false;
                }
            }
            var cap = SqsLimits.MaxVisibilityTimeoutSeconds * TimeSpan.TicksPerSecond;
            for (var i = 0; i < attempt.Messages.Length; i++)
            {
                var message = attempt.Messages[i];
                var due = Math.Min(now + attempt.VisibilityTicks, message.ReceivedAtTicks + cap);
                if (due != message.DueTicks)
                {
                    _inFlight.Remove(message);
                    message.DueTicks = due;
                    _inFlight.Add(message);
                    attempt.Due[i] = due;
                }
                result.Add(ToMessage(message));
            }
            return true;
        }

        private void RememberAttempt(string attemptId, List<StoredMessage> delivered, long visibilityTicks, long now)
        {
            var attempt = new ReceiveAttempt(now, visibilityTicks, delivered.ToArray());
            for (var i = 0; i < attempt.Messages.Length; i++)
            {
                attempt.Nonces[i] = attempt.Messages[i].Nonce;
                attempt.Due[i] = attempt.Messages[i].DueTicks;
            }
            _attempts[attemptId] = attempt;
            _attemptOrder.Enqueue(new KeyValuePair<string, long>(attemptId, now));
        }

        private void PruneAttempts(long now)
        {
            while (_attemptOrder.Count > 0)
            {
                var oldest = _attemptOrder.Peek();
                if (now - oldest.Value < FifoSequence.IntervalTicks) break;
                _attemptOrder.Dequeue();
                if (_attempts.TryGetValue(oldest.Key, out var entry) && entry.Ticks == oldest.Value) _attempts.Remove(oldest.Key);
            }
        }

        /// <summary>A purge (or the queue's deletion) clears the deduplication history and the receive attempts.</summary>
        private void ForgetFifoHistory()
        {
            _deduplication.Clear();
            _deduplicationOrder.Clear();
            _attempts.Clear();
            _attemptOrder.Clear();
        }

        private readonly struct DeduplicationEntry
        {
            public DeduplicationEntry(Guid messageId, long seq, long ticks)
            {
                MessageId = messageId;
                Seq = seq;
                Ticks = ticks;
            }

            public Guid MessageId { get; }
            public long Seq { get; }
            public long Ticks { get; }
        }

        private sealed class ReceiveAttempt
        {
            public ReceiveAttempt(long ticks, long visibilityTicks, StoredMessage[] messages)
            {
                Ticks = ticks;
                VisibilityTicks = visibilityTicks;
                Messages = messages;
                Nonces = new int[messages.Length];
                Due = new long[messages.Length];
            }

            public long Ticks { get; }
            public long VisibilityTicks { get; }
            public StoredMessage[] Messages { get; }
            public int[] Nonces { get; }
            public long[] Due { get; }
        }
    }
}

using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    internal sealed partial class QueueState
    {
        /// <summary>
        /// Enqueues validated messages atomically and in order; returns each one's outcome. FIFO: a
        /// duplicate within the deduplication interval is accepted and not enqueued (its outcome is
        /// the original's), and only the queue's delay applies.
        /// </summary>
        public SendOutcome[] Send(IReadOnlyList<PreparedMessage> prepared, long now, List<BrokerNotificationEventArgs> notes)
        {
            var stored = new StoredMessage[prepared.Count];
            for (var i = 0; i < prepared.Count; i++)
            {
                var p = prepared[i];
                stored[i] = new StoredMessage(_context.Random.NextGuid(), p.Body, p.Digest, p.Attributes, p.AttributesDigest, p.AwsTraceHeader, p.GroupId, now);
            }
            var outcomes = new SendOutcome[stored.Length];
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                var queueDelay = _settings.DelaySeconds;
                if (IsFifo)
                {
                    PruneDeduplication(now);
                    for (var i = 0; i < stored.Length; i++)
                        outcomes[i] = AdmitFifo(stored[i], prepared[i].DeduplicationId ?? throw new InvalidOperationException("A FIFO send without a deduplication id."), now, queueDelay);
                }
                else
                {
                    for (var i = 0; i < stored.Length; i++)
                    {
                        Admit(stored[i], now, prepared[i].DelaySeconds ?? queueDelay);
                        outcomes[i] = new SendOutcome(stored[i].MessageId, null);
                    }
                }
                AfterChange(now, notes);
            }
            return outcomes;
        }

        /// <summary>
        /// Takes in a message a redrive policy moved here: same id, body, attributes, group and receive
        /// count, plus the source's ARN. A standard queue keeps the original enqueue time; a FIFO queue
        /// resets it (retention starts again) and makes the MessageId the deduplication id. Returns
        /// false when this queue is gone.
        /// </summary>
        public bool AcceptDeadLetter(StoredMessage message, string sourceArn, long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                if (_deleted) return false;
                Advance(now, notes);
                message.DeadLetterSourceArn = sourceArn;
                if (IsFifo)
                {
                    message.EnqueuedTicks = now;
                    message.DeduplicationId = message.MessageId;
                }
                Admit(message, now, 0);
                AfterChange(now, notes);
                return true;
            }
        }
    }
}

using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    internal sealed partial class QueueState
    {
        /// <summary>Enqueues validated messages atomically; returns their stored form (ids) in order.</summary>
        public StoredMessage[] Send(IReadOnlyList<PreparedMessage> prepared, long now, List<BrokerNotificationEventArgs> notes)
        {
            var stored = new StoredMessage[prepared.Count];
            for (var i = 0; i < prepared.Count; i++)
            {
                var p = prepared[i];
                stored[i] = new StoredMessage(_context.Random.NextGuid(), p.Body, p.Digest, p.Attributes, p.GroupId, now);
            }
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                var queueDelay = _settings.DelaySeconds;
                for (var i = 0; i < stored.Length; i++)
                    Admit(stored[i], now, prepared[i].DelaySeconds ?? queueDelay);
                AfterChange(now, notes);
            }
            return stored;
        }

        /// <summary>
        /// Takes in a message a redrive policy moved here: same id, body, attributes, receive count
        /// and (standard) enqueue time, plus the source's ARN. Returns false when this queue is gone.
        /// </summary>
        public bool AcceptDeadLetter(StoredMessage message, string sourceArn, long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                if (_deleted) return false;
                Advance(now, notes);
                message.DeadLetterSourceArn = sourceArn;
                Admit(message, now, 0);
                AfterChange(now, notes);
                return true;
            }
        }
    }
}

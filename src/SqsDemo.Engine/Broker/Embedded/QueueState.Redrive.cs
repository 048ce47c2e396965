using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>What a message move task needs from its source queue when it starts.</summary>
    internal readonly struct RedriveStart
    {
        public RedriveStart(int visible, long beforeSeq)
        {
            Visible = visible;
            BeforeSeq = beforeSeq;
        }

        /// <summary>ApproximateNumberOfMessages at the start: ApproximateNumberOfMessagesToMove.</summary>
        public int Visible { get; }

        /// <summary>The task moves only messages that arrived before this sequence number (not those dead-lettered again meanwhile).</summary>
        public long BeforeSeq { get; }
    }

    /// <summary>One message a move task took from its source, and the queue it goes to.</summary>
    internal readonly struct RedriveMove
    {
        public RedriveMove(StoredMessage message, QueueState target)
        {
            Message = message;
            Target = target;
        }

        public StoredMessage Message { get; }
        public QueueState Target { get; }
    }

    /// <summary>
    /// The queue's side of message move tasks (DLQ redrive): the source gives up its oldest visible
    /// messages, a destination takes in new messages. Each step holds only one queue's lock.
    /// </summary>
    internal sealed partial class QueueState
    {
        /// <summary>The visible count and the next arrival number, for a move task starting now; null when the queue is gone.</summary>
        public RedriveStart? BeginRedrive(long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                if (_deleted) return null;
                Advance(now, notes);
                return new RedriveStart(_ready.Count, _nextSeq);
            }
        }

        /// <summary>
        /// Takes up to <paramref name="max"/> visible messages that arrived before
        /// <paramref name="beforeSeq"/>, oldest first, into <paramref name="moves"/> with the queue
        /// <paramref name="targetOf"/> picks for each (a lock-free lookup). A message without a target
        /// stays where it is, is returned in <paramref name="blocked"/>, and taking stops. In-flight
        /// and delayed messages are not taken. Returns false when this queue is gone.
        /// </summary>
        public bool TakeForRedrive(int max, long beforeSeq, Func<StoredMessage, QueueState?> targetOf, List<RedriveMove> moves,
            out StoredMessage? blocked, long now, List<BrokerNotificationEventArgs> notes)
        {
            blocked = null;
            lock (_gate)
            {
                if (_deleted) return false;
                Advance(now, notes);
                while (moves.Count < max)
                {
                    var message = _ready.OldestVisible(beforeSeq);
                    if (message == null) break;
                    var target = targetOf(message);
                    if (target == null)
                    {
                        blocked = message;
                        break;
                    }
                    Detach(message);
                    moves.Add(new RedriveMove(message, target));
                }
                AfterChange(now, notes);
                return true;
            }
        }

        /// <summary>
        /// Takes in a redriven message: a new message (the caller gave it a new id and enqueue time)
        /// under the queue's DelaySeconds, waking long polls. Returns false when this queue is gone.
        /// </summary>
        public bool AcceptRedriven(StoredMessage message, long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                if (_deleted) return false;
                Advance(now, notes);
                Admit(message, now, _settings.DelaySeconds);
                AfterChange(now, notes);
                return true;
            }
        }

        /// <summary>Puts back messages a move task took but could not deliver (at the back, keeping id and enqueue time); false when this queue is gone too.</summary>
        public bool ReturnUndelivered(IReadOnlyList<StoredMessage> messages, long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                if (_deleted) return false;
                Advance(now, notes);
                foreach (var message in messages) Admit(message, now, 0);
                AfterChange(now, notes);
                return true;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using SqsDemo.Engine.Clock;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// A standard queue's visible messages in arrival order (a message whose visibility expired
    /// keeps its place, so it comes back near the front). Delivery is best-effort: each pick is
    /// drawn from the seed among the first <c>window + 1</c> messages, so no message is delivered
    /// more than <c>window</c> places early.
    /// </summary>
    /// <remarks>
    /// The first <c>window + 1</c> messages are kept apart, in order, in a small array (the front);
    /// the rest in a <see cref="MessageChain{TLinks}"/>, every one of them after the front's (new
    /// messages join its end in O(1)). A pick takes from the front and refills it with the rest's
    /// first message: O(window), or O(window + log n) while messages whose visibility expired wait
    /// in the chain's sorted set; no enumeration (an enumerator of a sorted set allocates a stack as
    /// deep as the tree, on every pick).
    /// </remarks>
    internal sealed class StandardReadyMessages : IReadyMessages
    {
        private readonly MessageChain<ReadyLinks> _rest = new MessageChain<ReadyLinks>(ArrivalOrder.Instance);
        private readonly StoredMessage?[] _front;
        private int _frontCount;
        private readonly SeededRandom _random;
        private readonly int _window;

        public StandardReadyMessages(SeededRandom random, int window)
        {
            _random = random;
            _window = window;
            _front = new StoredMessage?[window + 1];
        }

        public int Count => _frontCount + _rest.Count;

        public int Deliverable => Count;

        public void Add(StoredMessage message)
        {
            if (_frontCount < _front.Length)
            {
                // The front has room only when the rest is empty.
                InsertFront(message);
                return;
            }
            var last = _front[_frontCount - 1]!;
            if (message.Seq < last.Seq)
            {
                // It belongs in the front: the front's last message becomes the rest's first.
                _front[--_frontCount] = null;
                _rest.Add(last);
                InsertFront(message);
            }
            else
            {
                _rest.Add(message);
            }
        }

        public bool Remove(StoredMessage message)
        {
            for (var i = 0; i < _frontCount; i++)
            {
                if (!ReferenceEquals(_front[i], message)) continue;
                RemoveFrontAt(i);
                return true;
            }
            return _rest.Remove(message);
        }

        public StoredMessage? TakeNext()
        {
            var count = Count;
            if (count == 0) return null;
            var span = Math.Min(_window, count - 1);
            var index = span == 0 ? 0 : _random.Next(0, span + 1);
            var picked = _front[index]!;
            RemoveFrontAt(index);
            return picked;
        }

        public void Clear()
        {
            Array.Clear(_front, 0, _front.Length);
            _frontCount = 0;
            _rest.Clear();
        }

        public StoredMessage? OldestVisible(long beforeSeq)
        {
            var oldest = _frontCount > 0 ? _front[0] : null;
            return oldest != null && oldest.Seq < beforeSeq ? oldest : null;
        }

        // Delayed and in-flight messages do not affect best-effort order.
        public void AddDelayed(StoredMessage message) { }

        public void RemoveDelayed(StoredMessage message) { }

        public void EndReceive() { }

        public void Released(StoredMessage message) { }

        /// <summary>Inserts into the front (which has room) in arrival order.</summary>
        private void InsertFront(StoredMessage message)
        {
            var i = _frontCount;
            while (i > 0 && _front[i - 1]!.Seq > message.Seq)
            {
                _front[i] = _front[i - 1];
                i--;
            }
            _front[i] = message;
            _frontCount++;
        }

        /// <summary>Takes the front's <paramref name="index"/>th message out and refills the front from the rest.</summary>
        private void RemoveFrontAt(int index)
        {
            Array.Copy(_front, index + 1, _front, index, _frontCount - index - 1);
            _front[--_frontCount] = null;
            var next = _rest.TakeFirst();
            if (next != null) _front[_frontCount++] = next;
        }
    }
}

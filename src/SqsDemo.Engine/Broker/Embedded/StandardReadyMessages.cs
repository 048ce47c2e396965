using System;
using System.Collections.Generic;
using SqsDemo.Engine.Clock;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// A standard queue's visible messages in arrival order (a message whose visibility expired
    /// keeps its place, so it comes back near the front). Delivery is best-effort: each pick is
    /// drawn from the seed among the first <c>window + 1</c> messages, so no message is delivered
    /// more than <c>window</c> places early. O(window + log n) per pick.
    /// </summary>
    internal sealed class StandardReadyMessages : IReadyMessages
    {
        private readonly SortedSet<StoredMessage> _messages = new SortedSet<StoredMessage>(ArrivalOrder.Instance);
        private readonly SeededRandom _random;
        private readonly int _window;

        public StandardReadyMessages(SeededRandom random, int window)
        {
            _random = random;
            _window = window;
        }

        public int Count => _messages.Count;

        public int Deliverable => _messages.Count;

        public void Add(StoredMessage message) => _messages.Add(message);

        public bool Remove(StoredMessage message) => _messages.Remove(message);

        public StoredMessage? TakeNext()
        {
            if (_messages.Count == 0) return null;
            var span = Math.Min(_window, _messages.Count - 1);
            StoredMessage? picked = null;
            if (span == 0)
            {
                picked = _messages.Min;
            }
            else
            {
                var index = _random.Next(0, span + 1);
                foreach (var message in _messages)
                {
                    if (index-- == 0)
                    {
                        picked = message;
                        break;
                    }
                }
            }
            _messages.Remove(picked!);
            return picked;
        }

        public void Clear() => _messages.Clear();

        public StoredMessage? OldestVisible(long beforeSeq)
        {
            var oldest = _messages.Min;
            return oldest != null && oldest.Seq < beforeSeq ? oldest : null;
        }

        // Delayed and in-flight messages do not affect best-effort order.
        public void AddDelayed(StoredMessage message) { }

        public void RemoveDelayed(StoredMessage message) { }

        public void EndReceive() { }

        public void Released(StoredMessage message) { }
    }
}

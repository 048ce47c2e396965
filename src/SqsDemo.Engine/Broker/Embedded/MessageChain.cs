using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>Which pair of a message's links a <see cref="MessageChain{TLinks}"/> uses: each index of a queue has its own.</summary>
    internal interface IChainLinks
    {
        ref StoredMessage? Previous(StoredMessage message);
        ref StoredMessage? Next(StoredMessage message);
        /// <summary>Where the message is in the index: <see cref="MessageChain{TLinks}.Nowhere"/>, in the chain, or in the sorted set.</summary>
        ref byte Place(StoredMessage message);
    }

    /// <summary>The links of a standard queue's visible messages, in arrival order (<see cref="StandardReadyMessages"/>).</summary>
    internal struct ReadyLinks : IChainLinks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public ref StoredMessage? Previous(StoredMessage message) => ref message.ReadyPrevious;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public ref StoredMessage? Next(StoredMessage message) => ref message.ReadyNext;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public ref byte Place(StoredMessage message) => ref message.ReadyPlace;
    }

    /// <summary>The links of a queue's messages in retention order (the age index).</summary>
    internal struct AgeLinks : IChainLinks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public ref StoredMessage? Previous(StoredMessage message) => ref message.AgePrevious;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public ref StoredMessage? Next(StoredMessage message) => ref message.AgeNext;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public ref byte Place(StoredMessage message) => ref message.AgePlace;
    }

    /// <summary>
    /// An ordered set of messages for an order they mostly arrive in (arrival, or enqueue time): a
    /// message that sorts after the last one, or before the first, joins a chain linked through
    /// fields of the message itself (O(1), and no node object per message, which at a million queued
    /// messages is a million objects fewer for the garbage collector to promote and trace); any other
    /// (a message whose visibility expired, an old message moved into a dead-letter queue) waits in a
    /// sorted set. The first message is the smaller of the chain's first and the set's first.
    /// A message is in at most one chain of a kind at a time: leaving takes it out (<see cref="Remove"/>, <see cref="TakeFirst"/>, <see cref="Clear"/>).
    /// </summary>
    internal sealed class MessageChain<TLinks> where TLinks : struct, IChainLinks
    {
        public const byte Nowhere = 0;
        private const byte InChain = 1;
        private const byte InSet = 2;

        private readonly IComparer<StoredMessage> _order;
        private readonly SortedSet<StoredMessage> _set;
        private StoredMessage? _head;
        private StoredMessage? _tail;
        private int _chained;

        public MessageChain(IComparer<StoredMessage> order)
        {
            _order = order;
            _set = new SortedSet<StoredMessage>(order);
        }

        public int Count => _chained + _set.Count;

        /// <summary>The first message in order, or null.</summary>
        public StoredMessage? First
        {
            get
            {
                if (_set.Count == 0) return _head;
                var fromSet = _set.Min!;
                return _head == null || _order.Compare(fromSet, _head) < 0 ? fromSet : _head;
            }
        }

        public void Add(StoredMessage message)
        {
            var links = default(TLinks);
            if (links.Place(message) != Nowhere) return; // already in (a set adds a member once)
            if (_tail == null)
            {
                links.Previous(message) = null;
                links.Next(message) = null;
                _head = _tail = message;
            }
            else if (_order.Compare(_tail, message) < 0)
            {
                links.Previous(message) = _tail;
                links.Next(message) = null;
                links.Next(_tail) = message;
                _tail = message;
            }
            else if (_order.Compare(message, _head!) < 0)
            {
                links.Previous(message) = null;
                links.Next(message) = _head;
                links.Previous(_head!) = message;
                _head = message;
            }
            else
            {
                _set.Add(message);
                links.Place(message) = InSet;
                return;
            }
            links.Place(message) = InChain;
            _chained++;
        }

        public bool Remove(StoredMessage message)
        {
            var links = default(TLinks);
            switch (links.Place(message))
            {
                case InChain:
                    Unlink(message);
                    return true;
                case InSet:
                    links.Place(message) = Nowhere;
                    return _set.Remove(message);
                default:
                    return false;
            }
        }

        /// <summary>Takes the first message out, or returns null when there is none.</summary>
        public StoredMessage? TakeFirst()
        {
            var first = First;
            if (first != null) Remove(first);
            return first;
        }

        public void Clear()
        {
            var links = default(TLinks);
            for (var message = _head; message != null;)
            {
                var next = links.Next(message);
                links.Previous(message) = null;
                links.Next(message) = null;
                links.Place(message) = Nowhere;
                message = next;
            }
            foreach (var message in _set) links.Place(message) = Nowhere;
            _head = _tail = null;
            _chained = 0;
            _set.Clear();
        }

        /// <summary>Every message in order (the chain and the set merged).</summary>
        public IEnumerable<StoredMessage> InOrder()
        {
            var links = default(TLinks);
            var chained = _head;
            using (var fromSet = _set.GetEnumerator())
            {
                var more = fromSet.MoveNext();
                while (chained != null || more)
                {
                    if (chained != null && (!more || _order.Compare(chained, fromSet.Current) < 0))
                    {
                        var current = chained;
                        chained = links.Next(chained);
                        yield return current;
                    }
                    else
                    {
                        yield return fromSet.Current;
                        more = fromSet.MoveNext();
                    }
                }
            }
        }

        private void Unlink(StoredMessage message)
        {
            var links = default(TLinks);
            var previous = links.Previous(message);
            var next = links.Next(message);
            if (previous == null) _head = next;
            else links.Next(previous) = next;
            if (next == null) _tail = previous;
            else links.Previous(next) = previous;
            links.Previous(message) = null;
            links.Next(message) = null;
            links.Place(message) = Nowhere;
            _chained--;
        }
    }
}

using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// The consumer's in-memory memory of ids it processed, bounded, oldest forgotten first.
    /// It lives and dies with one consumer incarnation: a crash loses it, which is the point.
    /// </summary>
    public sealed class IdempotencyCache
    {
        private readonly int _capacity;
        private readonly HashSet<string> _ids = new HashSet<string>(StringComparer.Ordinal);
        private readonly Queue<string> _order = new Queue<string>();

        public IdempotencyCache(int capacity) => _capacity = capacity;

        public bool Enabled => _capacity > 0;

        public bool Contains(string id) => _ids.Contains(id);

        public void Add(string id)
        {
            if (_capacity == 0 || !_ids.Add(id)) return;
            _order.Enqueue(id);
            if (_order.Count > _capacity) _ids.Remove(_order.Dequeue());
        }
    }
}

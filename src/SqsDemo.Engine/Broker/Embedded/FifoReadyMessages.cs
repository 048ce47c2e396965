using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// A FIFO queue's messages per message group, and the queue of ready groups. A group holds its
    /// visible and delayed messages in send order, and its in-flight ones apart. An in-flight message
    /// blocks the messages behind it in its group, not those before it (docs/sqs-rules.md, "FIFO":
    /// recorded on AWS, a message whose visibility ended before an in-flight later one of its group
    /// is delivered again). So a group is ready when its oldest message is visible and older than
    /// every in-flight one (a delayed older message keeps the later ones back, so order holds even
    /// when the queue's delay changes). A receive takes a ready group from the front and then as
    /// many of its messages as it can (those before its oldest in-flight one) before moving to the
    /// next ready group; a group that becomes ready again joins at the back, so groups interleave.
    /// Every operation is O(log m) in the group's size plus O(1) in the number of groups.
    /// </summary>
    internal sealed class FifoReadyMessages : IReadyMessages
    {
        private readonly Dictionary<string, Group> _groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        private readonly LinkedList<Group> _readyGroups = new LinkedList<Group>();
        /// <summary>The group the running receive takes from (it may take more while earlier ones are in flight).</summary>
        private Group? _current;
        private int _visible;

        public int Count => _visible;

        public int Deliverable => _readyGroups.Count;

        /// <summary>Groups with any message in this queue (visible, delayed or in flight).</summary>
        public int GroupCount => _groups.Count;

        public void Add(StoredMessage message)
        {
            var group = GroupOf(message, create: true)!;
            group.Pending.Add(message); // already there when its delay just ended
            _visible++;
            Refresh(group);
        }

        public bool Remove(StoredMessage message)
        {
            var group = GroupOf(message, create: false);
            if (group == null || !group.Pending.Remove(message)) return false;
            _visible--;
            Refresh(group);
            return true;
        }

        public void AddDelayed(StoredMessage message)
        {
            var group = GroupOf(message, create: true)!;
            group.Pending.Add(message);
            Refresh(group);
        }

        public void RemoveDelayed(StoredMessage message)
        {
            var group = GroupOf(message, create: false);
            if (group == null || !group.Pending.Remove(message)) return;
            Refresh(group);
        }

        public StoredMessage? TakeNext()
        {
            while (true)
            {
                var group = _current;
                if (group != null)
                {
                    if (group.Pending.Count > 0)
                    {
                        var head = group.Pending.Min!;
                        if (head.State == MessageState.Visible && head.Seq < group.Limit)
                        {
                            group.Pending.Remove(head);
                            group.TakeInFlight(head);
                            _visible--;
                            return head;
                        }
                    }
                    EndReceive(); // this group has nothing more to give now
                }
                var first = _readyGroups.First;
                if (first == null) return null;
                _readyGroups.RemoveFirst();
                first.Value.ReadyNode = null;
                first.Value.Current = true;
                first.Value.BeginReceive(); // what this receive takes does not block itself
                _current = first.Value;
            }
        }

        public void EndReceive()
        {
            var group = _current;
            if (group == null) return;
            _current = null;
            group.Current = false;
            Refresh(group);
        }

        public void Released(StoredMessage message)
        {
            var group = GroupOf(message, create: false);
            if (group == null || !group.ReleaseInFlight(message)) return;
            Refresh(group);
        }

        public void Clear()
        {
            _groups.Clear();
            _readyGroups.Clear();
            _current = null;
            _visible = 0;
        }

        /// <summary>O(ready groups): a redrive is rare and moves a batch per tick.</summary>
        public StoredMessage? OldestVisible(long beforeSeq)
        {
            StoredMessage? oldest = null;
            foreach (var group in _readyGroups)
            {
                var head = group.Pending.Min!;
                if (head.Seq < beforeSeq && (oldest == null || head.Seq < oldest.Seq)) oldest = head;
            }
            return oldest;
        }

        private Group? GroupOf(StoredMessage message, bool create)
        {
            var id = message.GroupId ?? "";
            if (_groups.TryGetValue(id, out var group)) return group;
            if (!create) return null;
            group = new Group(id);
            _groups.Add(id, group);
            return group;
        }

        /// <summary>Puts the group in (or takes it out of) the ready queue, and forgets it once it is empty.</summary>
        private void Refresh(Group group)
        {
            var ready = !group.Current && group.Pending.Count > 0 && group.Pending.Min!.State == MessageState.Visible
                && group.Pending.Min!.Seq < group.OldestInFlightSeq;
            if (ready)
            {
                if (group.ReadyNode == null) group.ReadyNode = _readyGroups.AddLast(group);
                return;
            }
            if (group.ReadyNode != null)
            {
                _readyGroups.Remove(group.ReadyNode);
                group.ReadyNode = null;
            }
            if (!group.Current && group.InFlightCount == 0 && group.Pending.Count == 0) _groups.Remove(group.Id);
        }

        private sealed class Group
        {
            public Group(string id)
            {
                Id = id;
            }

            public readonly string Id;
            /// <summary>Visible and delayed messages, in send order.</summary>
            public readonly SortedSet<StoredMessage> Pending = new SortedSet<StoredMessage>(ArrivalOrder.Instance);
            public bool Current;
            /// <summary>While the group is current: the oldest in-flight sequence when the receive began; it takes only messages before it.</summary>
            public long Limit;
            public int InFlightCount;

            // The in-flight messages in send order, linked through the message's ready links (a FIFO
            // queue's messages never use them otherwise): O(1) to add and remove, no node per message.
            // A receive takes messages older than every in-flight one, in order, so the first it takes
            // goes to the front and each next one right after the previous.
            private StoredMessage? _inFlightHead;
            private StoredMessage? _lastTaken;

            public long OldestInFlightSeq => _inFlightHead?.Seq ?? long.MaxValue;

            public void BeginReceive()
            {
                Limit = OldestInFlightSeq;
                _lastTaken = null;
            }

            public void TakeInFlight(StoredMessage message)
            {
                var previous = _lastTaken;
                var next = previous == null ? _inFlightHead : previous.ReadyNext;
                message.ReadyPrevious = previous;
                message.ReadyNext = next;
                if (previous == null) _inFlightHead = message;
                else previous.ReadyNext = message;
                if (next != null) next.ReadyPrevious = message;
                message.ReadyPlace = InFlightPlace;
                _lastTaken = message;
                InFlightCount++;
            }

            public bool ReleaseInFlight(StoredMessage message)
            {
                if (message.ReadyPlace != InFlightPlace) return false;
                var previous = message.ReadyPrevious;
                var next = message.ReadyNext;
                if (previous == null) _inFlightHead = next;
                else previous.ReadyNext = next;
                if (next != null) next.ReadyPrevious = previous;
                if (ReferenceEquals(_lastTaken, message)) _lastTaken = previous;
                message.ReadyPrevious = message.ReadyNext = null;
                message.ReadyPlace = MessageChain<ReadyLinks>.Nowhere;
                InFlightCount--;
                return true;
            }

            private const byte InFlightPlace = 3;
            public LinkedListNode<Group>? ReadyNode;
        }
    }
}

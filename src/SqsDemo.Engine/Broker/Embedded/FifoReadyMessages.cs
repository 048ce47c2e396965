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
                            group.InFlight.Add(head);
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
                first.Value.Limit = first.Value.OldestInFlightSeq; // what this receive takes does not block itself
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
            if (group == null || !group.InFlight.Remove(message)) return;
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
            if (!group.Current && group.InFlight.Count == 0 && group.Pending.Count == 0) _groups.Remove(group.Id);
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
            /// <summary>Messages taken by a receive and not yet released, in send order.</summary>
            public readonly SortedSet<StoredMessage> InFlight = new SortedSet<StoredMessage>(ArrivalOrder.Instance);
            public bool Current;
            /// <summary>While the group is current: the oldest in-flight sequence when the receive began; it takes only messages before it.</summary>
            public long Limit;

            public long OldestInFlightSeq => InFlight.Count == 0 ? long.MaxValue : InFlight.Min!.Seq;
            public LinkedListNode<Group>? ReadyNode;
        }
    }
}

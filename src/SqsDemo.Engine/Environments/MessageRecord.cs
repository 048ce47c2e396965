using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Environments
{
    /// <summary>
    /// A run's record of every message its broker held: each send and delete by any actor that reaches the
    /// broker through the run (cmdlets, consumers, an outside process behind the endpoint: the journal
    /// sees them all), and what the broker did on its own (DLQ moves, redrives, purges, expiry: its
    /// notifications). Accounting reads where messages are from here, never from what a consumer says it did.
    /// Facts are kept as they come, in any order, and joined only when read, so threads racing to record
    /// cannot put the record out of order.
    /// </summary>
    public sealed class MessageRecord
    {
        private readonly Dictionary<(string Queue, string Id), Facts> _facts = new Dictionary<(string, string), Facts>();
        private readonly object _gate = new object();

        /// <summary>False when the broker does not report its own moves (AWS): DLQ moves, purges and expiry are then missing.</summary>
        public bool Complete { get; }

        public MessageRecord(bool complete) => Complete = complete;

        /// <summary>Takes the sends and deletes an actor made through the journaled broker.</summary>
        public void Observe(JournalEvent e)
        {
            if (e.QueueUrl == null || e.MessageId == null) return;
            switch (e.Kind)
            {
                case JournalEventKind.Sent:
                    Update(e.QueueUrl, e.MessageId, f => { f.Sent = true; f.BodyId ??= e.BodyId; });
                    break;
                case JournalEventKind.Deleted:
                    Update(e.QueueUrl, e.MessageId, f => f.Deletes++);
                    break;
                case JournalEventKind.DeleteMayNotHaveDeleted:
                    Update(e.QueueUrl, e.MessageId, f => f.LateDeletes++);
                    break;
            }
        }

        /// <summary>Takes what the broker did on its own.</summary>
        public void Observe(BrokerNotificationEventArgs n)
        {
            switch (n.Kind)
            {
                case BrokerNotificationKind.MovedToDeadLetterQueue when n.TargetQueueUrl != null:
                    Update(n.QueueUrl, n.MessageId, f => f.DeadLetteredTo = n.TargetQueueUrl);
                    Update(n.TargetQueueUrl, n.MessageId, f => f.CameFrom = (n.QueueUrl, n.MessageId, MessageArrival.DeadLettered));
                    break;
                case BrokerNotificationKind.MessageMoved when n.TargetQueueUrl != null && n.NewMessageId != null:
                    Update(n.QueueUrl, n.MessageId, f => f.Redriven = true);
                    Update(n.TargetQueueUrl, n.NewMessageId, f => f.CameFrom = (n.QueueUrl, n.MessageId, MessageArrival.Redriven));
                    break;
                case BrokerNotificationKind.PurgedMessage:
                    Update(n.QueueUrl, n.MessageId, f => f.Purged = true);
                    break;
                case BrokerNotificationKind.RetentionExpired:
                    Update(n.QueueUrl, n.MessageId, f => f.Expired = true);
                    break;
                case BrokerNotificationKind.StaleReceiptHandleIgnored:
                    Update(n.QueueUrl, n.MessageId, f => f.IgnoredDeletes++);
                    break;
            }
        }

        /// <summary>Every message that has been in <paramref name="queueUrl"/>, with how it came and (if it did) how it left.</summary>
        public IReadOnlyList<MessageStay> StaysIn(string queueUrl)
        {
            lock (_gate)
                return _facts.Where(p => string.Equals(p.Key.Queue, queueUrl, StringComparison.Ordinal))
                    .Select(p => Stay(p.Key, p.Value))
                    .OrderBy(s => s.MessageId, StringComparer.Ordinal)
                    .ToArray();
        }

        private MessageStay Stay((string Queue, string Id) key, Facts facts)
        {
            var stay = new MessageStay(key.Queue, key.Id) { Departure = facts.Departure };
            if (facts.CameFrom is var (queue, id, arrival))
            {
                stay.Arrival = arrival;
                stay.PreviousQueueUrl = queue;
                stay.PreviousMessageId = id;
            }
            else stay.Arrival = facts.Sent ? MessageArrival.Sent : MessageArrival.Unrecorded;
            stay.BodyId = BodyIdOf(key, facts);
            return stay;
        }

        /// <summary>The body id from the original send, following DLQ moves and redrives back (a bounded walk: a chain cannot loop).</summary>
        private string? BodyIdOf((string Queue, string Id) key, Facts facts)
        {
            for (var hops = 0; hops <= _facts.Count; hops++)
            {
                if (facts.BodyId != null || facts.CameFrom == null) return facts.BodyId;
                key = (facts.CameFrom.Value.Queue, facts.CameFrom.Value.Id);
                if (!_facts.TryGetValue(key, out facts!)) return null;
            }
            return null;
        }

        private void Update(string queueUrl, string messageId, Action<Facts> change)
        {
            lock (_gate)
            {
                var key = (queueUrl, messageId);
                if (!_facts.TryGetValue(key, out var facts)) _facts[key] = facts = new Facts();
                change(facts);
            }
        }

        private sealed class Facts
        {
            public bool Sent;
            public string? BodyId;
            public (string Queue, string Id, MessageArrival Arrival)? CameFrom;
            public int Deletes;
            /// <summary>Deletes with a handle past its visibility timeout: each took effect unless the broker said it ignored one.</summary>
            public int LateDeletes;
            public int IgnoredDeletes;
            public string? DeadLetteredTo;
            public bool Redriven;
            public bool Purged;
            public bool Expired;

            /// <summary>What the broker did itself outranks a delete's report: a delete that did not take reports the same as one that did.</summary>
            public MessageDeparture Departure =>
                DeadLetteredTo != null ? MessageDeparture.DeadLettered
                : Redriven ? MessageDeparture.Redriven
                : Purged ? MessageDeparture.Purged
                : Expired ? MessageDeparture.Expired
                : Deletes > 0 || LateDeletes > IgnoredDeletes ? MessageDeparture.Deleted
                : MessageDeparture.None;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Journal
{
    /// <summary>
    /// One message's story from the journal, in order: its send, every receive, what each consumer
    /// did with it, its deletes and moves. A redrive gives a message a new id; the history follows
    /// it (<see cref="JournalEvent.SourceMessageId"/>), so a redriven message's story goes on under its new id.
    /// </summary>
    public sealed class MessageHistory
    {
        private MessageHistory(string id, IReadOnlyList<JournalEvent> events)
        {
            Id = id;
            Events = events;
            var sent = events.FirstOrDefault(e => e.Kind == JournalEventKind.Sent);
            MessageId = sent?.MessageId ?? events.FirstOrDefault(e => e.MessageId != null)?.MessageId;
            BodyId = events.FirstOrDefault(e => e.BodyId != null)?.BodyId;
            QueueUrl = sent?.QueueUrl ?? events.FirstOrDefault(e => e.QueueUrl != null)?.QueueUrl;
            SentAt = sent?.ScenarioTime;
        }

        /// <summary>The id asked for: a MessageId or a body's id.</summary>
        public string Id { get; }
        /// <summary>The message's first MessageId (its send's).</summary>
        public string? MessageId { get; }
        public string? BodyId { get; }
        public string? QueueUrl { get; }
        /// <summary>When it was sent; null when the journal does not have its send (sent before the run, or by someone else).</summary>
        public TimeSpan? SentAt { get; }
        public IReadOnlyList<JournalEvent> Events { get; }
        public int ReceiveCount => Events.Count(e => e.Kind == JournalEventKind.Received);

        /// <summary>The history of each id (a MessageId, or a body's id when <paramref name="byBodyId"/>), from one reading of the journal.</summary>
        public static IEnumerable<MessageHistory> Of(IReadOnlyList<JournalEvent> journal, IEnumerable<string> ids, bool byBodyId)
        {
            var redrivenTo = journal.Where(e => e.Kind == JournalEventKind.Redriven && e.SourceMessageId != null && e.MessageId != null)
                .ToLookup(e => e.SourceMessageId!, e => e.MessageId!, StringComparer.Ordinal);
            var byMessage = journal.Where(e => e.MessageId != null).ToLookup(e => e.MessageId!, StringComparer.Ordinal);
            var byBody = journal.Where(e => e.BodyId != null).ToLookup(e => e.BodyId!, StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var messageIds = new HashSet<string>(byBodyId ? byBody[id].Where(e => e.MessageId != null).Select(e => e.MessageId!) : new[] { id }, StringComparer.Ordinal);
                var pending = new Queue<string>(messageIds);
                while (pending.Count > 0)
                    foreach (var next in redrivenTo[pending.Dequeue()])
                        if (messageIds.Add(next)) pending.Enqueue(next);
                var events = messageIds.SelectMany(m => byMessage[m]).Concat(byBodyId ? byBody[id] : Enumerable.Empty<JournalEvent>())
                    .Distinct().OrderBy(e => e.Sequence).ToArray();
                yield return new MessageHistory(id, events);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Broker;

namespace SqsDemo.Tests.Engine
{
    /// <summary>Writes a journal by hand, event by event at given scenario seconds, as the journaling broker and consumers would.</summary>
    internal sealed class JournalScript
    {
        private readonly EventJournal _journal = new EventJournal(new ManualClock());

        public static string Url(string queue) => "http://sqs.us-east-1.embedded.sqsdemo/000000000000/" + queue;

        public IReadOnlyList<JournalEvent> Events => _journal.Snapshot();

        public JournalScript At(double seconds, JournalEventKind kind, string? queue = "q", string? message = null, string? actor = null,
            int receiveCount = 0, string? handle = null, string? detail = null, string? body = null, JournalFacts? facts = null)
        {
            _journal.Record(kind, queue == null ? null : Url(queue), message, actor, receiveCount, handle, detail, body, _journal.StartedAt.AddSeconds(seconds), facts);
            return this;
        }

        public JournalScript Sent(double t, string message, string? body, string queue = "q") =>
            At(t, JournalEventKind.Sent, queue, message, "producer", body: body);

        public JournalScript Received(double t, string message, string? body, string actor, string handle, int receiveCount, double? visibility = 10, string queue = "q") =>
            At(t, JournalEventKind.Received, queue, message, actor, receiveCount, handle,
                visibility == null ? null : "visibility " + visibility.Value.ToString(CultureInfo.InvariantCulture) + "s", body,
                new JournalFacts { VisibilityTimeoutSeconds = visibility });

        /// <summary>A consumer's own event about the message it holds (Processed, SideEffect, Crashed, Rejected...).</summary>
        public JournalScript Did(double t, JournalEventKind kind, string message, string? body, string actor, string handle, int receiveCount, string? detail = null, string queue = "q") =>
            At(t, kind, queue, message, actor, receiveCount, handle, detail, body ?? message);

        public JournalScript Deleted(double t, string message, string actor, string handle, string queue = "q") =>
            At(t, JournalEventKind.Deleted, queue, message, actor, handle: handle);

        public JournalScript LateDeleted(double t, string message, string actor, string handle, string queue = "q") =>
            At(t, JournalEventKind.DeleteMayNotHaveDeleted, queue, message, actor, handle: handle, detail: "receipt handle past its visibility timeout");

        public JournalScript Visibility(double t, JournalEventKind kind, string message, string actor, string handle, double seconds, string queue = "q") =>
            At(t, kind, queue, message, actor, handle: handle, detail: "visibility " + seconds.ToString(CultureInfo.InvariantCulture) + "s",
                facts: new JournalFacts { VisibilityTimeoutSeconds = seconds });

        public JournalScript MovedToDeadLetterQueue(double t, string message, int receiveCount, string queue = "q", string deadLetterQueue = "q-dlq") =>
            At(t, JournalEventKind.MovedToDeadLetterQueue, queue, message, "broker", receiveCount, detail: "moved to " + Url(deadLetterQueue),
                facts: new JournalFacts { TargetQueueUrl = Url(deadLetterQueue) });

        public JournalScript Redriven(double t, string newMessage, string oldMessage, string queue = "q", string deadLetterQueue = "q-dlq") =>
            At(t, JournalEventKind.Redriven, queue, newMessage, "broker", detail: "redriven from " + Url(deadLetterQueue) + ", was message " + oldMessage,
                facts: new JournalFacts { SourceQueueUrl = Url(deadLetterQueue), SourceMessageId = oldMessage });

        /// <summary>A consumer sent its handler's output on: <paramref name="newMessage"/> on <paramref name="target"/>.</summary>
        public JournalScript Forwarded(double t, string message, string body, string actor, string handle, int receiveCount, string newMessage, string queue, string target) =>
            At(t, JournalEventKind.Forwarded, queue, message, actor, receiveCount, handle, "to " + target + " as " + newMessage, body,
                new JournalFacts { TargetQueueUrl = Url(target), TargetMessageId = newMessage });

        public JournalScript Consumer(double t, JournalEventKind kind, string actor, string? detail = null) =>
            At(t, kind, "q", actor: actor, detail: detail);
    }
}

using System;
using System.Collections.Generic;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>
    /// When the visibility each message of one receive holds runs out, on the backend's clock: from
    /// when the receive returned plus the visibility timeout it was received with, moved by each
    /// extension that succeeded while the lease still held. What the lease guard asks before a
    /// message takes effect. Read by the pipeline and written by the heartbeat's task: locked.
    /// </summary>
    internal sealed class MessageLeases
    {
        private readonly object _gate = new object();
        // By receipt handle: one per receive of a message, so a batch's entries never collide.
        private readonly Dictionary<string, DateTimeOffset> _until = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        /// <param name="receiveReturned">
        /// When the receive answered. SQS started the visibility somewhere between the call and its
        /// answer; the call's start would be safe but a long poll can sit many seconds before a message
        /// arrives, so the answer is taken and the guard's margin covers the answer's way back.
        /// </param>
        public MessageLeases(IReadOnlyList<Message> messages, DateTimeOffset receiveReturned, int visibilityTimeoutSeconds)
        {
            VisibilityTimeoutSeconds = visibilityTimeoutSeconds;
            var until = receiveReturned + TimeSpan.FromSeconds(visibilityTimeoutSeconds);
            foreach (var message in messages) _until[message.ReceiptHandle] = until;
        }

        /// <summary>The visibility timeout the messages were received with.</summary>
        public int VisibilityTimeoutSeconds { get; }

        /// <summary>When the message's visibility runs out, as far as this consumer knows.</summary>
        public DateTimeOffset ExpiresAt(Message message)
        {
            lock (_gate) return _until.TryGetValue(message.ReceiptHandle, out var until) ? until : DateTimeOffset.MinValue;
        }

        /// <summary>
        /// A ChangeMessageVisibility that succeeded: the visibility now ends that many seconds after the
        /// call, reckoned from its start (SQS set it no sooner). A call that began after the lease had
        /// already run out restores nothing: the message was visible meanwhile, and another consumer may
        /// have taken it (a standard queue accepts such a call all the same).
        /// </summary>
        public void Extended(Message message, DateTimeOffset callStarted, int visibilityTimeoutSeconds)
        {
            lock (_gate)
            {
                if (!_until.TryGetValue(message.ReceiptHandle, out var until) || callStarted >= until) return;
                _until[message.ReceiptHandle] = callStarted + TimeSpan.FromSeconds(visibilityTimeoutSeconds);
            }
        }
    }
}

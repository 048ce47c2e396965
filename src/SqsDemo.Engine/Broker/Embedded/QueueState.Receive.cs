using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    internal sealed partial class QueueState
    {
        /// <summary>
        /// One receive attempt. Messages past the redrive policy's maxReceiveCount are taken out for
        /// the dead-letter queue (<paramref name="deadLetters"/>; the caller moves them after the
        /// lock) instead of being delivered. With nothing to deliver and a <paramref name="waiter"/>,
        /// the waiter is registered in the same lock, so no send can slip between check and wait.
        /// FIFO: a receive takes as many messages of one group as it can, then of the next ready
        /// group; at the in-flight limit it returns nothing more (no error); a retried
        /// <paramref name="attemptId"/> returns the same messages and handles.
        /// </summary>
        public List<Message> Receive(int maxMessages, int visibilityTimeout, bool shortPoll, RedrivePolicy? redrive,
            long now, List<BrokerNotificationEventArgs> notes, List<StoredMessage> deadLetters, LongPollWaiter? waiter, string? attemptId = null)
        {
            var result = new List<Message>();
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                var fifo = IsFifo;
                if (fifo && attemptId != null && TryReplayAttempt(attemptId, now, result))
                {
                    AfterChange(now, notes);
                    return result;
                }
                int wanted;
                if (fifo)
                {
                    wanted = Math.Max(0, Math.Min(maxMessages, FifoSequence.InFlightLimit - _inFlight.Count));
                }
                else
                {
                    var room = SqsLimits.InFlightLimitStandard - _inFlight.Count;
                    if (room <= 0) throw SqsErrors.InFlightOverLimit();
                    wanted = Math.Min(maxMessages, Math.Min(room, _ready.Count));
                    if (shortPoll) wanted = SampleShortPoll(wanted, _ready.Count);
                }
                var visibilityTicks = visibilityTimeout * TimeSpan.TicksPerSecond;
                var delivered = fifo && attemptId != null ? new List<StoredMessage>() : null;
                try
                {
                    while (result.Count < wanted)
                    {
                        var message = _ready.TakeNext();
                        if (message == null) break;
                        if (redrive != null && message.ReceiveCount >= redrive.MaxReceiveCount)
                        {
                            // Taken out of the ready set already; finish leaving this queue (FIFO: the group moves on).
                            _ready.Released(message);
                            message.State = MessageState.Gone;
                            _byAge.Remove(message);
                            if (message.Nonce != 0) _received.Remove(message.Seq);
                            _purgeDoomed?.Remove(message);
                            message.Nonce = 0;
                            deadLetters.Add(message);
                            continue;
                        }
                        message.ReceiveCount++;
                        if (message.ReceiveCount == 1 || message.FirstReceiveTicks == 0) message.FirstReceiveTicks = now;
                        if (message.Nonce == 0) _received.Add(message.Seq, message);
                        message.Nonce = _context.NextNonce();
                        message.ReceivedAtTicks = now;
                        message.DueTicks = now + visibilityTicks;
                        message.State = MessageState.InFlight;
                        _inFlight.Add(message);
                        result.Add(ToMessage(message));
                        delivered?.Add(message);
                    }
                }
                finally
                {
                    _ready.EndReceive();
                }
                if (delivered != null && delivered.Count > 0) RememberAttempt(attemptId!, delivered, visibilityTicks, now);
                if (result.Count == 0 && waiter != null) Register(waiter, now);
                AfterChange(now, notes);
            }
            return result;
        }

        /// <summary>
        /// Short polling asks a sample of servers: each visible message is on a sampled server
        /// with the configured probability (from the seed). Returns how many to deliver: at most
        /// <paramref name="wanted"/>, at least one when any is visible.
        /// </summary>
        private int SampleShortPoll(int wanted, int visible)
        {
            var rate = _context.Options.ShortPollSampleRate;
            if (wanted <= 1 || rate >= 1) return wanted;
            var found = 0;
            var maxTrials = Math.Min(visible, wanted * 64);
            for (var trial = 0; trial < maxTrials && found < wanted; trial++)
                if (_context.Random.NextDouble() < rate) found++;
            return Math.Max(1, found);
        }

        private Message ToMessage(StoredMessage message)
        {
            var attributes = Message.NoAttributes;
            if (message.Attributes != null)
            {
                var copy = new Dictionary<string, MessageAttributeValue>(message.Attributes.Length, StringComparer.Ordinal);
                foreach (var pair in message.Attributes)
                    copy[pair.Key] = new MessageAttributeValue { DataType = pair.Value.DataType, StringValue = pair.Value.StringValue, BinaryValue = pair.Value.BinaryValue };
                attributes = copy;
            }
            var received = new Message
            {
                MessageId = message.MessageId,
                ReceiptHandle = _context.Handles.Encode(new ReceiptHandleParts(Id, message.Seq, message.ReceiveCount, message.Nonce, message.ReceivedAtTicks)),
                MD5OfBody = message.Digest.ToHex(),
                MD5OfMessageAttributes = message.Attributes == null ? null : message.AttributesDigest.ToHex(),
                SentTimestamp = new DateTimeOffset(message.SentTicks, TimeSpan.Zero),
                SenderId = _context.Options.SenderId,
                AwsTraceHeader = message.AwsTraceHeader,
                ApproximateReceiveCount = message.ReceiveCount,
                ApproximateFirstReceiveTimestamp = new DateTimeOffset(message.FirstReceiveTicks, TimeSpan.Zero),
                MessageGroupId = message.GroupId,
                MessageDeduplicationId = message.DeduplicationId,
                SequenceNumber = IsFifo ? FifoSequence.Format(message.Seq) : null,
                DeadLetterQueueSourceArn = message.DeadLetterSourceArn,
                MessageAttributes = attributes,
            };
            received.SetBodyUtf8(message.Body);
            return received;
        }
    }
}

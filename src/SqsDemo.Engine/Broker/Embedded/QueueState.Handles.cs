using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    internal sealed partial class QueueState
    {
        /// <summary>Decodes a handle issued by this queue, or fails ReceiptHandleIsInvalid.</summary>
        public ReceiptHandleParts DecodeHandle(string? receiptHandle)
        {
            if (string.IsNullOrEmpty(receiptHandle)) throw SqsErrors.MissingParameter("ReceiptHandle");
            if (!_context.Handles.TryDecode(receiptHandle, out var parts) || parts.QueueId != Id)
                throw SqsErrors.ReceiptHandleIsInvalid(receiptHandle);
            return parts;
        }

        /// <summary>
        /// Deletes with a receipt handle. Only the newest handle is authoritative: an older one
        /// succeeds without deleting (StaleReceiptHandleIgnored); a message already gone is fine.
        /// With the duplicate rate, the delete may not take (the message returns after its
        /// visibility timeout, SQS's at-least-once duplicate). FIFO: a handle whose visibility
        /// ended (the message is visible again, or was received again since) fails
        /// "The receipt handle has expired."; FIFO has no duplicates.
        /// </summary>
        public void Delete(ReceiptHandleParts handle, string receiptHandle, long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                if (!_received.TryGetValue(handle.Seq, out var message)) return;
                if (IsFifo)
                {
                    if (!IsCurrentInFlight(message, handle)) throw SqsErrors.ReceiptHandleExpired(receiptHandle);
                    Detach(message);
                    AfterChange(now, notes);
                    return;
                }
                if (message.ReceiveCount != handle.ReceiveCount || message.Nonce != handle.Nonce)
                {
                    notes.Add(Note(BrokerNotificationKind.StaleReceiptHandleIgnored, message, now,
                        "the handle is from receive " + handle.ReceiveCount + "; the message has been received again since (receive " + message.ReceiveCount + ")"));
                    return;
                }
                var duplicateRate = _context.Options.DuplicateDeliveryRate;
                if (duplicateRate > 0 && message.State == MessageState.InFlight && _context.Random.NextDouble() < duplicateRate)
                    return; // the delete did not reach every replica: the message comes back when its visibility ends
                Detach(message);
                AfterChange(now, notes);
            }
        }

        /// <summary>
        /// Sets the in-flight message's visibility to <paramref name="visibilityTimeout"/> seconds
        /// from now (0: visible at once), within 12 hours of the receive that issued the handle.
        /// FIFO: a handle whose visibility ended fails "The receipt handle has expired.".
        /// </summary>
        public void ChangeVisibility(ReceiptHandleParts handle, string receiptHandle, int visibilityTimeout, long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                if (!_received.TryGetValue(handle.Seq, out var message)) throw SqsErrors.MessageNotAvailableForVisibilityChange();
                if (!IsCurrentInFlight(message, handle))
                    throw IsFifo ? SqsErrors.ReceiptHandleExpired(receiptHandle) : SqsErrors.MessageNotAvailableForVisibilityChange();
                var due = now + visibilityTimeout * TimeSpan.TicksPerSecond;
                if (due - message.ReceivedAtTicks > SqsLimits.MaxVisibilityTimeoutSeconds * TimeSpan.TicksPerSecond)
                    throw SqsErrors.TotalVisibilityBeyondLimit();
                _inFlight.Remove(message);
                message.DueTicks = due;
                if (due <= now)
                {
                    _ready.Released(message);
                    message.State = MessageState.Visible;
                    _ready.Add(message);
                }
                else
                {
                    _inFlight.Add(message);
                }
                AfterChange(now, notes);
            }
        }

        /// <summary>Whether the handle is the message's newest one and the message is still in flight under it.</summary>
        private static bool IsCurrentInFlight(StoredMessage message, ReceiptHandleParts handle) =>
            message.ReceiveCount == handle.ReceiveCount && message.Nonce == handle.Nonce && message.State == MessageState.InFlight;
    }
}

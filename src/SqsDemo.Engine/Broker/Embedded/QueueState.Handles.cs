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
                if (DeleteLocked(handle, receiptHandle, now, notes)) AfterChange(now, notes);
            }
        }

        /// <summary>
        /// DeleteMessageBatch: each entry as <see cref="Delete"/> does it, in order, under one lock and
        /// one advance of the queue to now. An entry's SQS error (a malformed or, on FIFO, expired
        /// handle) becomes its Failed row; a deleted queue fails the whole call.
        /// </summary>
        public BatchResult DeleteBatch(IReadOnlyList<DeleteMessageBatchRequestEntry> entries, long now, List<BrokerNotificationEventArgs> notes)
        {
            var result = new BatchResult();
            // Handles are decoded before the lock: a malformed one fails its entry whatever the queue holds.
            var handles = new ReceiptHandleParts[entries.Count];
            var malformed = new SqsException?[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                try
                {
                    handles[i] = DecodeHandle(entries[i].ReceiptHandle);
                }
                catch (SqsException e)
                {
                    malformed[i] = e;
                }
            }
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                var changed = false;
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    if (malformed[i] is SqsException invalid)
                    {
                        result.Failed.Add(BatchValidator.Failure(entry.Id, invalid));
                        continue;
                    }
                    try
                    {
                        changed |= DeleteLocked(handles[i], entry.ReceiptHandle, now, notes);
                        result.Successful.Add(entry.Id);
                    }
                    catch (SqsException e)
                    {
                        result.Failed.Add(BatchValidator.Failure(entry.Id, e));
                    }
                }
                if (changed) AfterChange(now, notes);
            }
            return result;
        }

        /// <summary>One delete; the caller holds the lock and has advanced the queue. True when a message left the queue.</summary>
        private bool DeleteLocked(ReceiptHandleParts handle, string receiptHandle, long now, List<BrokerNotificationEventArgs> notes)
        {
            if (!_received.TryGetValue(handle.Seq, out var message)) return false;
            if (IsFifo)
            {
                if (!IsCurrentInFlight(message, handle)) throw SqsErrors.ReceiptHandleExpired(receiptHandle);
                Detach(message);
                return true;
            }
            if (message.ReceiveCount != handle.ReceiveCount || message.Nonce != handle.Nonce)
            {
                notes.Add(Note(BrokerNotificationKind.StaleReceiptHandleIgnored, message, now,
                    "the handle is from receive " + handle.ReceiveCount + "; the message has been received again since (receive " + message.ReceiveCount + ")",
                    receiptGeneration: handle.ReceiveCount));
                return false;
            }
            var duplicateRate = _context.Options.DuplicateDeliveryRate;
            if (duplicateRate > 0 && message.State == MessageState.InFlight && _context.Random.NextDouble() < duplicateRate)
                return false; // the delete did not reach every replica: the message comes back when its visibility ends
            Detach(message);
            return true;
        }

        /// <summary>
        /// Sets the message's visibility to <paramref name="visibilityTimeout"/> seconds from now (0:
        /// visible at once), within 12 hours of the receive that issued the handle (docs/sqs-rules.md,
        /// "Receiving and visibility"). Standard queue: any handle of the message's receives counts,
        /// even one whose visibility already ended (the message is hidden again) or an older one after
        /// a newer receive, as AWS answers; a message no longer in the queue fails "Message does not
        /// exist...". FIFO: only the current handle while in flight, else "The receipt handle has expired.".
        /// </summary>
        public void ChangeVisibility(ReceiptHandleParts handle, string receiptHandle, int visibilityTimeout, long now, List<BrokerNotificationEventArgs> notes)
        {
            lock (_gate)
            {
                EnsureAlive();
                Advance(now, notes);
                if (!_received.TryGetValue(handle.Seq, out var message) || handle.ReceiveCount > message.ReceiveCount)
                    throw SqsErrors.MessageNotAvailableForVisibilityChange(receiptHandle);
                if (IsFifo && !IsCurrentInFlight(message, handle)) throw SqsErrors.ReceiptHandleExpired(receiptHandle);
                var due = now + visibilityTimeout * TimeSpan.TicksPerSecond;
                if (due - handle.ReceivedAtTicks > SqsLimits.MaxVisibilityTimeoutSeconds * TimeSpan.TicksPerSecond)
                    throw SqsErrors.TotalVisibilityBeyondLimit();
                if (message.State == MessageState.InFlight)
                {
                    _inFlight.Remove(message);
                    if (due <= now)
                    {
                        _ready.Released(message);
                        message.DueTicks = 0;
                        message.State = MessageState.Visible;
                        _ready.Add(message);
                    }
                    else
                    {
                        message.DueTicks = due;
                        _inFlight.Add(message);
                    }
                }
                else if (message.State == MessageState.Visible && due > now)
                {
                    // Standard queue, the handle's visibility ended: AWS hides the message again.
                    _ready.Remove(message);
                    message.DueTicks = due;
                    message.State = MessageState.InFlight;
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

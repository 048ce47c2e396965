using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>
    /// The four ways a consumer lets go of a message, each with its own verb:
    /// <see cref="DeleteAsync"/> (done with it), <see cref="HandBackAsync"/> (visible at once: a
    /// graceful stop, a FIFO hold-back), <see cref="FailForRetryAsync"/> (not deleted, back after
    /// its backoff or its visibility timeout) and <see cref="LeaveToTimeOutAsync"/> (a crash: nothing
    /// more is done, the messages stay in flight until their visibility timeout ends).
    /// </summary>
    internal static class LettingGo
    {
        public static async Task DeleteAsync(this Incarnation consumer, MessageInHand message)
        {
            await message.Batch.StopExtendingAsync(message.Message).ConfigureAwait(false);
            await consumer.Batches.DeleteAsync(message.Message).ConfigureAwait(false);
        }

        /// <summary>Visibility 0 for each, in one batch call, recorded as Released.</summary>
        public static async Task HandBackAsync(this Incarnation consumer, ReceivedBatch batch, IReadOnlyList<Message> messages, string why)
        {
            foreach (var m in messages) await batch.StopExtendingAsync(m).ConfigureAwait(false);
            var entries = messages.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry
            {
                Id = "r" + i.ToString(CultureInfo.InvariantCulture),
                ReceiptHandle = m.ReceiptHandle,
                VisibilityTimeout = 0,
            }).ToArray();
            await consumer.Broker.ChangeMessageVisibilityBatchAsync(consumer.Options.QueueUrl, entries).ConfigureAwait(false);
            foreach (var m in messages)
                consumer.RecordOutcome(JournalEventKind.Released, MessageOutcome.Released, m, why, new JournalFacts { Reason = why, VisibilityTimeoutSeconds = 0 });
        }

        /// <summary>
        /// Not deleted, so it comes back: after the backoff from its receive count when one is set
        /// (one draw from the seed), else after its visibility timeout.
        /// </summary>
        public static async Task FailForRetryAsync(this Incarnation consumer, MessageInHand message)
        {
            await message.Batch.StopExtendingAsync(message.Message).ConfigureAwait(false);
            if (consumer.BackoffSeconds(message) is int seconds)
                await consumer.SetRetryVisibilityAsync(message, seconds, string.Format(CultureInfo.InvariantCulture,
                    "receive {0}: visible again in {1}s (base {2}s, doubling, cap {3}s, jittered)", message.Message.ApproximateReceiveCount, seconds,
                    consumer.Options.Receive.BackoffBaseSeconds, consumer.Options.Receive.BackoffMaxSeconds), new JournalFacts { BackoffSeconds = seconds }).ConfigureAwait(false);
        }

        /// <summary>The backoff for this receive of the message, drawn from the seed; null without a backoff.</summary>
        public static int? BackoffSeconds(this Incarnation consumer, MessageInHand message) => consumer.Options.Receive.BackoffBaseSeconds is double baseSeconds
            ? RetryBackoff.VisibilityTimeout(message.Message.ApproximateReceiveCount, baseSeconds, consumer.Options.Receive.BackoffMaxSeconds, consumer.Random.NextDouble())
            : (int?)null;

        /// <summary>One ChangeMessageVisibility that schedules a retry, journaled as BackedOff; a stale handle is only warned about.</summary>
        public static async Task SetRetryVisibilityAsync(this Incarnation consumer, MessageInHand message, int seconds, string detail, JournalFacts facts)
        {
            // SQS counts its 12-hour limit from the receive: what is left of it is the most that can be asked.
            var left = SqsLimits.MaxVisibilityTimeoutSeconds - (int)Math.Ceiling((consumer.Clock.GetUtcNow() - message.Batch.ReceivedAt).TotalSeconds);
            if (seconds > left) seconds = Math.Max(0, left);
            try
            {
                await consumer.Broker.ChangeMessageVisibilityAsync(consumer.Options.QueueUrl, message.Message.ReceiptHandle, seconds).ConfigureAwait(false);
            }
            catch (SqsException e)
            {
                // The handle went stale meanwhile: the message comes back after its timeout instead.
                consumer.Warn($"message {message.Message.MessageId}: could not back off ({e.Message}); it returns after its visibility timeout.");
                return;
            }
            facts.VisibilityTimeoutSeconds = seconds;
            consumer.RecordEvent(JournalEventKind.BackedOff, message, detail, facts);
        }

        /// <summary>
        /// The crash: the heartbeat is halted first (a dead process extends nothing), the crash is
        /// recorded, and the loop unwinds at once: no deletes, no hand-backs.
        /// </summary>
        public static async Task LeaveToTimeOutAsync(this Incarnation consumer, ReceivedBatch batch, Message message, string reason)
        {
            await batch.HaltHeartbeatAsync().ConfigureAwait(false);
            consumer.RecordOutcome(JournalEventKind.Crashed, MessageOutcome.Crashed, message, reason, new JournalFacts { Reason = reason });
            throw new ConsumerCrash(reason);
        }
    }

    /// <summary>Unwinds the loop at once: no finally-work, no deletes, no hand-backs.</summary>
    internal sealed class ConsumerCrash : Exception
    {
        public ConsumerCrash(string reason) : base(reason) { }
    }
}

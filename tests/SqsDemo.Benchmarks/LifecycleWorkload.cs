using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// Message lifecycles in batches through any <see cref="IBroker"/>: one cycle is SendMessageBatch
    /// (10 entries), ReceiveMessage (up to 10, a long poll that answers at once since messages are
    /// there) and DeleteMessageBatch of what was received. Each call is timed on its own. The same
    /// code drives the embedded broker and moto, so their figures compare like for like. Not thread-safe:
    /// one per thread.
    /// </summary>
    internal sealed class LifecycleWorkload
    {
        public const int Batch = 10;

        private readonly IBroker _broker;
        private readonly string _queueUrl;
        private readonly string[] _bodies;
        private readonly string[]? _groups;
        private readonly string _dedupPrefix;
        private readonly SendMessageBatchRequestEntry[] _send;
        private readonly DeleteMessageBatchRequestEntry[][] _deletes;
        private readonly ReceiveMessageRequest _receive;
        private long _next;

        /// <param name="bodies">Bodies to cycle through (distinct strings, made before timing).</param>
        /// <param name="groups">FIFO: the message groups to spread messages over, round robin; null for a standard queue.</param>
        /// <param name="name">Tells this workload's FIFO deduplication ids from another's on the same queue.</param>
        public LifecycleWorkload(IBroker broker, string queueUrl, string[] bodies, string[]? groups = null, string name = "w", int waitSeconds = 1)
        {
            _broker = broker;
            _queueUrl = queueUrl;
            _bodies = bodies;
            _groups = groups;
            _dedupPrefix = name + "-";
            _send = new SendMessageBatchRequestEntry[Batch];
            for (var i = 0; i < Batch; i++) _send[i] = new SendMessageBatchRequestEntry { Id = "s" + i.ToString(CultureInfo.InvariantCulture) };
            _deletes = new DeleteMessageBatchRequestEntry[Batch + 1][];
            for (var n = 0; n <= Batch; n++)
            {
                _deletes[n] = new DeleteMessageBatchRequestEntry[n];
                for (var i = 0; i < n; i++) _deletes[n][i] = new DeleteMessageBatchRequestEntry { Id = "d" + i.ToString(CultureInfo.InvariantCulture) };
            }
            _receive = new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = Batch, WaitTimeSeconds = waitSeconds };
        }

        /// <summary>Stopwatch ticks spent in each call, and how many calls and messages.</summary>
        public long SendTicks, ReceiveTicks, DeleteTicks, Calls, Sent, Received;

        public void ResetCounters() => SendTicks = ReceiveTicks = DeleteTicks = Calls = Sent = Received = 0;

        /// <summary>Sends a batch, receives up to a batch and deletes what came; returns how many lifecycles ended (were deleted).</summary>
        public int Cycle()
        {
            Send();
            return ReceiveAndDelete();
        }

        /// <summary>One SendMessageBatch of <see cref="Batch"/> messages.</summary>
        public void Send()
        {
            for (var i = 0; i < Batch; i++)
            {
                var n = _next++;
                var entry = _send[i];
                entry.MessageBody = _bodies[n % _bodies.Length];
                if (_groups != null)
                {
                    entry.MessageGroupId = _groups[n % _groups.Length];
                    entry.MessageDeduplicationId = _dedupPrefix + n.ToString(CultureInfo.InvariantCulture);
                }
            }
            var t0 = Stopwatch.GetTimestamp();
            var sent = _broker.SendMessageBatchAsync(_queueUrl, _send).GetAwaiter().GetResult();
            SendTicks += Stopwatch.GetTimestamp() - t0;
            if (sent.Failed.Count > 0) throw new InvalidOperationException("SendMessageBatch failed: " + sent.Failed[0].Code + ": " + sent.Failed[0].Message);
            Sent += Batch;
            Calls++;
        }

        /// <summary>One ReceiveMessage of up to <see cref="Batch"/>, then one DeleteMessageBatch of them; returns how many.</summary>
        public int ReceiveAndDelete()
        {
            var t0 = Stopwatch.GetTimestamp();
            var received = _broker.ReceiveMessageAsync(_receive).GetAwaiter().GetResult();
            var t1 = Stopwatch.GetTimestamp();
            ReceiveTicks += t1 - t0;
            Calls++;
            var count = received.Count;
            if (count == 0) return 0;
            var entries = _deletes[count];
            for (var i = 0; i < count; i++) entries[i].ReceiptHandle = received[i].ReceiptHandle;
            var t2 = Stopwatch.GetTimestamp();
            var deleted = _broker.DeleteMessageBatchAsync(_queueUrl, entries).GetAwaiter().GetResult();
            DeleteTicks += Stopwatch.GetTimestamp() - t2;
            Calls++;
            if (deleted.Failed.Count > 0) throw new InvalidOperationException("DeleteMessageBatch failed: " + deleted.Failed[0].Code + ": " + deleted.Failed[0].Message);
            Received += count;
            return count;
        }

        /// <summary>Distinct ASCII bodies of exactly <paramref name="size"/> characters.</summary>
        public static string[] Bodies(int count, int size, long first = 0)
        {
            var bodies = new string[count];
            for (var i = 0; i < count; i++) bodies[i] = BrokerBench.Body(first + i, size);
            return bodies;
        }

        public static string[] Groups(int count)
        {
            var groups = new string[count];
            for (var i = 0; i < count; i++) groups[i] = "group-" + i.ToString(CultureInfo.InvariantCulture);
            return groups;
        }

        public static double Microseconds(long stopwatchTicks) => stopwatchTicks * 1e6 / Stopwatch.Frequency;
    }
}

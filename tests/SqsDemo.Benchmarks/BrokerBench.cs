using System;
using System.Collections.Generic;
using System.Globalization;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;

namespace SqsDemo.Benchmarks
{
    /// <summary>Helpers shared by the embedded-broker benchmarks: a broker, a queue, bodies and a pre-filled backlog.</summary>
    internal static class BrokerBench
    {
        /// <summary>The seed of every benchmark broker, so runs are comparable.</summary>
        public const int Seed = 1234;

        /// <summary>The body size of the throughput benchmarks (characters; ASCII, so bytes too).</summary>
        public const int SmallBodyBytes = 100;

        /// <summary>An embedded broker on the system clock, with its default options.</summary>
        public static EmbeddedBroker CreateBroker(EmbeddedBrokerOptions? options = null) =>
            new EmbeddedBroker(TimeProvider.System, Seed, options);

        /// <summary>
        /// A standard queue whose received messages stay in flight for 12 hours and whose
        /// messages are kept 14 days, so nothing comes back or expires during a run.
        /// </summary>
        public static string CreateQueue(EmbeddedBroker broker, string name)
        {
            var attributes = new Dictionary<string, string>
            {
                [QueueAttributeName.VisibilityTimeout] = SqsLimits.MaxVisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                [QueueAttributeName.MessageRetentionPeriod] = "1209600",
                [QueueAttributeName.ReceiveMessageWaitTimeSeconds] = "0",
            };
            return broker.CreateQueueAsync(name, attributes).GetAwaiter().GetResult();
        }

        /// <summary>A FIFO queue (<paramref name="name"/> plus ".fifo") with explicit deduplication ids, kept as <see cref="CreateQueue"/> keeps its messages.</summary>
        public static string CreateFifoQueue(EmbeddedBroker broker, string name)
        {
            var attributes = new Dictionary<string, string>
            {
                [QueueAttributeName.FifoQueue] = "true",
                [QueueAttributeName.VisibilityTimeout] = SqsLimits.MaxVisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                [QueueAttributeName.MessageRetentionPeriod] = "1209600",
                [QueueAttributeName.ReceiveMessageWaitTimeSeconds] = "0",
            };
            return broker.CreateQueueAsync(name + ".fifo", attributes).GetAwaiter().GetResult();
        }

        /// <summary>A distinct ASCII body of exactly <paramref name="size"/> characters, numbered <paramref name="n"/>.</summary>
        public static string Body(long n, int size)
        {
            var prefix = "message " + n.ToString(CultureInfo.InvariantCulture) + " ";
            return prefix.Length >= size ? prefix.Substring(0, size) : prefix.PadRight(size, 'x');
        }

        /// <summary><paramref name="count"/> distinct bodies (numbered from <paramref name="first"/>) for a benchmark loop to cycle through.</summary>
        public static string[] Bodies(int count, int size, long first = 0)
        {
            var bodies = new string[count];
            for (var i = 0; i < count; i++) bodies[i] = Body(first + i, size);
            return bodies;
        }

        /// <summary>Sends <paramref name="count"/> distinct messages with SendMessageBatch, 10 per call.</summary>
        public static void Prefill(EmbeddedBroker broker, string queueUrl, int count, int bodySize)
        {
            var entries = new List<SendMessageBatchRequestEntry>(SqsLimits.MaxBatchEntries);
            for (var sent = 0; sent < count;)
            {
                entries.Clear();
                for (var i = 0; i < SqsLimits.MaxBatchEntries && sent < count; i++, sent++)
                    entries.Add(new SendMessageBatchRequestEntry { Id = "e" + i.ToString(CultureInfo.InvariantCulture), MessageBody = Body(sent, bodySize) });
                var result = broker.SendMessageBatchAsync(queueUrl, entries).GetAwaiter().GetResult();
                if (result.Failed.Count > 0)
                    throw new InvalidOperationException("Pre-filling failed: " + result.Failed[0].Code + ": " + result.Failed[0].Message);
            }
        }

        /// <summary>The queue's ApproximateNumberOfMessages (visible messages).</summary>
        public static long VisibleCount(EmbeddedBroker broker, string queueUrl)
        {
            var attributes = broker.GetQueueAttributesAsync(queueUrl, new[] { QueueAttributeName.ApproximateNumberOfMessages }).GetAwaiter().GetResult();
            return long.Parse(attributes[QueueAttributeName.ApproximateNumberOfMessages], CultureInfo.InvariantCulture);
        }
    }
}

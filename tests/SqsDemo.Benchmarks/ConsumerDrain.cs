using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IAmazonSQS = Amazon.SQS.IAmazonSQS;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Clock;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using Sdk = Amazon.SQS.Model;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// `-- consumers`: how fast a backlog on moto drains. The baseline is the seeds' consumer shape, a
    /// plain sequential loop through the AWS SDK (ReceiveMessage of 1, DeleteMessage, repeat); against it,
    /// 1, 2 and 4 SqsDemo consumers (<see cref="ConsumerSupervisor"/>, as Start-DemoConsumer runs them,
    /// every call journaled) receiving 10 at a time, in the plain loop (MaxMessages 10: each message
    /// deleted once handled) and in batches (BatchSize 10: the batch's successes in one DeleteMessageBatch).
    /// Each run drains a fresh queue of <see cref="Messages"/> producer-shaped messages; the time runs
    /// from the start until every message is deleted and the consumers have stopped.
    /// </summary>
    public static class ConsumerDrain
    {
        public const double RatioTarget = 3;
        /// <summary>
        /// Messages per drain: the fewest that give each of 4 consumers a full batch of 10. Few on purpose:
        /// moto's ReceiveMessage recounts the whole queue (in-flight messages included) for every message it
        /// returns, so each returned message costs about 45 us per message in the queue (a receive of 10 takes
        /// 15 ms at 20 queued, 49 ms at 100), batch or not, and it computes one request at a time (one Python
        /// process). SQS's costs do not grow with the queue. At 40 messages moto's fixed cost per call (about
        /// 4 ms), which batching saves, still outweighs it.
        /// </summary>
        public const int Messages = 40;
        public const int Runs = 9;
        private static readonly int[] ConsumerCounts = { 1, 2, 4 };

        public static Table Run(BenchOptions options, TextWriter output)
        {
            var messages = options.Messages ?? (options.Tiny ? 10 : Messages);
            var runs = options.Tiny ? 1 : Runs;
            var table = new Table("Consumers draining a backlog on moto", string.Format(CultureInfo.InvariantCulture,
                "Each run drains a new standard queue of {0:N0} messages on moto (on 127.0.0.1), after one warm-up drain; {1} rounds, each running every row once; the median rate of each row, and the median of each round's ratio to that round's plain loop. Receives are long polls of 1 s. " +
                "The plain loop is the AWS SDK for .NET called directly: ReceiveMessage (MaxNumberOfMessages 1), DeleteMessage, one after the other (the seeds' consumer). " +
                "The SDK loop in batches is the same with ReceiveMessage of 10 and one DeleteMessageBatch: the most batching can gain on moto. " +
                "SqsDemo consumers are the engine's ConsumerSupervisor, every call journaled: MaxMessages 10 receives 10 and deletes each message once handled; " +
                "BatchSize 10 (event source mapping) deletes the batch's successes in one DeleteMessageBatch. " +
                "The drain is {0:N0} messages, the fewest that give 4 consumers a batch each, because moto's receive costs, for every message it returns, time in proportion to the messages in the queue (batching cannot save that part; SQS has no such cost), " +
                "and moto computes one request at a time (one Python process), so more consumers only queue up at it.",
                messages, runs));
            using var moto = MotoLease.For(options, output);
            using var broker = AwsBroker.ForEndpoint(moto.Endpoint, MotoProcess.Region);

            if (!options.Tiny)
            {
                output.WriteLine("// consumers: warm-up drains");
                Drain(output, broker, 20, 1, (queueUrl, count) => PlainLoopAsync(broker.Client, queueUrl, count));
                Drain(output, broker, 20, 1, (queueUrl, count) => ConsumersAsync(broker, queueUrl, count, 1, batched: false));
                Drain(output, broker, 20, 1, (queueUrl, count) => ConsumersAsync(broker, queueUrl, count, 1, batched: true));
            }

            // The kinds of drain, run in rounds: each round drains once with every kind, so a slow moment of
            // the machine falls on one round of every kind rather than on all the runs of one.
            var kinds = new List<(string Label, Func<string, int, Task> Drain, bool Batched)>
            {
                ("plain SDK loop (receive 1, delete 1)", (queueUrl, count) => PlainLoopAsync(broker.Client, queueUrl, count), false),
                ("SDK loop in batches (receive 10, delete batch): what batching can gain on moto", (queueUrl, count) => BatchLoopAsync(broker.Client, queueUrl, count), false),
            };
            foreach (var batched in new[] { false, true })
            {
                foreach (var consumers in ConsumerCounts)
                {
                    var label = string.Format(CultureInfo.InvariantCulture, "{0} SqsDemo consumer{1}, {2}", consumers, consumers == 1 ? "" : "s",
                        batched ? "BatchSize 10 (batch delete)" : "MaxMessages 10 (delete each)");
                    kinds.Add((label, (queueUrl, count) => ConsumersAsync(broker, queueUrl, count, consumers, batched), batched));
                }
            }
            var rates = kinds.Select(_ => new List<double>()).ToList();
            for (var round = 1; round <= runs; round++)
            {
                output.WriteLine("// consumers: round " + round.ToString(CultureInfo.InvariantCulture) + " of " + runs.ToString(CultureInfo.InvariantCulture));
                for (var k = 0; k < kinds.Count; k++) rates[k].Add(Drain(output, broker, messages, 1, kinds[k].Drain));
            }
            for (var k = 0; k < kinds.Count; k++)
            {
                table.Add(Row.Info(kinds[k].Label + ", msg/s", Median(rates[k]), "N0"));
                if (k == 0) continue;
                // The ratio of each round's pair, then the median: the plain loop and the kind ran minutes apart at most.
                var ratio = Median(rates[k].Select((rate, round) => rate / rates[0][round]));
                table.Add(kinds[k].Batched ? Row.AtLeast("  / plain loop", ratio, RatioTarget, "0.00", "x") : Row.Info("  / plain loop", ratio, "0.00", "x"));
            }
            return table;
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }

        /// <summary>
        /// <paramref name="runs"/> times: fills a new queue with <paramref name="count"/> messages, times
        /// <paramref name="drain"/>, checks the queue is empty. The median in messages per second.
        /// </summary>
        private static double Drain(TextWriter output, AwsBroker broker, int count, int runs, Func<string, int, Task> drain)
        {
            var rates = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var queueUrl = broker.CreateQueueAsync("sqsdemo-drain-" + Guid.NewGuid().ToString("N").Substring(0, 8), new Dictionary<string, string>
                {
                    [QueueAttributeName.VisibilityTimeout] = "60",
                }).GetAwaiter().GetResult();
                try
                {
                    Fill(broker, queueUrl, count);
                    var watch = Stopwatch.StartNew();
                    drain(queueUrl, count).GetAwaiter().GetResult();
                    watch.Stop();
                    var attributes = broker.GetQueueAttributesAsync(queueUrl, new[] { QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible }).GetAwaiter().GetResult();
                    var left = attributes.Values.Sum(v => long.Parse(v, CultureInfo.InvariantCulture));
                    if (left != 0) throw new InvalidOperationException($"{left} message(s) were left on the queue after the drain.");
                    output.WriteLine(string.Format(CultureInfo.InvariantCulture, "//   {0:N0} messages in {1:N2} s", count, watch.Elapsed.TotalSeconds));
                    rates.Add(count / watch.Elapsed.TotalSeconds);
                }
                finally
                {
                    broker.DeleteQueueAsync(queueUrl).GetAwaiter().GetResult();
                }
            }
            return rates.OrderBy(r => r).ElementAt(rates.Count / 2);
        }

        /// <summary>Producer-shaped bodies ({"id":..., "work":...}) from a fixed seed, 10 per SendMessageBatch.</summary>
        private static void Fill(IBroker broker, string queueUrl, int count)
        {
            var random = new SeededRandom(BrokerBench.Seed);
            for (var sent = 0; sent < count;)
            {
                var entries = new List<SendMessageBatchRequestEntry>();
                for (var i = 0; i < LifecycleWorkload.Batch && sent < count; i++, sent++)
                    entries.Add(new SendMessageBatchRequestEntry { Id = "e" + i.ToString(CultureInfo.InvariantCulture), MessageBody = MessageBody.Work(random.NextGuid(), sent) });
                var result = broker.SendMessageBatchAsync(queueUrl, entries).GetAwaiter().GetResult();
                if (result.Failed.Count > 0) throw new InvalidOperationException("Filling the queue failed: " + result.Failed[0].Code + ": " + result.Failed[0].Message);
            }
        }

        /// <summary>The seeds' consumer: receive one, delete it, again, until <paramref name="count"/> are deleted.</summary>
        private static async Task PlainLoopAsync(IAmazonSQS client, string queueUrl, int count)
        {
            var deleted = 0;
            while (deleted < count)
            {
                var response = await client.ReceiveMessageAsync(new Sdk.ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 1, WaitTimeSeconds = 1 }).ConfigureAwait(false);
                foreach (var message in response.Messages ?? new List<Sdk.Message>())
                {
                    await client.DeleteMessageAsync(queueUrl, message.ReceiptHandle).ConfigureAwait(false);
                    deleted++;
                }
            }
        }

        /// <summary>The same loop with batches, still through the SDK directly: receive 10, delete them in one DeleteMessageBatch.</summary>
        private static async Task BatchLoopAsync(IAmazonSQS client, string queueUrl, int count)
        {
            var deleted = 0;
            while (deleted < count)
            {
                var response = await client.ReceiveMessageAsync(new Sdk.ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = LifecycleWorkload.Batch, WaitTimeSeconds = 1 }).ConfigureAwait(false);
                var messages = response.Messages ?? new List<Sdk.Message>();
                if (messages.Count == 0) continue;
                var entries = messages.Select((m, i) => new Sdk.DeleteMessageBatchRequestEntry { Id = "d" + i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle }).ToList();
                await client.DeleteMessageBatchAsync(new Sdk.DeleteMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }).ConfigureAwait(false);
                deleted += messages.Count;
            }
        }

        /// <summary>
        /// <paramref name="consumers"/> SqsDemo consumers on one queue; once <paramref name="count"/> messages
        /// are processed they are asked to stop (a graceful stop: work in hand, its deletes included, is finished).
        /// </summary>
        private static async Task ConsumersAsync(AwsBroker broker, string queueUrl, int count, int consumers, bool batched)
        {
            var backend = DemoRun.CreateRemote(BackendKind.Endpoint, "moto", broker, DynamoDbLedger.InMemory(TimeProvider.System), BrokerBench.Seed);
            using var stop = new CancellationTokenSource();
            // Counted by message id: moto may hand one message to two concurrent receives, and the drain ends when every message was handled.
            var processed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            Action<ConsumerRecord> onRecord = record =>
            {
                if (record.Outcome == MessageOutcome.Processed && processed.TryAdd(record.MessageId, true) && processed.Count == count) stop.Cancel();
            };
            var runs = Enumerable.Range(1, consumers).Select(i =>
            {
                var options = new ConsumerOptions { ConsumerId = "consumer-" + i.ToString(CultureInfo.InvariantCulture), QueueUrl = queueUrl, Receive = { WaitTimeSeconds = 1 } };
                if (batched) options.Batch.Size = LifecycleWorkload.Batch;
                else options.Receive.MaxMessages = LifecycleWorkload.Batch;
                return Task.Run(() => new ConsumerSupervisor(backend, options).RunAsync(onRecord, stop.Token));
            }).ToArray();
            var summaries = await Task.WhenAll(runs).ConfigureAwait(false);
            foreach (var summary in summaries)
                if (!summary.EndedCleanly) throw new InvalidOperationException(summary.ConsumerId + " ended " + summary.Ending + ": " + summary.Reason);
            if (processed.Count < count) throw new InvalidOperationException($"The consumers processed {processed.Count} of {count} messages.");
            Console.WriteLine($"//   received {summaries.Sum(s => s.Received)}, processed {summaries.Sum(s => s.Processed)}");
        }
    }
}

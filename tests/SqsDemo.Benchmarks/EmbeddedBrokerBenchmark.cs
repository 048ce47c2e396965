using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// `-- broker`: the embedded broker on its own (system clock, seed <see cref="BrokerBench.Seed"/>, default options):
    /// message lifecycles per second in batches of 10 on 1 and 2 threads; what one SendMessageBatch,
    /// ReceiveMessage and DeleteMessageBatch cost at backlogs of 1,000, 100,000 and 1,000,000 (steady
    /// state: every cycle adds 10 and removes 10, taken from the front); FIFO lifecycles with 1 and
    /// 1,000 message groups; and the memory a queued message of 1 KiB takes at 1,000,000 messages.
    /// Every timed figure is the median of <see cref="Sizes.Repeats"/> runs after a second of warm-up.
    /// </summary>
    public static class EmbeddedBrokerBenchmark
    {
        public const double LifecyclesTarget = 200_000;
        public const double BacklogRatioTarget = 2.0;
        public const int MemoryBodyBytes = 1024;
        private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
        /// <summary>Issue 18's target: the body kept as UTF-8 bytes, with under 300 bytes of everything else (it was 2,256 B with a UTF-16 string).</summary>
        public const double MemoryTargetBytes = 1_300;

        public sealed class Sizes
        {
            public int Repeats = 5;
            public int LifecycleCycles = 20_000;
            public int[] Backlogs = { 1_000, 100_000, 1_000_000 };
            public int BacklogCycles = 10_000;
            public int FifoBacklog = 10_000;
            public int[] FifoGroups = { 1, 1_000 };
            public int FifoCycles = 10_000;
            public int MemoryMessages = 1_000_000;

            public static Sizes For(BenchOptions options) => options.Tiny
                ? new Sizes { Repeats = 1, LifecycleCycles = 200, Backlogs = new[] { 1_000, 10_000 }, BacklogCycles = 200, FifoBacklog = 1_000, FifoGroups = new[] { 1, 100 }, FifoCycles = 200, MemoryMessages = 10_000 }
                : new Sizes();
        }

        public static Table Run(BenchOptions options, TextWriter output)
        {
            var sizes = Sizes.For(options);
            var table = new Table("Embedded broker", string.Format(CultureInfo.InvariantCulture,
                "Lifecycle = one message sent, received and deleted, in batches of 10 (SendMessageBatch, ReceiveMessage of 10 with a long poll that answers at once, DeleteMessageBatch). " +
                "Median of {0} runs after a second of warm-up: {1:N0} lifecycles per run on standard queues, {2:N0} per run on the backlog and FIFO queues. Bodies 100 bytes except for memory (1 KiB).",
                sizes.Repeats, sizes.LifecycleCycles * LifecycleWorkload.Batch, Math.Min(sizes.BacklogCycles, sizes.FifoCycles) * LifecycleWorkload.Batch));

            Progress(output, "lifecycles, 1 thread");
            var single = Median(sizes.Repeats, () => Lifecycles(sizes.LifecycleCycles, threads: 1));
            table.Add(Row.AtLeast("lifecycles/s, 1 thread", single.PerSecond, LifecyclesTarget, "N0"));
            table.Add(Row.Info("allocated per lifecycle, 1 thread", single.AllocatedPerLifecycle, "N0", " B"));

            Progress(output, "lifecycles, 2 threads");
            var two = Median(sizes.Repeats, () => Lifecycles(sizes.LifecycleCycles, threads: 2));
            table.Add(Row.Info("lifecycles/s, 2 threads on one queue", two.PerSecond, "N0"));

            var costs = new List<BacklogCost>();
            foreach (var backlog in sizes.Backlogs)
            {
                Progress(output, "backlog " + backlog.ToString("N0", CultureInfo.InvariantCulture));
                costs.Add(AtBacklog(backlog, sizes.BacklogCycles, sizes.Repeats));
            }
            foreach (var cost in costs)
            {
                var at = " at backlog " + cost.Backlog.ToString("N0", CultureInfo.InvariantCulture);
                table.Add(Row.Info("SendMessageBatch (10)" + at, cost.SendMicroseconds, "N2", " us"));
                table.Add(Row.Info("ReceiveMessage (10)" + at, cost.ReceiveMicroseconds, "N2", " us"));
                table.Add(Row.Info("DeleteMessageBatch (10)" + at, cost.DeleteMicroseconds, "N2", " us"));
                table.Add(Row.Info("  GC pauses per cycle, within the three" + at, cost.GcPauseMicroseconds, "N2", " us"));
            }
            var baseline = costs[0];
            foreach (var cost in costs.Skip(1))
            {
                var of = " cost, " + cost.Backlog.ToString("N0", CultureInfo.InvariantCulture) + " / " + baseline.Backlog.ToString("N0", CultureInfo.InvariantCulture) + " backlog";
                table.Add(Row.AtMost("send" + of, cost.SendMicroseconds / baseline.SendMicroseconds, BacklogRatioTarget, "0.00", "x"));
                table.Add(Row.AtMost("receive" + of, cost.ReceiveMicroseconds / baseline.ReceiveMicroseconds, BacklogRatioTarget, "0.00", "x"));
                table.Add(Row.AtMost("delete" + of, cost.DeleteMicroseconds / baseline.DeleteMicroseconds, BacklogRatioTarget, "0.00", "x"));
            }

            foreach (var groups in sizes.FifoGroups)
            {
                Progress(output, "FIFO, " + groups.ToString("N0", CultureInfo.InvariantCulture) + " group(s)");
                var fifo = Fifo(groups, sizes.FifoBacklog, sizes.FifoCycles, sizes.Repeats);
                table.Add(Row.Info(string.Format(CultureInfo.InvariantCulture, "FIFO lifecycles/s, {0:N0} group(s), backlog {1:N0}", groups, sizes.FifoBacklog), fifo.PerSecond, "N0"));
            }

            Progress(output, "memory, " + sizes.MemoryMessages.ToString("N0", CultureInfo.InvariantCulture) + " messages");
            var memory = MemoryPerMessage(sizes.MemoryMessages, MemoryBodyBytes);
            table.Add(Row.Under(string.Format(CultureInfo.InvariantCulture, "memory per queued message, 1 KiB body, {0:N0} queued", sizes.MemoryMessages), memory, MemoryTargetBytes, "N0", " B"));
            table.Add(Row.Info("  of which the body (UTF-8 bytes)", ByteArrayBytes(MemoryBodyBytes), "N0", " B"));
            return table;
        }

        private static void Progress(TextWriter output, string what)
        {
            output.WriteLine("// broker: " + what);
            output.Flush();
        }

        private sealed class Throughput
        {
            public double PerSecond;
            public double AllocatedPerLifecycle;
        }

        private sealed class BacklogCost
        {
            public int Backlog;
            public double SendMicroseconds, ReceiveMicroseconds, DeleteMicroseconds;
            /// <summary>The garbage collector's pauses per cycle, within the calls' times above.</summary>
            public double GcPauseMicroseconds;
        }

        /// <summary>Runs <paramref name="measure"/> for a second to warm up (the JIT's tiering needs 100 ms of calls, then compiles), then <paramref name="repeats"/> times; the median by throughput.</summary>
        private static Throughput Median(int repeats, Func<Throughput> measure)
        {
            var warming = Stopwatch.StartNew();
            do measure(); while (repeats > 1 && warming.Elapsed < WarmUp);
            var runs = Enumerable.Range(0, repeats).Select(_ => measure()).OrderBy(t => t.PerSecond).ToList();
            return runs[runs.Count / 2];
        }

        /// <summary>Lifecycles on an empty standard queue: each thread sends 10, receives 10 and deletes them, <paramref name="cycles"/> times in all.</summary>
        private static Throughput Lifecycles(int cycles, int threads)
        {
            var broker = BrokerBench.CreateBroker();
            var queueUrl = BrokerBench.CreateQueue(broker, "lifecycles");
            var bodies = LifecycleWorkload.Bodies(1_024, BrokerBench.SmallBodyBytes);
            var workloads = Enumerable.Range(0, threads).Select(i => new LifecycleWorkload(broker, queueUrl, bodies, name: "t" + i)).ToArray();
            Collect();
            long lifecycles = 0;
            long allocated;
            var watch = new Stopwatch();
            if (threads == 1)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                watch.Start();
                for (var i = 0; i < cycles; i++) lifecycles += workloads[0].Cycle();
                watch.Stop();
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            else
            {
                var start = new Barrier(threads + 1);
                var done = new long[threads];
                var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
                {
                    start.SignalAndWait();
                    long mine = 0;
                    for (var i = 0; i < cycles / threads; i++) mine += workloads[t].Cycle();
                    done[t] = mine;
                }) { IsBackground = true }).ToList();
                workers.ForEach(w => w.Start());
                start.SignalAndWait();
                watch.Start();
                workers.ForEach(w => w.Join());
                watch.Stop();
                lifecycles = done.Sum();
                allocated = 0;
            }
            var left = BrokerBench.VisibleCount(broker, queueUrl);
            if (left != 0 && threads == 1) throw new InvalidOperationException($"{left} messages were left on the queue.");
            return new Throughput { PerSecond = lifecycles / watch.Elapsed.TotalSeconds, AllocatedPerLifecycle = lifecycles == 0 ? 0 : (double)allocated / lifecycles };
        }

        /// <summary>Per-call costs on a standard queue kept at <paramref name="backlog"/> visible messages.</summary>
        private static BacklogCost AtBacklog(int backlog, int cycles, int repeats)
        {
            var broker = BrokerBench.CreateBroker();
            var queueUrl = BrokerBench.CreateQueue(broker, "backlog");
            BrokerBench.Prefill(broker, queueUrl, backlog, BrokerBench.SmallBodyBytes);
            var workload = new LifecycleWorkload(broker, queueUrl, LifecycleWorkload.Bodies(1_024, BrokerBench.SmallBodyBytes, first: backlog));
            Collect();
            var warming = Stopwatch.StartNew();
            for (var i = 0; i < cycles / 5 || (repeats > 1 && warming.Elapsed < WarmUp); i++) workload.Cycle();
            var runs = new List<BacklogCost>();
            for (var r = 0; r < repeats; r++)
            {
                workload.ResetCounters();
                var paused = GC.GetTotalPauseDuration();
                for (var i = 0; i < cycles; i++)
                {
                    if (workload.Cycle() != LifecycleWorkload.Batch) throw new InvalidOperationException("A receive at backlog " + backlog + " returned fewer than 10 messages.");
                }
                runs.Add(new BacklogCost
                {
                    Backlog = backlog,
                    SendMicroseconds = LifecycleWorkload.Microseconds(workload.SendTicks) / cycles,
                    ReceiveMicroseconds = LifecycleWorkload.Microseconds(workload.ReceiveTicks) / cycles,
                    DeleteMicroseconds = LifecycleWorkload.Microseconds(workload.DeleteTicks) / cycles,
                    GcPauseMicroseconds = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds * 1000 / cycles,
                });
            }
            var visible = BrokerBench.VisibleCount(broker, queueUrl);
            if (visible != backlog) throw new InvalidOperationException($"The backlog ended at {visible:N0}, not {backlog:N0}.");
            GC.KeepAlive(broker);
            return new BacklogCost
            {
                Backlog = backlog,
                SendMicroseconds = MedianOf(runs.Select(c => c.SendMicroseconds)),
                ReceiveMicroseconds = MedianOf(runs.Select(c => c.ReceiveMicroseconds)),
                DeleteMicroseconds = MedianOf(runs.Select(c => c.DeleteMicroseconds)),
                GcPauseMicroseconds = MedianOf(runs.Select(c => c.GcPauseMicroseconds)),
            };
        }

        /// <summary>FIFO lifecycles on a queue kept at <paramref name="backlog"/> messages spread over <paramref name="groups"/> groups.</summary>
        private static Throughput Fifo(int groups, int backlog, int cycles, int repeats)
        {
            var broker = BrokerBench.CreateBroker();
            var queueUrl = BrokerBench.CreateFifoQueue(broker, "fifo-" + groups.ToString(CultureInfo.InvariantCulture));
            var groupIds = LifecycleWorkload.Groups(groups);
            var bodies = LifecycleWorkload.Bodies(1_024, BrokerBench.SmallBodyBytes);
            var workload = new LifecycleWorkload(broker, queueUrl, bodies, groupIds, "fifo");
            for (var i = 0; i < backlog / LifecycleWorkload.Batch; i++) workload.Send();
            Collect();
            return Median(repeats, () =>
            {
                var watch = Stopwatch.StartNew();
                long lifecycles = 0;
                for (var i = 0; i < cycles; i++) lifecycles += workload.Cycle();
                watch.Stop();
                return new Throughput { PerSecond = lifecycles / watch.Elapsed.TotalSeconds };
            });
        }

        /// <summary>
        /// Bytes of managed heap per queued message: live heap after a full collection with
        /// <paramref name="count"/> messages of <paramref name="bodyBytes"/> ASCII characters queued,
        /// minus before. The bodies are made as they are sent, so the queue holds the only reference.
        /// </summary>
        private static double MemoryPerMessage(int count, int bodyBytes)
        {
            Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var broker = BrokerBench.CreateBroker();
            var queueUrl = BrokerBench.CreateQueue(broker, "memory");
            BrokerBench.Prefill(broker, queueUrl, count, bodyBytes);
            Collect();
            var after = GC.GetTotalMemory(forceFullCollection: true);
            var visible = BrokerBench.VisibleCount(broker, queueUrl);
            if (visible != count) throw new InvalidOperationException($"{visible} messages queued, not {count}.");
            GC.KeepAlive(broker);
            return (after - before) / (double)count;
        }

        /// <summary>What a byte array of <paramref name="length"/> bytes takes on a 64-bit heap.</summary>
        public static double ByteArrayBytes(int length) => (24 + length + 7) / 8 * 8;


        private static double MedianOf(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }

        private static void Collect()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// `-- endpoint`: the embedded backend served over HTTP (<see cref="DemoEndpoint"/>, run clock at x1) side by
    /// side with moto, the same client against each: message lifecycles per second with the AWS SDK for .NET
    /// (<see cref="SdkSqsCycles"/>) and with boto3 (<see cref="Boto3Cycles"/>), DynamoDB conditional put + get +
    /// update cycles with AmazonDynamoDBClient (<see cref="SdkDynamoCycles"/>), and the p99 of ReceiveMessage
    /// through the endpoint at a backlog of <see cref="Sizes.Backlog"/>. Every rate is the median of a few runs
    /// after a warm-up. The .NET clients run in this process, beside the endpoint; boto3 and moto in their own.
    /// </summary>
    public static class EndpointBenchmark
    {
        public const double RatioTarget = 50;
        public const double SdkLifecyclesTarget = 20_000;
        public const double ReceiveP99TargetMs = 5;

        public sealed class Sizes
        {
            public int Runs = 5;
            public TimeSpan WarmUp = TimeSpan.FromSeconds(2);
            public int SdkLifecycles = 20_000;
            public int SdkMotoLifecycles = 1_000;
            public int Boto3Lifecycles = 5_000;
            public int Boto3MotoLifecycles = 500;
            public int Boto3Runs = 3;
            public int Boto3WarmUpCycles = 50;
            public int DynamoCycles = 5_000;
            public int DynamoMotoCycles = 200;
            public int Backlog = 100_000;
            public int LatencyCycles = 5_000;
            public int FloorCalls = 10_000;

            public static Sizes For(BenchOptions options) => options.Tiny
                ? new Sizes
                {
                    Runs = 1, WarmUp = TimeSpan.Zero, SdkLifecycles = 100, SdkMotoLifecycles = 50, Boto3Lifecycles = 50, Boto3MotoLifecycles = 20,
                    Boto3Runs = 1, Boto3WarmUpCycles = 1, DynamoCycles = 20, DynamoMotoCycles = 10, Backlog = 1_000, LatencyCycles = 100, FloorCalls = 50,
                }
                : new Sizes();
        }

        public static Table Run(BenchOptions options, TextWriter output)
        {
            var sizes = Sizes.For(options);
            var run = DemoRun.CreateEmbedded(timeScale: 1, seed: BrokerBench.Seed);
            var endpoint = DemoEndpoint.Start(run, 0);
            try
            {
                using var moto = MotoLease.For(options, output);
                var served = new Uri(endpoint.Url + "/");
                output.WriteLine("// endpoint: serving an embedded run (clock x1) on " + served);
                var table = new Table("The endpoint vs moto over HTTP, the same client against each", Note(sizes));
                Sqs(table, served, moto.Endpoint, sizes, output);
                Boto3(table, served, moto.Endpoint, sizes, output);
                Dynamo(table, served, moto.Endpoint, sizes, output);
                ReceiveLatency(table, served, sizes, output);
                Floor(table, endpoint, served, sizes, output);
                table.Add(new Row("endpoint: requests served", endpoint.RequestCount.ToString("N0", CultureInfo.InvariantCulture)));
                return table;
            }
            finally
            {
                endpoint.Stop();
            }
        }

        private static void Sqs(Table table, Uri served, Uri moto, Sizes sizes, TextWriter output)
        {
            var bodies = LifecycleWorkload.Bodies(1_000, BrokerBench.SmallBodyBytes);
            Progress(output, "AWS SDK for .NET, SQS lifecycles on the endpoint");
            var onEndpoint = SdkSqs(served, bodies, sizes.SdkLifecycles, sizes.Runs, sizes.WarmUp);
            Progress(output, "AWS SDK for .NET, SQS lifecycles on moto");
            var onMoto = SdkSqs(moto, bodies, sizes.SdkMotoLifecycles, Math.Min(sizes.Runs, 3), TimeSpan.Zero);
            table.Add(Row.AtLeast(".NET SDK: endpoint lifecycles/s", onEndpoint.PerSecond, SdkLifecyclesTarget, "N0"));
            table.Add(Row.Info(".NET SDK: moto lifecycles/s", onMoto.PerSecond, "N0"));
            table.Add(Row.AtLeast(".NET SDK: endpoint / moto", onEndpoint.PerSecond / onMoto.PerSecond, RatioTarget, "N1", "x"));
            table.Add(Row.Info("  wall time per lifecycle", 1e6 / onEndpoint.PerSecond, "N0", " us"));
            table.Add(Row.Info("  CPU of this process (SDK + endpoint) per lifecycle", onEndpoint.CpuMicrosecondsPerUnit, "N0", " us"));
            Progress(output, "AWS SDK for .NET, SQS lifecycles on the endpoint from " + ConcurrentClients + " threads");
            var concurrent = SdkSqsConcurrent(served, bodies, sizes.SdkLifecycles, sizes.Runs, sizes.WarmUp);
            table.Add(Row.Info("  .NET SDK: endpoint lifecycles/s, " + ConcurrentClients + " client threads, a queue each", concurrent, "N0"));
            foreach (var (name, endpointUs, motoUs) in new[]
            {
                ("SendMessageBatch (10)", onEndpoint.Calls.Send, onMoto.Calls.Send),
                ("ReceiveMessage (10)", onEndpoint.Calls.Receive, onMoto.Calls.Receive),
                ("DeleteMessageBatch (10)", onEndpoint.Calls.Delete, onMoto.Calls.Delete),
            })
            {
                table.Add(new Row("  " + name + ", endpoint / moto", Micro(endpointUs) + " / " + Micro(motoUs)));
            }
        }

        private static void Boto3(Table table, Uri served, Uri moto, Sizes sizes, TextWriter output)
        {
            Progress(output, "boto3, SQS lifecycles on the endpoint");
            var onEndpoint = Boto3Cycles.Measure(served, sizes.Boto3Lifecycles, sizes.Boto3Runs, sizes.Boto3WarmUpCycles);
            Progress(output, "boto3, SQS lifecycles on moto");
            var onMoto = Boto3Cycles.Measure(moto, sizes.Boto3MotoLifecycles, sizes.Boto3Runs, Math.Min(sizes.Boto3WarmUpCycles, 10));
            table.Add(Row.Info("boto3: endpoint lifecycles/s", onEndpoint, "N0"));
            table.Add(Row.Info("boto3: moto lifecycles/s", onMoto, "N0"));
            table.Add(Row.AtLeast("boto3: endpoint / moto", onEndpoint / onMoto, RatioTarget, "N1", "x"));
        }

        private static void Dynamo(Table table, Uri served, Uri moto, Sizes sizes, TextWriter output)
        {
            Progress(output, "AmazonDynamoDBClient, put + get + update cycles on the endpoint");
            var onEndpoint = SdkDynamo(served, sizes.DynamoCycles, sizes.Runs, sizes.WarmUp);
            Progress(output, "AmazonDynamoDBClient, put + get + update cycles on moto");
            var onMoto = SdkDynamo(moto, sizes.DynamoMotoCycles, Math.Min(sizes.Runs, 3), TimeSpan.Zero);
            table.Add(Row.Info("DynamoDB: endpoint cycles/s", onEndpoint.PerSecond, "N0"));
            table.Add(Row.Info("DynamoDB: moto cycles/s", onMoto.PerSecond, "N0"));
            table.Add(Row.AtLeast("DynamoDB: endpoint / moto", onEndpoint.PerSecond / onMoto.PerSecond, RatioTarget, "N1", "x"));
            table.Add(Row.Info("  CPU of this process (SDK + endpoint) per cycle", onEndpoint.CpuMicrosecondsPerUnit, "N0", " us"));
            table.Add(new Row("  PutItem (conditional), endpoint / moto", Micro(onEndpoint.Calls.Send) + " / " + Micro(onMoto.Calls.Send)));
            table.Add(new Row("  GetItem, endpoint / moto", Micro(onEndpoint.Calls.Receive) + " / " + Micro(onMoto.Calls.Receive)));
            table.Add(new Row("  UpdateItem, endpoint / moto", Micro(onEndpoint.Calls.Delete) + " / " + Micro(onMoto.Calls.Delete)));
        }

        /// <summary>Fills a queue to the backlog through the SDK, then cycles send 10 / receive 10 / delete 10 (the backlog stays) and takes each receive's time.</summary>
        private static void ReceiveLatency(Table table, Uri served, Sizes sizes, TextWriter output)
        {
            Progress(output, string.Format(CultureInfo.InvariantCulture, "ReceiveMessage latency at a backlog of {0:N0}", sizes.Backlog));
            using var cycles = new SdkSqsCycles(served, "bench-backlog-" + Guid.NewGuid().ToString("N").Substring(0, 8), LifecycleWorkload.Bodies(1_000, BrokerBench.SmallBodyBytes));
            for (var i = 0; i < sizes.Backlog / SdkSqsCycles.Batch; i++) cycles.Send();
            var warming = Stopwatch.StartNew();
            while (warming.Elapsed < sizes.WarmUp) Cycle(cycles);
            cycles.ResetCounters();
            for (var i = 0; i < sizes.LatencyCycles; i++) Cycle(cycles);
            var samples = cycles.ReceiveSamples.Select(t => t * 1000.0 / Stopwatch.Frequency).OrderBy(ms => ms).ToList();
            var label = string.Format(CultureInfo.InvariantCulture, "ReceiveMessage (10) at backlog {0:N0}", sizes.Backlog);
            table.Add(Row.Info("  " + label + ", median", Percentile(samples, 0.50), "N2", " ms"));
            table.Add(Row.Under("  " + label + ", p99", Percentile(samples, 0.99), ReceiveP99TargetMs, "N2", " ms"));
            table.Add(Row.Info("  " + label + ", max", samples[samples.Count - 1], "N2", " ms"));
        }

        private static void Floor(Table table, DemoEndpoint endpoint, Uri served, Sizes sizes, TextWriter output)
        {
            Progress(output, "the endpoint's own work per call, without HTTP");
            using (var queue = new SdkSqsCycles(served, "bench-handler-" + Guid.NewGuid().ToString("N").Substring(0, 8), LifecycleWorkload.Bodies(1_000, BrokerBench.SmallBodyBytes)))
            {
                var handler = new HandlerCycles(endpoint, queue.QueueUrl, LifecycleWorkload.Bodies(1_000, BrokerBench.SmallBodyBytes));
                WarmUp(sizes.WarmUp, minimum: 10, handler.Cycle);
                var calls = Enumerable.Range(0, sizes.Runs).Select(_ => handler.Run(sizes.SdkLifecycles / SdkSqsCycles.Batch)).OrderBy(c => c.Send + c.Receive + c.Delete).ElementAt(sizes.Runs / 2);
                table.Add(new Row("endpoint's handler alone (router, no HTTP): send / receive / delete", Micro(calls.Send) + " / " + Micro(calls.Receive) + " / " + Micro(calls.Delete)));
            }
            Progress(output, "where a call's time goes: empty handler, raw POST, SDK");
            var floor = HttpFloor.Measure(served, sizes.FloorCalls, sizes.WarmUp);
            table.Add(Row.Info("HTTP floor: HttpClient POST to an empty HttpListener handler, per call", floor.EmptyHandlerUs, "N0", " us"));
            table.Add(Row.Info("  the same POST to the endpoint: ReceiveMessage (WaitTimeSeconds 0) on an empty queue", floor.RawEndpointUs, "N0", " us"));
            table.Add(Row.Info("  that ReceiveMessage through AmazonSQSClient", floor.SdkEndpointUs, "N0", " us"));
        }

        private static void Cycle(SdkSqsCycles cycles)
        {
            cycles.Send();
            cycles.ReceiveAndDelete();
        }

        private sealed class Result
        {
            public double PerSecond;
            public (double Send, double Receive, double Delete) Calls;
            /// <summary>This process's CPU time (all threads: client and endpoint) per lifecycle or cycle.</summary>
            public double CpuMicrosecondsPerUnit;
        }

        private static Result SdkSqs(Uri endpoint, string[] bodies, int lifecycles, int runs, TimeSpan warmUp)
        {
            using var cycles = new SdkSqsCycles(endpoint, "bench-sdk-" + Guid.NewGuid().ToString("N").Substring(0, 8), bodies);
            WarmUp(warmUp, minimum: 10, () => Cycle(cycles));
            return Median(runs, () =>
            {
                var cpu = CpuMicroseconds();
                var result = new Result { PerSecond = cycles.Run(lifecycles), Calls = cycles.MeanCallMicroseconds() };
                result.CpuMicrosecondsPerUnit = (CpuMicroseconds() - cpu) / cycles.Received;
                return result;
            });
        }

        public const int ConcurrentClients = 4;

        /// <summary><see cref="ConcurrentClients"/> threads, each its own client and queue, <paramref name="lifecycles"/> in all per run; median lifecycles/s.</summary>
        private static double SdkSqsConcurrent(Uri endpoint, string[] bodies, int lifecycles, int runs, TimeSpan warmUp)
        {
            var clients = Enumerable.Range(0, ConcurrentClients)
                .Select(i => new SdkSqsCycles(endpoint, "bench-sdk-" + i.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8), bodies)).ToList();
            try
            {
                System.Threading.Tasks.Parallel.ForEach(clients, c => WarmUp(warmUp, minimum: 10, () => Cycle(c)));
                return Enumerable.Range(0, runs).Select(_ =>
                {
                    var watch = Stopwatch.StartNew();
                    var threads = clients.Select(c => new System.Threading.Thread(() => c.Run(lifecycles / ConcurrentClients))).ToList();
                    threads.ForEach(t => t.Start());
                    threads.ForEach(t => t.Join());
                    return clients.Sum(c => c.Received) / watch.Elapsed.TotalSeconds;
                }).OrderBy(r => r).ElementAt(runs / 2);
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }
        }

        private static double CpuMicroseconds()
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime.TotalMilliseconds * 1000;
        }

        private static Result SdkDynamo(Uri endpoint, int cycleCount, int runs, TimeSpan warmUp)
        {
            using var cycles = new SdkDynamoCycles(endpoint, "bench-ledger-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            WarmUp(warmUp, minimum: 10, cycles.Cycle);
            return Median(runs, () =>
            {
                var cpu = CpuMicroseconds();
                var result = new Result { PerSecond = cycles.Run(cycleCount), Calls = cycles.MeanCallMicroseconds() };
                result.CpuMicrosecondsPerUnit = (CpuMicroseconds() - cpu) / cycleCount;
                return result;
            });
        }

        /// <summary>At least <paramref name="minimum"/> cycles, and on until <paramref name="warmUp"/> has passed (the JIT's tiering needs a while of calls).</summary>
        private static void WarmUp(TimeSpan warmUp, int minimum, Action cycle)
        {
            var warming = Stopwatch.StartNew();
            for (var i = 0; i < minimum || warming.Elapsed < warmUp; i++) cycle();
        }

        private static Result Median(int runs, Func<Result> measure) =>
            Enumerable.Range(0, runs).Select(_ => measure()).OrderBy(r => r.PerSecond).ElementAt(runs / 2);

        private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

        private static string Micro(double us) => us >= 1000
            ? (us / 1000).ToString("N2", CultureInfo.InvariantCulture) + " ms"
            : us.ToString("N0", CultureInfo.InvariantCulture) + " us";

        private static void Progress(TextWriter output, string what)
        {
            output.WriteLine("// endpoint: " + what);
            output.Flush();
        }

        private static string Note(Sizes sizes) => string.Format(CultureInfo.InvariantCulture,
            "Lifecycle = one message sent, received and deleted over HTTP in batches of 10 (SendMessageBatch, ReceiveMessage of 10 with WaitTimeSeconds 1, " +
            "which answers at once, DeleteMessageBatch); bodies 100 bytes. The endpoint serves an embedded run on its clock at x1; moto is a separate python3 process. " +
            "AWS SDK for .NET (AmazonSQSClient, AmazonDynamoDBClient, in this process beside the endpoint): median of {0} runs of {1:N0} lifecycles on the endpoint " +
            "(one client thread unless a row says, synchronous calls one after another) " +
            "after {2:0.#} s of warm-up, {3} runs of {4:N0} on moto after 10 cycles. boto3 (python/sqs_bench.py, its own process): median of {5} runs of {6:N0} on the " +
            "endpoint and {7:N0} on moto. DynamoDB cycle = PutItem with attribute_not_exists + consistent GetItem + UpdateItem (SET, arithmetic) on a new key: " +
            "{8:N0} per run on the endpoint, {9:N0} on moto. Receive latency: each ReceiveMessage of {10:N0} send/receive/delete cycles at a steady backlog of {11:N0}. " +
            "Rows of two figures: mean time of one call, endpoint / moto.",
            sizes.Runs, sizes.SdkLifecycles, sizes.WarmUp.TotalSeconds, Math.Min(sizes.Runs, 3), sizes.SdkMotoLifecycles, sizes.Boto3Runs, sizes.Boto3Lifecycles,
            sizes.Boto3MotoLifecycles, sizes.DynamoCycles, sizes.DynamoMotoCycles, sizes.LatencyCycles, sizes.Backlog);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// `-- moto`: one workload, the same code, through SqsDemo's <see cref="IBroker"/> on the embedded
    /// backend and on a moto server (AwsBroker, the AWS SDK over HTTP): <see cref="Lifecycles"/>
    /// message lifecycles in batches of 10 (<see cref="LifecycleWorkload"/>), then the ratio.
    /// The embedded figure is the median of <see cref="EmbeddedRuns"/> runs (one run takes milliseconds);
    /// moto's is one run after a warm-up of 10 cycles.
    /// </summary>
    public static class MotoComparison
    {
        public const double RatioTarget = 1_000;
        public const int EmbeddedRuns = 21;

        public static Table Run(BenchOptions options, TextWriter output)
        {
            var lifecycles = options.Tiny ? 100 : 2_000;
            var table = new Table("Embedded broker vs moto, side by side", string.Format(CultureInfo.InvariantCulture,
                "The same {0:N0} lifecycles (SendMessageBatch of 10, ReceiveMessage of 10, DeleteMessageBatch) through IBroker: the embedded backend's broker in process, " +
                "and AwsBroker (AWS SDK for .NET) on moto {1} started by the benchmark on 127.0.0.1. Embedded: median of {2} runs after 1.5 s of warm-up; moto: one run after 10 warm-up cycles.",
                lifecycles, MotoVersion(), options.Tiny ? 1 : EmbeddedRuns));

            var backend = DemoRun.CreateEmbedded(seed: BrokerBench.Seed);
            // Warmed up for a second and a half, so the JIT has compiled the broker's final code (tiering waits for 100 ms of calls).
            var embedded = Measure(backend.Broker, "side-by-side", lifecycles, runs: options.Tiny ? 1 : EmbeddedRuns, warmUp: options.Tiny ? TimeSpan.Zero : TimeSpan.FromSeconds(1.5));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "// moto: embedded {0:N0} lifecycles/s", embedded.PerSecond));

            using var moto = MotoLease.For(options, output);
            using var aws = AwsBroker.ForEndpoint(moto.Endpoint, MotoProcess.Region);
            var remote = Measure(aws, "sqsdemo-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8), lifecycles, runs: 1, warmUp: TimeSpan.Zero, warmUpCycles: 10);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "// moto: moto {0:N0} lifecycles/s", remote.PerSecond));

            table.Add(Row.Info("embedded: lifecycles/s", embedded.PerSecond, "N0"));
            table.Add(Row.Info("moto: lifecycles/s", remote.PerSecond, "N0"));
            table.Add(Row.Info("embedded: mean per call", embedded.MicrosecondsPerCall, "N1", " us"));
            table.Add(Row.Info("moto: mean per call", remote.MicrosecondsPerCall / 1000, "N2", " ms"));
            table.Add(Row.AtLeast("embedded / moto", embedded.PerSecond / remote.PerSecond, RatioTarget, "N0", "x"));
            return table;
        }

        public sealed class Result
        {
            public double PerSecond;
            public double MicrosecondsPerCall;
        }

        /// <summary>Times <paramref name="lifecycles"/> lifecycles on a new standard queue, <paramref name="runs"/> times; the median.</summary>
        public static Result Measure(IBroker broker, string queueName, int lifecycles, int runs, TimeSpan warmUp, int warmUpCycles = 10)
        {
            var queueUrl = broker.CreateQueueAsync(queueName, new Dictionary<string, string>
            {
                [QueueAttributeName.VisibilityTimeout] = "60",
                [QueueAttributeName.ReceiveMessageWaitTimeSeconds] = "0",
            }).GetAwaiter().GetResult();
            try
            {
                var workload = new LifecycleWorkload(broker, queueUrl, LifecycleWorkload.Bodies(lifecycles, BrokerBench.SmallBodyBytes));
                var warming = Stopwatch.StartNew();
                for (var i = 0; i < warmUpCycles || warming.Elapsed < warmUp; i++) workload.Cycle();
                var results = new List<Result>();
                for (var r = 0; r < runs; r++)
                {
                    workload.ResetCounters();
                    var watch = Stopwatch.StartNew();
                    long done = 0;
                    while (done < lifecycles)
                    {
                        workload.Send();
                        done += workload.ReceiveAndDelete();
                    }
                    // A receive may have answered with fewer than it could: collect what is left, inside the timing.
                    while (workload.Received < workload.Sent) workload.ReceiveAndDelete();
                    watch.Stop();
                    results.Add(new Result
                    {
                        PerSecond = workload.Received / watch.Elapsed.TotalSeconds,
                        MicrosecondsPerCall = watch.Elapsed.TotalMilliseconds * 1000 / workload.Calls,
                    });
                }
                return results.OrderBy(r => r.PerSecond).ElementAt(results.Count / 2);
            }
            finally
            {
                broker.DeleteQueueAsync(queueUrl).GetAwaiter().GetResult();
            }
        }

        private static string MotoVersion()
        {
            try
            {
                var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("import moto; print(moto.__version__)");
                using var process = Process.Start(start)!;
                var version = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit(10_000);
                return version.Length > 0 ? version : "(version unknown)";
            }
            catch (Exception)
            {
                return "(version unknown)";
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// The benchmarks of issue 10, one mode each, every figure printed in a table beside its target
    /// with PASS or MISS (run in Release; `dotnet build SqsDemo.slnx` first for the modes that import the module):
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- broker      embedded broker: lifecycles/s, cost by backlog, FIFO, memory
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- moto        the same workload on the embedded broker and on moto, and the ratio
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- consumers   draining a backlog on moto: SqsDemo consumers vs a plain SDK loop
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- catalog     every scenario's wall time on the embedded backend (--moto or --endpoint URL, [--speed Fast]: on moto)
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- import      Import-Module in a fresh runspace
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- endpoint    the embedded backend over HTTP (Start-DemoEndpoint's server) vs moto: .NET SDK, boto3, DynamoDB, receive p99
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- all         all of them (one moto for the moto modes), then every table again
    /// Options (<see cref="BenchOptions"/>): --tiny (small sizes, seconds: a smoke test), --endpoint URL (a running moto instead of starting one).
    /// The exit code is 1 when a mode fails (an error, a failed scenario), not for a MISS: the tables say those.
    /// Anything else goes to BenchmarkDotNet, e.g. `-- --filter '*Backlog*'` or `-- --filter '*Lifecycle*'`.
    /// </summary>
    public static class Program
    {
        private static readonly string[] Modes = { "broker", "moto", "consumers", "catalog", "import", "endpoint", "all" };

        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "import" && args.Contains("--child")) return ImportTiming.RunChild(Console.Out);
            if (args.Length > 0 && Modes.Contains(args[0]))
            {
                var options = BenchOptions.Parse(args.Skip(1).ToArray());
                return RunModes(args[0], options, Console.Out);
            }
            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
            BacklogRatioReport.Print(summaries, Console.Out);
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }

        public static int RunModes(string mode, BenchOptions options, TextWriter output)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "// SqsDemo benchmarks: {0}{1}; {2} cores, {3}, {4:yyyy-MM-dd HH:mm} UTC, load average {5}",
                mode, options.Tiny ? " (tiny sizes)" : "", Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, DateTime.UtcNow, LoadAverage()));
            var tables = new List<Table>();
            var failed = false;
            void Print(Table table)
            {
                tables.Add(table);
                table.Print(output);
                output.WriteLine();
                output.WriteLine("// load average after this table: " + LoadAverage());
            }
            try
            {
                switch (mode)
                {
                    case "broker":
                        Print(EmbeddedBrokerBenchmark.Run(options, output));
                        break;
                    case "moto":
                        Print(MotoComparison.Run(options, output));
                        break;
                    case "consumers":
                        Print(ConsumerDrain.Run(options, output));
                        break;
                    case "catalog" when options.StartMoto && options.Endpoint == null:
                        using (var moto = MotoLease.For(options, output))
                            failed |= Catalog(options.With(moto.Endpoint, options.Speed), output, Print);
                        break;
                    case "catalog":
                        failed |= Catalog(options, output, Print);
                        break;
                    case "import":
                        Print(ImportTiming.Run(options, output));
                        break;
                    case "endpoint":
                        Print(EndpointBenchmark.Run(options, output));
                        break;
                    case "all":
                        Print(ImportTiming.Run(options, output));
                        Print(EmbeddedBrokerBenchmark.Run(options, output));
                        failed |= Catalog(options.With(null), output, Print);
                        using (var moto = MotoLease.For(options, output))
                        {
                            var onMoto = options.With(moto.Endpoint);
                            Print(MotoComparison.Run(onMoto, output));
                            Print(ConsumerDrain.Run(onMoto, output));
                            failed |= Catalog(options.With(moto.Endpoint, "Fast"), output, Print);
                            Print(EndpointBenchmark.Run(onMoto, output));
                        }
                        output.WriteLine();
                        output.WriteLine("## All figures");
                        foreach (var table in tables) table.Print(output);
                        break;
                }
            }
            catch (Exception e)
            {
                output.WriteLine("// " + mode + " failed: " + e);
                return 1;
            }
            var targets = tables.SelectMany(t => t.Rows).Where(r => r.Verdict != Verdict.None).ToList();
            output.WriteLine();
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "// {0}: {1} figures with a target, {2} PASS, {3} MISS; load average now {4}",
                mode, targets.Count, targets.Count(r => r.Verdict == Verdict.Pass), targets.Count(r => r.Verdict == Verdict.Miss), LoadAverage()));
            return failed ? 1 : 0;
        }

        /// <summary>Runs the catalog mode (in --tiny: only the happy scenario unless --scenario says); true when a scenario failed.</summary>
        private static bool Catalog(BenchOptions options, TextWriter output, Action<Table> print)
        {
            if (options.Tiny && options.Scenarios.Count == 0) options.Scenarios.Add("happy");
            var result = CatalogTiming.Run(options, output);
            print(result.Table);
            return result.Failed > 0;
        }

        /// <summary>The 1, 5 and 15 minute load averages (Linux), or "n/a".</summary>
        public static string LoadAverage()
        {
            try
            {
                return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (Exception)
            {
                return "n/a";
            }
        }
    }

    /// <summary>
    /// For every BenchmarkDotNet benchmark with a <c>Backlog</c> parameter, prints the per-operation cost (mean)
    /// at each larger backlog over that at the smallest, against the 2x target.
    /// </summary>
    public static class BacklogRatioReport
    {
        public const string BacklogParameter = "Backlog";
        public const double Target = 2.0;

        public static void Print(IEnumerable<Summary> summaries, TextWriter output)
        {
            var culture = CultureInfo.InvariantCulture;
            var rows = summaries
                .SelectMany(s => s.Reports)
                .Where(r => r.Success && r.ResultStatistics != null && r.BenchmarkCase.HasParameters
                            && r.BenchmarkCase.Parameters.Items.Any(p => p.Name == BacklogParameter))
                .Select(r => new
                {
                    Name = r.BenchmarkCase.Descriptor.Type.Name + "." + r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                    Others = string.Join(", ", r.BenchmarkCase.Parameters.Items.Where(p => p.Name != BacklogParameter).Select(p => p.Name + "=" + p.Value)),
                    Backlog = Convert.ToInt64(r.BenchmarkCase.Parameters[BacklogParameter], culture),
                    MeanNs = r.ResultStatistics!.Mean,
                })
                .ToList();
            foreach (var group in rows.GroupBy(r => (r.Name, r.Others)))
            {
                var ordered = group.OrderBy(r => r.Backlog).ToList();
                if (ordered.Count < 2) continue;
                var baseline = ordered[0];
                var label = group.Key.Others.Length == 0 ? group.Key.Name : group.Key.Name + " (" + group.Key.Others + ")";
                output.WriteLine();
                output.WriteLine("// " + label + ": " + string.Join("; ", ordered.Select(r =>
                    string.Format(culture, "backlog {0:N0}: {1:N0} ns/op, {2:N0} op/s", r.Backlog, r.MeanNs, 1e9 / r.MeanNs))));
                foreach (var row in ordered.Skip(1))
                {
                    var ratio = row.MeanNs / baseline.MeanNs;
                    output.WriteLine(string.Format(culture, "per-operation cost at {0:N0} / {1:N0} = {2:0.00}x (target <= {3:0.#}x){4}",
                        row.Backlog, baseline.Backlog, ratio, Target, ratio <= Target ? "" : "  ** ABOVE TARGET **"));
                }
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// Runs the benchmarks BenchmarkDotNet's way (in Release):
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- --filter '*'
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- --filter '*Backlog*'
    /// then, after the tables, prints how the per-operation cost grows with the backlog.
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- catalog
    /// times the scenario catalog and the module's import instead (<see cref="CatalogTiming"/>).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "catalog") return CatalogTiming.Run(args.Skip(1).ToArray(), Console.Out);
            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
            BacklogRatioReport.Print(summaries, Console.Out);
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }
    }

    /// <summary>
    /// For every benchmark with a <c>Backlog</c> parameter, prints the per-operation cost (mean)
    /// at each larger backlog over that at the smallest, against the 2x target.
    /// </summary>
    public static class BacklogRatioReport
    {
        public const string BacklogParameter = "Backlog";
        public const double Target = 2.0;

        public static void Print(IEnumerable<Summary> summaries, System.IO.TextWriter output)
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

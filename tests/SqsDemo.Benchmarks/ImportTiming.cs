using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// `-- import`: how long Import-Module of the built module takes in a fresh hosted runspace. The
    /// figure held to the target is the cold one, what a user waits for: the first import in a new
    /// process (this program started again with `import --child`, <see cref="ColdRuns"/> times; the
    /// median), where the module's assemblies load and JIT. Also the warm figure: a fresh runspace in a
    /// process that imported the module before. Only Import-Module is timed, not opening the runspace.
    /// </summary>
    public static class ImportTiming
    {
        public const double TargetMilliseconds = 500;
        public const int ColdRuns = 5;
        public const int WarmRuns = 5;
        private const string ChildPrefix = "import-ms ";

        public static Table Run(BenchOptions options, TextWriter output)
        {
            var manifest = CatalogTiming.ModuleManifest();
            var coldRuns = options.Tiny ? 1 : ColdRuns;
            var table = new Table("Module import", string.Format(CultureInfo.InvariantCulture,
                "Import-Module of out/SqsDemo/SqsDemo.psd1 in a runspace just opened (InitialSessionState.CreateDefault2, System.Management.Automation 7.6.9). " +
                "Cold: the first import in a new process, median of {0} processes. Warm: a new runspace in a process that has imported it before, median of {1}.", coldRuns, WarmRuns));
            output.WriteLine("// import: " + coldRuns + " new process(es)");
            var cold = Enumerable.Range(0, coldRuns).Select(_ => ColdMilliseconds()).ToList();
            output.WriteLine("// import: warm runspaces");
            ImportMilliseconds(manifest);
            var warm = Enumerable.Range(0, WarmRuns).Select(_ => ImportMilliseconds(manifest)).ToList();
            table.Add(Row.Under("Import-Module, new process (cold)", Median(cold), TargetMilliseconds, "N0", " ms"));
            table.Add(Row.Info("Import-Module, new runspace in a warm process", Median(warm), "N0", " ms"));
            return table;
        }

        /// <summary>`import --child`: one import in this (new) process, printed for the parent to read.</summary>
        public static int RunChild(TextWriter output)
        {
            var ms = ImportMilliseconds(CatalogTiming.ModuleManifest());
            output.WriteLine(ChildPrefix + ms.ToString("R", CultureInfo.InvariantCulture));
            return 0;
        }

        public static double ImportMilliseconds(string manifest)
        {
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            var watch = Stopwatch.StartNew();
            CatalogTiming.Invoke(runspace, "Import-Module '" + manifest.Replace("'", "''") + "'");
            return watch.Elapsed.TotalMilliseconds;
        }

        /// <summary>Starts this program again as `import --child` and reads its figure.</summary>
        private static double ColdMilliseconds()
        {
            var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // Run as `dotnet SqsDemo.Benchmarks.dll`, the host is dotnet and needs the assembly; run as the apphost, it does not.
            if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
                start.ArgumentList.Add(typeof(ImportTiming).Assembly.Location);
            start.ArgumentList.Add("import");
            start.ArgumentList.Add("--child");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("import --child did not finish within 2 minutes.");
            }
            var line = stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(ChildPrefix, StringComparison.Ordinal));
            if (process.ExitCode != 0 || line == null)
                throw new InvalidOperationException("import --child failed (exit " + process.ExitCode + "): " + stdout + stderr.Result);
            return double.Parse(line.Substring(ChildPrefix.Length), CultureInfo.InvariantCulture);
        }

        private static double Median(IReadOnlyCollection<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// Wall time of every scenario of the catalog, run as a user runs them, through the built
    /// module in hosted PowerShell, and the time to import the module in a fresh runspace:
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- catalog [--endpoint http://127.0.0.1:5000] [--speed Fast]
    /// These are timings of whole runs (seconds, once each), not microbenchmarks, so they do not go
    /// through BenchmarkDotNet. Exits 1 when a scenario fails: a timing of a broken run means nothing.
    /// </summary>
    public static class CatalogTiming
    {
        public const double CatalogTargetSeconds = 60;
        public const double ImportTargetMilliseconds = 500;

        public static int Run(string[] args, TextWriter output)
        {
            string? endpoint = null;
            string? speed = null;
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--endpoint" && i + 1 < args.Length) endpoint = args[++i];
                else if (args[i] == "--speed" && i + 1 < args.Length) speed = args[++i];
                else throw new ArgumentException("Unknown argument " + args[i] + " (use --endpoint URL, --speed Fast|Slow).");
            }
            var manifest = Path.Combine(RepoRoot(), "out", "SqsDemo", "SqsDemo.psd1");
            if (!File.Exists(manifest)) throw new FileNotFoundException("Build the module first (dotnet build SqsDemo.slnx): " + manifest);

            var imports = Enumerable.Range(0, 5).Select(_ => ImportMilliseconds(manifest)).ToList();
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "Import-Module in a fresh runspace: {0:N0} ms the first time in the process (assemblies load; target: under {2:N0} ms), then {1:N0} ms (median of 4 more runspaces)",
                imports[0], imports.Skip(1).OrderBy(x => x).ElementAt(2), ImportTargetMilliseconds));

            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { manifest });
            using var runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            if (endpoint != null) Invoke(runspace, "Connect-DemoBackend -EndpointUrl '" + endpoint.Replace("'", "''") + "' | Out-Null");
            var names = Invoke(runspace, "Get-DemoScenario" + (speed != null ? " | Where-Object Speed -eq '" + speed + "'" : "") + " | ForEach-Object Name")
                .Select(o => o.ToString()).ToList();

            var failed = 0;
            var total = Stopwatch.StartNew();
            output.WriteLine();
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-24} {1,9} {2,12}  {3}", "scenario", "wall s", "scenario s", "verdict"));
            foreach (var name in names)
            {
                var wall = Stopwatch.StartNew();
                var result = Invoke(runspace, "Invoke-DemoScenario -Name " + name + (endpoint != null ? " -Parameters " + EndpointParameters(name) : "")).Single();
                wall.Stop();
                var passed = (bool)result.Properties["Passed"].Value;
                if (!passed) failed++;
                var scenarioSeconds = ((TimeSpan)result.Properties["ScenarioDuration"].Value).TotalSeconds;
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-24} {1,9:N1} {2,12:N1}  {3}", name, wall.Elapsed.TotalSeconds, scenarioSeconds, passed ? "passed" : "FAILED"));
            }
            total.Stop();
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-24} {1,9:N1}", "total (" + names.Count + ")", total.Elapsed.TotalSeconds));
            if (endpoint == null)
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "// whole catalog on the embedded backend: {0:N1} s (target: under {1:N0} s)", total.Elapsed.TotalSeconds, CatalogTargetSeconds));
            return failed == 0 ? 0 : 1;
        }

        /// <summary>On an endpoint time is the wall clock: the same shortened timings the moto tests use.</summary>
        private static string EndpointParameters(string name) => name switch
        {
            "backpressure" => "@{ Rate = 20; WorkSeconds = 0.2; IntervalSeconds = 1; QuietTicks = 2; VisibilityTimeout = 5; WaitTimeSeconds = 1 }",
            "happy-purge-timing" => "@{ DangerOffsets = 1, 2, 3; LateOffset = 5; VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 3 }",
            "dup" => "@{ VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5; SideEffectDelaySeconds = 5 }",
            "crash" or "dup-side-effects" => "@{ VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5; WaitAfterCrashSeconds = 3 }",
            "dup-graceful-shutdown" => "@{ VisibilityTimeout = 10; WaitTimeSeconds = 1; SideEffectDelaySeconds = 3 }",
            _ => "@{ VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5 }",
        };

        private static double ImportMilliseconds(string manifest)
        {
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            var watch = Stopwatch.StartNew();
            Invoke(runspace, "Import-Module '" + manifest.Replace("'", "''") + "'");
            return watch.Elapsed.TotalMilliseconds;
        }

        private static List<PSObject> Invoke(Runspace runspace, string script)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            var output = ps.AddScript(script).Invoke().ToList();
            if (ps.HadErrors && ps.Streams.Error.Count > 0 && output.Count == 0)
                throw new InvalidOperationException(script + ": " + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            return output;
        }

        private static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SqsDemo.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("SqsDemo.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}

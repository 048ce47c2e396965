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
    /// `-- catalog`: the wall time of every scenario of the catalog, run as a user runs them (the built
    /// module in hosted PowerShell, Invoke-DemoScenario one after another in one runspace), and the total.
    /// On the embedded backend by default; with --endpoint on that SQS endpoint (moto) with the shortened
    /// timings the moto tests use, on the wall clock. These are whole runs (seconds, once each), not
    /// microbenchmarks, so they do not go through BenchmarkDotNet. A scenario that fails makes the mode
    /// fail: a timing of a broken run means nothing.
    /// </summary>
    public static class CatalogTiming
    {
        public const double CatalogTargetSeconds = 60;

        public sealed class Result
        {
            public Result(Table table, int failed)
            {
                Table = table;
                Failed = failed;
            }

            public Table Table { get; }
            public int Failed { get; }
        }

        public static Result Run(BenchOptions options, TextWriter output)
        {
            var manifest = ModuleManifest();
            var endpoint = options.Endpoint;
            var where = endpoint == null ? "the embedded backend" : "moto (" + endpoint + ")";
            var speed = options.Speed;
            var table = new Table("Scenario catalog on " + (endpoint == null ? "the embedded backend" : "moto") + (speed == null ? "" : ", " + speed + " scenarios"),
                "Wall time of Invoke-DemoScenario for each scenario, one after another in one hosted runspace that imported the built module (out/SqsDemo); " +
                (endpoint == null
                    ? "default parameters, scenario time scaled as the module scales it (\"scenario s\" is the scenario's own clock)."
                    : "on the wall clock, with the shortened timings the moto tests use (listed in CatalogTiming.EndpointParameters)."));

            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { manifest });
            using var runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            if (endpoint != null) Invoke(runspace, "Connect-DemoBackend -EndpointUrl '" + endpoint.ToString().Replace("'", "''") + "' | Out-Null");
            var names = Invoke(runspace, "Get-DemoScenario" + (speed != null ? " | Where-Object Speed -eq '" + speed.Replace("'", "''") + "'" : "") + " | ForEach-Object Name")
                .Select(o => o.ToString()).ToList();
            if (options.Scenarios.Count > 0) names = names.Where(options.Scenarios.Contains).ToList();
            if (names.Count == 0) throw new InvalidOperationException("No scenario to run on " + where + ".");

            var failed = 0;
            var total = Stopwatch.StartNew();
            foreach (var name in names)
            {
                output.WriteLine("// catalog: " + name + " on " + where);
                output.Flush();
                var wall = Stopwatch.StartNew();
                var result = Invoke(runspace, "Invoke-DemoScenario -Name " + name + (endpoint != null ? " -Parameters " + EndpointParameters(name) : "")).Single();
                wall.Stop();
                var passed = (bool)result.Properties["Passed"].Value;
                if (!passed) failed++;
                var scenarioSeconds = ((TimeSpan)result.Properties["ScenarioDuration"].Value).TotalSeconds;
                table.Add(new Row(name + (passed ? "" : " (FAILED)"), string.Format(CultureInfo.InvariantCulture, "{0:N1} s (scenario {1:N1} s)", wall.Elapsed.TotalSeconds, scenarioSeconds),
                    "", passed ? Verdict.None : Verdict.Miss));
            }
            total.Stop();
            var label = string.Format(CultureInfo.InvariantCulture, "total, {0} scenario{1}", names.Count, names.Count == 1 ? "" : "s");
            table.Add(endpoint == null && speed == null && options.Scenarios.Count == 0
                ? Row.Under(label, total.Elapsed.TotalSeconds, CatalogTargetSeconds, "N1", " s")
                : Row.Info(label, total.Elapsed.TotalSeconds, "N1", " s"));
            return new Result(table, failed);
        }

        /// <summary>On an endpoint time is the wall clock: the same shortened timings the moto tests use (tests/SqsDemo.Tests/Moto/ScenarioMotoTests.cs).</summary>
        public static string EndpointParameters(string name) => name switch
        {
            "backpressure" => "@{ Rate = 20; WorkSeconds = 0.2; IntervalSeconds = 1; QuietTicks = 2; VisibilityTimeout = 5; WaitTimeSeconds = 1; TimeoutSeconds = 120 }",
            "heartbeat" => "@{ VisibilityTimeout = 4; WaitTimeSeconds = 1; HeartbeatSeconds = 1; SideEffectDelaySeconds = 6; IdleTimeoutSeconds = 10 }",
            "order-pipeline" => "@{ Rounds = 3; CustomerCount = 3; RoundIntervalSeconds = 2; OutageAfterSeconds = 3; OutageSeconds = 5; BreakerBreakSeconds = 4; BreakerSamplingSeconds = 3; BackoffBaseSeconds = 2; BackoffMaxSeconds = 8; WaitTimeSeconds = 1; TimeoutSeconds = 180 }",
            "async-tasks" => "@{ VisibilityTimeout = 2; WaitTimeSeconds = 1; BatchWindowSeconds = 1; TimeoutSeconds = 120 }",
            "backlog-drain" => "@{ BurstCount = 100; BurstRate = 20; StaleAfterSeconds = 3; VisibilityTimeout = 5; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5 }",
            "happy-purge-timing" => "@{ DangerOffsets = 1, 2, 3; LateOffset = 5; VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 3 }",
            "dup" => "@{ VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5; SideEffectDelaySeconds = 5 }",
            "crash" or "dup-side-effects" => "@{ VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5; WaitAfterCrashSeconds = 3 }",
            "dup-graceful-shutdown" => "@{ VisibilityTimeout = 10; WaitTimeSeconds = 1; SideEffectDelaySeconds = 3 }",
            _ => "@{ VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5 }",
        };

        /// <summary>The built module's manifest (out/SqsDemo/SqsDemo.psd1); building the benchmarks builds it.</summary>
        public static string ModuleManifest()
        {
            var manifest = Path.Combine(RepoRoot(), "out", "SqsDemo", "SqsDemo.psd1");
            if (!File.Exists(manifest)) throw new FileNotFoundException("Build the module first (dotnet build SqsDemo.slnx): " + manifest);
            return manifest;
        }

        internal static List<PSObject> Invoke(Runspace runspace, string script)
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

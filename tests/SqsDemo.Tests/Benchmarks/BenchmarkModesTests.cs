using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Benchmarks
{
    /// <summary>
    /// The benchmark program's modes (tests/SqsDemo.Benchmarks) start and print their tables, on tiny
    /// sizes (--tiny), so a broken benchmark fails CI. Nothing here checks a speed: the benchmarks'
    /// own tables hold the targets (README, Performance).
    /// </summary>
    public sealed class BenchmarkModesTests
    {
        [Theory]
        [InlineData("broker", "### Embedded broker", "lifecycles/s, 1 thread")]
        [InlineData("import", "### Module import", "Import-Module, new process (cold)")]
        [InlineData("catalog", "### Scenario catalog on the embedded backend", "| happy ")]
        public void Mode_prints_its_table(string mode, string title, string row)
        {
            var run = BenchmarkProcess.Run(mode, "--tiny");
            Assert.True(run.ExitCode == 0, run.ToString());
            BenchmarkProcess.AssertTable(run.StdOut, title, row);
        }
    }

    /// <summary>The modes that need moto, on the test collection's moto server.</summary>
    [Collection(MotoCollection.Name)]
    public sealed class BenchmarkMotoModesTests
    {
        private readonly MotoServer _moto;

        public BenchmarkMotoModesTests(MotoServer moto) => _moto = moto;

        [MotoFact]
        public void Moto_mode_prints_the_side_by_side_table()
        {
            var run = BenchmarkProcess.Run("moto", "--tiny", "--endpoint", _moto.Endpoint.ToString());
            Assert.True(run.ExitCode == 0, run.ToString());
            BenchmarkProcess.AssertTable(run.StdOut, "### Embedded broker vs moto, side by side", "| embedded / moto ");
        }

        [MotoFact]
        public void Consumers_mode_prints_the_drain_table()
        {
            var run = BenchmarkProcess.Run("consumers", "--tiny", "--endpoint", _moto.Endpoint.ToString());
            Assert.True(run.ExitCode == 0, run.ToString());
            BenchmarkProcess.AssertTable(run.StdOut, "### Consumers draining a backlog on moto", "| 4 SqsDemo consumers, BatchSize 10 (batch delete), msg/s");
        }

        /// <summary>The endpoint mode serves an embedded run over HTTP and drives it and moto with the .NET SDK and boto3 (python3).</summary>
        [MotoFact]
        public void Endpoint_mode_prints_every_client_side_by_side()
        {
            var run = BenchmarkProcess.Run("endpoint", "--tiny", "--endpoint", _moto.Endpoint.ToString());
            Assert.True(run.ExitCode == 0, run.ToString());
            BenchmarkProcess.AssertTable(run.StdOut, "### The endpoint vs moto over HTTP, the same client against each", "| .NET SDK: endpoint / moto ");
            foreach (var row in new[] { "| boto3: endpoint / moto ", "| DynamoDB: endpoint / moto ", "ReceiveMessage (10) at backlog 1,000, p99 ", "| HTTP floor: " })
                Assert.Contains(row, run.StdOut);
        }
    }

    internal sealed record BenchmarkRun(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
    }

    /// <summary>Runs the built benchmark program (tests/SqsDemo.Benchmarks/bin/&lt;Configuration&gt;/net10.0) as a child process.</summary>
    internal static class BenchmarkProcess
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

        public static BenchmarkRun Run(params string[] args)
        {
            var start = new ProcessStartInfo(Shell.ShellProcess.DotnetHost())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Dll());
            foreach (var arg in args) start.ArgumentList.Add(arg);
            start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the benchmark program.");
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                process.WaitForExitAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The benchmark program ({string.Join(' ', args)}) did not finish within {Timeout.TotalSeconds} s.");
            }
            return new BenchmarkRun(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }

        /// <summary>The table is there, with its header, the row, and a verdict column.</summary>
        public static void AssertTable(string output, string title, string row)
        {
            Assert.Contains(title, output);
            Assert.Contains("| benchmark ", output);
            Assert.Contains(row, output);
            Assert.Matches(@"\| +(PASS|MISS|-) \|", output);
        }

        private static string Dll()
        {
            var configuration = typeof(BenchmarkProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var dll = Path.Combine(RepoPaths.Root, "tests", "SqsDemo.Benchmarks", "bin", configuration, "net10.0", "SqsDemo.Benchmarks.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The benchmarks are not built: {dll}. Build tests/SqsDemo.Benchmarks ({configuration}) first.", dll);
        }
    }
}

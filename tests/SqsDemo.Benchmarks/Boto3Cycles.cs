using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// Runs python/sqs_bench.py (boto3) against one endpoint as a child process and reads the rate it
    /// prints: the median lifecycles per second of its timed runs, boto3's own start excluded.
    /// </summary>
    internal static class Boto3Cycles
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

        public static double Measure(Uri endpoint, int lifecycles, int runs, int warmUpCycles)
        {
            var python = Environment.GetEnvironmentVariable("SQSDEMO_PYTHON") is string p && p.Length > 0 ? p : "python3";
            var start = new ProcessStartInfo(python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Script());
            start.ArgumentList.Add(endpoint.ToString());
            start.ArgumentList.Add(lifecycles.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(runs.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(warmUpCycles.ToString(CultureInfo.InvariantCulture));
            using var process = Process.Start(start) ?? throw new InvalidOperationException(python + " could not be started (boto3 needs python3 with boto3).");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("sqs_bench.py did not finish within " + Timeout.TotalMinutes + " minutes against " + endpoint);
            }
            var text = stdout.GetAwaiter().GetResult();
            if (process.ExitCode != 0) throw new InvalidOperationException("sqs_bench.py exited with " + process.ExitCode + " against " + endpoint + ":\n" + stderr.GetAwaiter().GetResult());
            using var json = JsonDocument.Parse(text);
            return json.RootElement.GetProperty("lifecycles_per_second").GetDouble();
        }

        /// <summary>The script beside this project's sources (copied next to the program by the build).</summary>
        private static string Script()
        {
            var copied = Path.Combine(AppContext.BaseDirectory, "python", "sqs_bench.py");
            return File.Exists(copied) ? copied : throw new FileNotFoundException("python/sqs_bench.py is not beside the benchmark program; rebuild tests/SqsDemo.Benchmarks.", copied);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SqsDemo.Engine.Environments;
using SqsDemo.Tests.Hosting;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// tests/clients/python/seed_consumer.py run as a real python3 process, configured by the seeds'
    /// environment variables for one environment at moto. <see cref="WaitForExit"/> waits for it (bounded)
    /// and reads the JSON report it prints on exit; dispose kills it if it is still running.
    /// </summary>
    internal sealed class PythonSeedConsumer : IDisposable
    {
        private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(120);

        private readonly Process _process;
        private readonly StringBuilder _stdout = new StringBuilder();
        private readonly StringBuilder _stderr = new StringBuilder();

        /// <param name="queueUrl">The queue's URL as the client sees it, when it differs from the environment's (an endpoint's own host and port).</param>
        public PythonSeedConsumer(Uri endpoint, DemoEnvironment environment, IDictionary<string, string> knobs, string? queueUrl = null)
        {
            var start = new ProcessStartInfo(MotoServer.Python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "clients", "python", "seed_consumer.py"));
            var variables = new Dictionary<string, string>(knobs)
            {
                ["QUEUE_URL"] = queueUrl ?? environment.QueueUrl,
                ["AWS_ENDPOINT_URL"] = endpoint.ToString(),
                ["AWS_REGION"] = MotoServer.Region,
                ["AWS_ACCESS_KEY_ID"] = "python-consumer",
                ["AWS_SECRET_ACCESS_KEY"] = "test",
                ["MESSAGE_STATUS_TABLE"] = environment.StatusTable ?? throw new ArgumentException("The environment has no ledger.", nameof(environment)),
                ["MESSAGE_SIDE_EFFECTS_TABLE"] = environment.SideEffectsTable ?? throw new ArgumentException("The environment has no ledger.", nameof(environment)),
            };
            foreach (var (name, value) in variables) start.Environment[name] = value;
            start.Environment.Remove("AWS_PROFILE");
            start.Environment.Remove("AWS_SESSION_TOKEN");
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_stdout) _stdout.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_stderr) _stderr.AppendLine(e.Data); };
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>Waits for the process to end and returns its exit code and report (each handled id and what it did).</summary>
        public (int ExitCode, IReadOnlyDictionary<string, string> Handled) WaitForExit()
        {
            if (!_process.WaitForExit((int)ExitTimeout.TotalMilliseconds))
                throw new TimeoutException("seed_consumer.py did not end within " + ExitTimeout.TotalSeconds + " s:\n" + Output);
            _process.WaitForExit(); // drains the redirected streams
            var report = Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("{", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("seed_consumer.py printed no report (exit code " + _process.ExitCode + "):\n" + Output);
            using var json = JsonDocument.Parse(report);
            var handled = json.RootElement.GetProperty("handled").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
            return (_process.ExitCode, handled);
        }

        public string Output
        {
            get
            {
                lock (_stdout) lock (_stderr) return _stdout + "\n--- stderr ---\n" + _stderr;
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // ended in between
            }
            _process.Dispose();
        }
    }
}

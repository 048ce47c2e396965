using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>The tests that share one moto server (they run one after another).</summary>
    [CollectionDefinition(Name)]
    public sealed class MotoCollection : ICollectionFixture<MotoServer>
    {
        public const string Name = "Moto";
    }

    /// <summary>
    /// A fact that needs moto. Where python3 or moto's server is missing it is skipped with the
    /// reason, except under CI (CI=true), where it runs and fails on <see cref="MotoServer.Endpoint"/>:
    /// CI must not pass by skipping the AWS adapter's tests.
    /// </summary>
    public sealed class MotoFactAttribute : FactAttribute
    {
        public MotoFactAttribute()
        {
            if (MotoServer.SkipReason is string reason) Skip = reason;
        }
    }

    /// <summary>
    /// Starts <c>python3 -m moto.server</c> on a free loopback port for a collection of tests, waits
    /// until it answers HTTP (bounded), and kills it (with its children) on dispose. A watchdog in the
    /// Python process also ends it if the test host dies without disposing. When moto is not available
    /// the fixture does not fail (tests that do not need it still run); <see cref="Endpoint"/> throws.
    /// </summary>
    public sealed class MotoServer : IAsyncLifetime
    {
        /// <summary>The Python interpreter; SQSDEMO_PYTHON overrides.</summary>
        public static readonly string Python = Environment.GetEnvironmentVariable("SQSDEMO_PYTHON") is string p && p.Length > 0 ? p : "python3";

        public const string Region = "us-east-1";

        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
        private static readonly Lazy<string?> Unavailable = new Lazy<string?>(ProbeMoto, LazyThreadSafetyMode.ExecutionAndPublication);

        // Runs moto's server as `python3 -m moto.server` would, plus a thread that exits the process
        // when its parent (the test host) is gone, so a crashed test run leaves no server behind.
        private const string Launcher =
            "import os, sys, threading, time, runpy\n" +
            "parent = os.getppid()\n" +
            "def watch():\n" +
            "    while True:\n" +
            "        time.sleep(1)\n" +
            "        if os.getppid() != parent:\n" +
            "            os._exit(0)\n" +
            "threading.Thread(target=watch, daemon=True).start()\n" +
            "sys.argv = ['moto.server', '-H', '127.0.0.1', '-p', sys.argv[1]]\n" +
            "runpy.run_module('moto.server', run_name='__main__', alter_sys=True)\n";

        private readonly ConcurrentQueue<string> _output = new ConcurrentQueue<string>();
        private Process? _process;
        private Uri? _endpoint;
        private string? _failure;

        /// <summary>True when CI is "true": missing moto then fails the tests instead of skipping them.</summary>
        public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>Why moto cannot run here, or null when it can.</summary>
        public static string? UnavailableReason => Unavailable.Value;

        /// <summary>The skip reason for <see cref="MotoFactAttribute"/>: null when moto is there, or under CI.</summary>
        public static string? SkipReason => IsCi ? null : UnavailableReason;

        /// <summary>The server's endpoint, e.g. http://127.0.0.1:40123/.</summary>
        public Uri Endpoint => _endpoint ?? throw new InvalidOperationException(
            "moto is not running: " + (_failure ?? "the fixture was not initialized") +
            (IsCi ? " (CI=true: tests that need moto fail instead of being skipped)" : ""));

        /// <summary>The server's process id (for the test that checks it is gone).</summary>
        public int? ProcessId => _process?.Id;

        public async Task InitializeAsync()
        {
            if (UnavailableReason is string reason)
            {
                _failure = reason;
                return;
            }
            var deadline = Stopwatch.StartNew();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    _endpoint = await StartAsync(StartTimeout - deadline.Elapsed).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (attempt < 3 && deadline.Elapsed < StartTimeout && e is not TimeoutException)
                {
                    // Most likely another process took the port between our probe and moto's bind.
                    Stop();
                }
                catch (Exception e)
                {
                    Stop();
                    _failure = e.Message;
                    return;
                }
            }
        }

        public Task DisposeAsync()
        {
            Stop();
            return Task.CompletedTask;
        }

        /// <summary>A loopback port nothing listens on right now.</summary>
        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }

        private async Task<Uri> StartAsync(TimeSpan budget)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(Python)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                CreateNoWindow = true,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Launcher);
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.Environment["PYTHONUNBUFFERED"] = "1";

            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            // moto logs every request: read both pipes continuously, or a full pipe blocks the server.
            process.OutputDataReceived += (_, e) => Remember(e.Data);
            process.ErrorDataReceived += (_, e) => Remember(e.Data);
            process.Start();
            _process = process;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var endpoint = new Uri("http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                    throw new InvalidOperationException("moto.server exited with code " + process.ExitCode + " before answering on port " + port + ":\n" + RecentOutput());
                try
                {
                    using var response = await http.GetAsync(endpoint).ConfigureAwait(false);
                    return endpoint; // any HTTP answer means the server is up
                }
                catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException)
                {
                    // not listening yet
                }
                if (clock.Elapsed > budget)
                    throw new TimeoutException("moto.server did not answer on " + endpoint + " within " + budget.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " s:\n" + RecentOutput());
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        private void Remember(string? line)
        {
            if (line == null) return;
            _output.Enqueue(line);
            while (_output.Count > 50 && _output.TryDequeue(out _)) { }
        }

        private string RecentOutput() => string.Join("\n", _output.ToArray().TakeLast(20));

        private void Stop()
        {
            var process = Interlocked.Exchange(ref _process, null);
            if (process == null) return;
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            finally
            {
                process.Dispose();
            }
        }

        /// <summary>Checks that python3 runs and imports moto's server (Flask and all), within a bound.</summary>
        private static string? ProbeMoto()
        {
            var start = new ProcessStartInfo(Python)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import moto, moto.server; print(moto.__version__)");
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("no process");
            }
            catch (Exception e)
            {
                return Python + " is not installed or not on PATH (" + e.Message + "); the moto tests need python3 with `pip install 'moto[server]'`.";
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)ProbeTimeout.TotalMilliseconds))
                {
                    try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    return Python + " did not import moto within " + ProbeTimeout.TotalSeconds + " s.";
                }
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    var lastLine = stderr.Result.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "exit code " + process.ExitCode;
                    return "moto's server is not importable by " + Python + " (" + lastLine + "); install it with `pip install 'moto[server]'`.";
                }
                _ = stdout.Result;
                return null;
            }
        }
    }
}

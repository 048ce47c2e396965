using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// A moto server this benchmark starts (<c>python3 -m moto.server</c> on a free loopback port, as
    /// tests/SqsDemo.Tests/Moto/MotoServer.cs does) and stops, with its children, on dispose. A
    /// watchdog thread in the Python process ends it if this process dies first.
    /// </summary>
    public sealed class MotoProcess : IDisposable
    {
        public const string Region = "us-east-1";

        private static readonly string Python = Environment.GetEnvironmentVariable("SQSDEMO_PYTHON") is string p && p.Length > 0 ? p : "python3";

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

        private MotoProcess(Process process, Uri endpoint)
        {
            _process = process;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        /// <summary>Starts moto and waits (up to a minute) until it answers HTTP.</summary>
        public static MotoProcess Start()
        {
            var port = FreePort();
            var start = new ProcessStartInfo(Python)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Launcher);
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
            start.Environment["PYTHONUNBUFFERED"] = "1";
            var process = new Process { StartInfo = start };
            var endpoint = new Uri("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/");
            var moto = new MotoProcess(process, endpoint);
            // moto logs every request: both pipes are read continuously, or a full pipe blocks the server.
            process.OutputDataReceived += (_, e) => moto.Remember(e.Data);
            process.ErrorDataReceived += (_, e) => moto.Remember(e.Data);
            try
            {
                process.Start();
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(Python + " could not be started (moto needs python3 with `pip install 'moto[server]'`): " + e.Message, e);
            }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    var exit = process.ExitCode;
                    moto.Dispose();
                    throw new InvalidOperationException("moto.server exited with code " + exit + ":\n" + moto.RecentOutput());
                }
                try
                {
                    using var response = http.GetAsync(endpoint).GetAwaiter().GetResult();
                    return moto; // any HTTP answer means the server is up
                }
                catch (Exception e) when (e is HttpRequestException || e is System.Threading.Tasks.TaskCanceledException)
                {
                }
                if (clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    moto.Dispose();
                    throw new TimeoutException("moto.server did not answer on " + endpoint + " within 60 s:\n" + moto.RecentOutput());
                }
                Thread.Sleep(100);
            }
        }

        public void Dispose()
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

        private void Remember(string? line)
        {
            if (line == null) return;
            _output.Enqueue(line);
            while (_output.Count > 50 && _output.TryDequeue(out _)) { }
        }

        private string RecentOutput() => string.Join("\n", _output.ToArray().TakeLast(20));

        private static int FreePort()
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
    }
}

namespace SqsDemo.Benchmarks
{
    /// <summary>The moto a mode runs against: the one given with --endpoint, else one started (and stopped) here.</summary>
    public sealed class MotoLease : System.IDisposable
    {
        private readonly MotoProcess? _started;

        private MotoLease(System.Uri endpoint, MotoProcess? started)
        {
            Endpoint = endpoint;
            _started = started;
        }

        public System.Uri Endpoint { get; }

        public static MotoLease For(BenchOptions options, System.IO.TextWriter output)
        {
            if (options.Endpoint != null) return new MotoLease(options.Endpoint, null);
            output.WriteLine("// starting moto (python3 -m moto.server) on a free loopback port");
            var moto = MotoProcess.Start();
            output.WriteLine("// moto answers on " + moto.Endpoint);
            return new MotoLease(moto.Endpoint, moto);
        }

        public void Dispose() => _started?.Dispose();
    }
}

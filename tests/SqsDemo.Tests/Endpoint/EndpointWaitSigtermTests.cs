using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SQS;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Shell;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// <c>Start-DemoEndpoint -Wait</c> in a process of its own, under pwsh (the local tool) and under the project's
    /// shell, stopped as a container is (docker stop, an ECS task stopping): SIGTERM. Each prints its PID and the
    /// URL, serves one SQS call from the AWS SDK, and on SIGTERM exits 143 (128 + SIGTERM) with nothing on stderr,
    /// leaving its port free. The PID is PowerShell's own ($PID): `dotnet pwsh` runs pwsh as a grandchild
    /// (the tool launcher, then its shim), and the launcher does not pass SIGTERM on; it dies and pwsh serves on.
    /// </summary>
    public sealed class EndpointWaitSigtermTests
    {
        private const string Serve = "Write-Host ('pid ' + $PID); Start-DemoEndpoint -Port 0 -Wait";
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
        private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

        [PosixTheory]
        [InlineData("pwsh")]
        [InlineData("sqsdemo")]
        public async Task Wait_serves_until_SIGTERM_then_exits_143_with_nothing_on_stderr_and_frees_its_port(string host)
        {
            using var process = Process.Start(StartInfo(host)) ?? throw new InvalidOperationException("Could not start " + host + ".");
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = new StringBuilder();
            int? pid = null;
            try
            {
                (pid, var url) = await ReadPidAndUrlAsync(process, stdout);
                var remaining = process.StandardOutput.ReadToEndAsync();

                var config = new AmazonSQSConfig { ServiceURL = url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
                using (var client = new AmazonSQSClient(new BasicAWSCredentials("sigterm-test", "dummy"), config))
                {
                    var created = await client.CreateQueueAsync("sigterm");
                    Assert.EndsWith("/sigterm", created.QueueUrl);
                }

                PosixSignal.Send(pid.Value, PosixSignal.SIGTERM);
                if (!await ExitsWithinAsync(process, StopTimeout))
                    Assert.Fail(host + " did not exit within " + StopTimeout.TotalSeconds + " s of SIGTERM.\n" + stdout);
                // Bounded: a PowerShell left running (signalled through the launcher, say) would hold the pipes open.
                if (!await EndsWithinAsync(Task.WhenAll(remaining, stderr), StopTimeout))
                    Assert.Fail(host + " exited " + process.ExitCode + ", but its output is still open: is PowerShell (pid " + pid + ") still running?\n" + stdout);
                stdout.Append(await remaining);
                var errors = await stderr;

                Assert.True(process.ExitCode == 143, host + " exited " + process.ExitCode + ", not 143.\nstdout:\n" + stdout + "\nstderr:\n" + errors);
                Assert.True(errors.Trim().Length == 0, host + " wrote to stderr (a stack trace?):\n" + errors);
                AssertPortFree(new Uri(url).Port);
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                if (pid is int engine && engine != process.Id) KillIfRunning(engine);
            }
        }

        /// <summary>pwsh from the repository's tool manifest, importing the laid-out module; or the built shell, which imports it itself.</summary>
        private static ProcessStartInfo StartInfo(string host)
        {
            var start = new ProcessStartInfo(ShellProcess.DotnetHost())
            {
                WorkingDirectory = RepoPaths.Root,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (host == "pwsh")
            {
                foreach (var arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", "Import-Module '" + RepoPaths.LaidOutManifest.Replace("'", "''") + "'; " + Serve })
                    start.ArgumentList.Add(arg);
            }
            else
            {
                foreach (var arg in new[] { ShellProcess.ShellDll, "-Command", Serve }) start.ArgumentList.Add(arg);
            }
            start.Environment.Remove("SQSDEMO_MODULE");
            start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
            return start;
        }

        /// <summary>Reads stdout up to the announced URL (the PID comes first); the read is bounded, as a hung start must not hang the suite.</summary>
        private static async Task<(int Pid, string Url)> ReadPidAndUrlAsync(Process process, StringBuilder stdout)
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            int? pid = null;
            while (true)
            {
                string? line;
                try
                {
                    line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException("No endpoint URL within " + StartTimeout.TotalSeconds + " s. stdout so far:\n" + stdout);
                }
                if (line == null) throw new InvalidOperationException("The process ended before announcing its endpoint. stdout:\n" + stdout);
                stdout.AppendLine(line);
                var pidLine = Regex.Match(line, @"^pid (\d+)$");
                if (pidLine.Success) pid = int.Parse(pidLine.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var announced = Regex.Match(line, @"^SqsDemo endpoint serving .* at (http://\S+)$");
                if (announced.Success)
                    return (pid ?? throw new InvalidOperationException("The URL came before the PID. stdout:\n" + stdout), announced.Groups[1].Value);
            }
        }

        /// <summary>pwsh under `dotnet pwsh` is a grandchild: once the launcher is gone it is no longer in the started process's tree.</summary>
        private static void KillIfRunning(int pid)
        {
            try
            {
                using var engine = Process.GetProcessById(pid);
                if (engine.ProcessName == "dotnet") engine.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Gone already, as it should be.
            }
            catch (InvalidOperationException)
            {
            }
        }

        private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private static async Task<bool> EndsWithinAsync(Task task, TimeSpan limit)
        {
            try
            {
                await task.WaitAsync(limit);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        /// <summary>Nobody listens on the port any more (a connection is refused), and it can be bound again.</summary>
        private static void AssertPortFree(int port)
        {
            using (var client = new TcpClient())
            {
                var refused = Assert.ThrowsAny<SocketException>(() => client.Connect(IPAddress.Loopback, port));
                Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            }
            var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Moto;
using Xunit;
using Xunit.Abstractions;

namespace SqsDemo.Tests.Shell;

/// <summary>
/// The shell published as the Dockerfile's build stage publishes it (<c>dotnet publish src/SqsDemo.Shell</c>, the
/// module copied to Modules/SqsDemo beside it), into a folder outside the repository so that nothing of the
/// repository's own build can be found from it. <c>--no-build</c>: the test run has just built the shell and the
/// module, and building again here would rewrite out/SqsDemo under tests that are reading it; the publish targets
/// (the module's copy among them) are the Dockerfile's, only in the test run's configuration instead of Release.
/// </summary>
public sealed class PublishedShell : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(3);

    public PublishedShell()
    {
        Folder = Path.Combine(Path.GetTempPath(), "sqsdemo-published-" + Guid.NewGuid().ToString("N"));
        string configuration = typeof(PublishedShell).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo(ShellProcess.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (string arg in new[]
                 {
                     "publish", Path.Combine("src", "SqsDemo.Shell", "SqsDemo.Shell.csproj"), "--configuration", configuration,
                     "--no-build", "--output", Folder, "--nologo", "-v", "q",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        // The test host's MSBuild settings are for its own build, not for a child's.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)PublishTimeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish did not finish within {PublishTimeout.TotalMinutes} minutes.");
        }

        process.WaitForExit();
        PublishTime = clock.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }
    }

    public string Folder { get; }

    public string Dll => Path.Combine(Folder, "SqsDemo.Shell.dll");

    public TimeSpan PublishTime { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}

/// <summary>
/// The issue's bar for the container: the published shell, given the seeds' environment variables pointing at moto,
/// drains a queue and exits on idle timeout. It runs the Dockerfile's ENTRYPOINT command with only the variables a
/// container would have (none of this machine's: no AWS profile, no module path), and checks the queue through SQS.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class PublishedShellTests : IClassFixture<PublishedShell>, IDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    private readonly MotoServer _moto;
    private readonly PublishedShell _shell;
    private readonly ITestOutputHelper _output;
    private readonly AwsBroker _broker;
    private readonly string _home = Path.Combine(Path.GetTempPath(), "sqsdemo-home-" + Guid.NewGuid().ToString("N"));

    public PublishedShellTests(MotoServer moto, PublishedShell shell, ITestOutputHelper output)
    {
        _moto = moto;
        _shell = shell;
        _output = output;
        _broker = AwsBroker.ForEndpoint(moto.Endpoint, MotoServer.Region);
        Directory.CreateDirectory(_home);
        _output.WriteLine($"dotnet publish --no-build took {_shell.PublishTime.TotalSeconds:0.0} s (once for the class).");
    }

    public void Dispose()
    {
        _broker.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    [MotoFact]
    public async Task The_published_shell_drains_a_queue_with_the_ledger_from_environment_variables_and_exits_on_idle_timeout()
    {
        // The module ships beside the published shell, and nothing above the folder is the repository.
        Assert.True(File.Exists(Path.Combine(_shell.Folder, "Modules", "SqsDemo", "SqsDemo.psd1")));
        Assert.True(File.Exists(Path.Combine(_shell.Folder, "Modules", "SqsDemo", "scenarios", "happy.ps1")));

        const int count = 8;
        string name = "published-" + Guid.NewGuid().ToString("N").Substring(0, 10);
        string queueUrl = await _broker.CreateQueueAsync(name, new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "30" });
        var ids = await SendAsync(queueUrl, count);
        var tables = LedgerTables.For(name);
        using var ledger = DynamoDbLedger.ForEndpoint(_moto.Endpoint, MotoServer.Region);
        await ledger.CreateTablesAsync(new LedgerTables(tables.StatusTable, tables.SideEffectsTable));

        const double idle = 3;
        var clock = Stopwatch.StartNew();
        var run = await RunAsync(new Dictionary<string, string>
        {
            ["QUEUE_URL"] = queueUrl,
            ["WAIT_TIME_SECONDS"] = "1",
            ["MAX_MESSAGES"] = "5",
            ["IDLE_TIMEOUT_SECONDS"] = idle.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MESSAGE_STATUS_TABLE"] = tables.StatusTable,
            ["MESSAGE_SIDE_EFFECTS_TABLE"] = tables.SideEffectsTable,
            ["LOG_LEVEL"] = "INFO",
        });
        clock.Stop();
        _output.WriteLine($"the consumer ran {clock.Elapsed.TotalSeconds:0.0} s\n{run}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(idle), "it ended before its idle timeout could have");
        var depth = await DepthAsync(queueUrl);
        Assert.Equal((0, 0), depth);
        // Each message processed once, with its side effect and a COMPLETED row in the tables the variables named.
        var processed = ShellProcess.Lines(run.StdOut).Where(l => l.Contains(" Processed ", StringComparison.Ordinal)).ToList();
        Assert.Equal(count, processed.Count);
        // The journal view fits 80 columns and shows an id's start (the side effects below are checked by full id).
        Assert.All(ids, id => Assert.Single(processed, l => l.Contains(id.Substring(0, 8), StringComparison.Ordinal)));
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), (await ledger.ListSideEffectsAsync(tables.SideEffectsTable)).Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(await ledger.ListStatusAsync(tables.StatusTable), s => Assert.Equal(MessageStatus.COMPLETED, s.Status));
    }

    [MotoFact]
    public async Task SIGTERM_stops_the_published_consumer_after_the_message_in_hand_and_it_exits_143()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return; // no SIGTERM to send
        }

        const int count = 3;
        string queueUrl = await _broker.CreateQueueAsync("published-sigterm-" + Guid.NewGuid().ToString("N").Substring(0, 10),
            new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "60" });
        await SendAsync(queueUrl, count);

        // Each message takes 4 s: the signal comes while the first one is in hand.
        var variables = new Dictionary<string, string>
        {
            ["QUEUE_URL"] = queueUrl,
            ["WAIT_TIME_SECONDS"] = "1",
            ["MAX_MESSAGES"] = "1",
            ["SLEEP_MIN_SECONDS"] = "4",
            ["SLEEP_MAX_SECONDS"] = "4",
            ["IDLE_TIMEOUT_SECONDS"] = "30",
        };
        var run = await RunAsync(variables, async process =>
        {
            var waited = Stopwatch.StartNew();
            while ((await DepthAsync(queueUrl)).InFlight == 0)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the consumer never received a message");
                Assert.False(process.HasExited, "the consumer ended before it received a message");
                await Task.Delay(100);
            }

            Assert.Equal(0, kill(process.Id, SigTerm));
        });
        _output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 143, run.ToString());
        // Graceful, in either of its two ways: the message in hand was finished and deleted, or (when the signal
        // overtook the receive that brought it, as on a loaded machine) handed back visible. Either way nothing is left
        // in flight (a killed consumer would leave it hidden for 60 s) and no later message was taken. Its record is
        // not printed: once PowerShell stops a pipeline, nothing more can be written to it.
        var (visible, inFlight) = await DepthAsync(queueUrl);
        Assert.True(inFlight == 0, $"a message was left in flight: the stop was not graceful ({visible} visible, {inFlight} in flight)");
        Assert.True(visible == count - 1 || visible == count, $"{visible} visible: a graceful stop finishes or hands back the message in hand and takes no other");
    }

    private async Task<List<string>> SendAsync(string queueUrl, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        for (int i = 0; i < count; i++)
        {
            await _broker.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = $"{{\"id\":\"{ids[i]}\",\"work\":{i + 1}}}" });
        }

        return ids;
    }

    private async Task<(int Visible, int InFlight)> DepthAsync(string queueUrl)
    {
        var attributes = await _broker.GetQueueAttributesAsync(queueUrl,
            new[] { QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible });
        return (int.Parse(attributes[QueueAttributeName.ApproximateNumberOfMessages], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(attributes[QueueAttributeName.ApproximateNumberOfMessagesNotVisible], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Runs the Dockerfile's ENTRYPOINT (dotnet SqsDemo.Shell.dll -Command ...) in the published folder with a
    /// container's environment: the Dockerfile's ENV, the task definition's variables (the seeds' knobs, AWS_REGION),
    /// and, standing in for the task role and the VPC, moto's endpoint and dummy keys. Nothing else of this process's.
    /// </summary>
    private async Task<ShellResult> RunAsync(IReadOnlyDictionary<string, string> variables, Func<Process, Task>? whileRunning = null)
    {
        var dockerfile = Dockerfile.Load();
        var entrypoint = dockerfile.Entrypoint();
        Assert.Equal("dotnet", entrypoint[0]);
        var start = new ProcessStartInfo(ShellProcess.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _shell.Folder,
        };
        foreach (string arg in entrypoint.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = _home;
        foreach ((string name, string value) in Dockerfile.Environment(dockerfile.Final))
        {
            start.Environment[name] = value;
        }

        start.Environment["AWS_REGION"] = MotoServer.Region;
        start.Environment["AWS_ENDPOINT_URL"] = _moto.Endpoint.ToString();
        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        foreach ((string name, string value) in variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the published shell.");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            if (whileRunning is not null)
            {
                await whileRunning(process);
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw;
        }

        return new ShellResult(process.ExitCode, await stdout, await stderr);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

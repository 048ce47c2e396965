using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Tests.Shell;

/// <summary>What a run of the shell printed and returned.</summary>
public sealed record ShellResult(int ExitCode, string StdOut, string StdErr)
{
    public string AllOutput => StdOut + StdErr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>
/// Runs the built shell (src/SqsDemo.Shell/bin/&lt;Configuration&gt;/net10.0/sqsdemo.dll, or
/// $env:SQSDEMO_SHELL_DLL) as a child
/// process the way CI does: stdin closed, output redirected, so no colours and no prompts. The
/// generous timeout is only a guard against a hang on a loaded machine; nothing here waits by sleeping.
/// </summary>
public static class ShellProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static string ShellDll { get; } = FindShellDll();

    public static ShellResult Run(params string[] args) => Run(environment: null, args);

    public static ShellResult Run(IReadOnlyDictionary<string, string?>? environment, params string[] args) => RunIn(null, environment, args);

    /// <summary>Runs the shell with <paramref name="workingDirectory"/> as its current directory (this process's when null).</summary>
    public static ShellResult RunIn(string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ShellDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A module location inherited from the developer's shell must not leak into a test.
        start.Environment.Remove("SQSDEMO_MODULE");
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
        {
            foreach ((string name, string? value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the shell.");
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
            throw new TimeoutException($"sqsdemo {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.");
        }

        return new ShellResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The non-empty lines of <paramref name="text"/>, trimmed at the end (tables pad with spaces).</summary>
    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        foreach (string line in text.Split('\n'))
        {
            string trimmed = line.TrimEnd('\r', ' ');
            if (trimmed.Length > 0)
            {
                lines.Add(trimmed);
            }
        }

        return lines;
    }

    internal static string DotnetHost()
    {
        string? fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static string FindShellDll()
    {
        // An explicit build to test (e.g. a published one) wins over the repository's own.
        string? explicitDll = Environment.GetEnvironmentVariable("SQSDEMO_SHELL_DLL");
        if (!string.IsNullOrEmpty(explicitDll))
        {
            return File.Exists(explicitDll) ? Path.GetFullPath(explicitDll) : throw new FileNotFoundException("$SQSDEMO_SHELL_DLL does not exist.", explicitDll);
        }

        string configuration = typeof(ShellProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SqsDemo.slnx")))
            {
                string dll = Path.Combine(directory.FullName, "src", "SqsDemo.Shell", "bin", configuration, "net10.0", "SqsDemo.Shell.dll");
                return File.Exists(dll)
                    ? dll
                    : throw new FileNotFoundException($"The shell is not built: {dll}. Build src/SqsDemo.Shell ({configuration}) first.", dll);
            }
        }

        throw new DirectoryNotFoundException($"No SqsDemo.slnx above {AppContext.BaseDirectory}.");
    }
}

using System;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace SqsDemo.Shell;

/// <summary>
/// sqsdemo: a small PowerShell host for machines without pwsh. It imports the SqsDemo module,
/// runs -Command or -File (or an interactive prompt), prints through PowerShell's formatting
/// engine and turns the outcome into an exit code (see <see cref="CommandOutcome.ExitCode"/>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        // A hosted engine reports usage telemetry unless told not to; a demo runner should stay quiet.
        if (Environment.GetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT") is null)
        {
            Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
        }

        ShippedModules.AddToModulePath();

        ShellOptions? options = ShellOptions.Parse(args, out string? error, out bool showUsage);
        if (options is null)
        {
            Console.Error.WriteLine($"sqsdemo: {error}");
            Console.Error.WriteLine(showUsage ? ShellOptions.Usage : "Run 'sqsdemo -Help' for usage.");
            return ExitCodes.Usage;
        }

        if (Answered(options) is int answered) return answered;
        return Run(options);
    }

    /// <summary>The modes that answer without an engine (help, version, a prompt without a terminal); null for the others.</summary>
    private static int? Answered(ShellOptions options)
    {
        switch (options.Mode)
        {
            case ShellMode.Help:
                Console.WriteLine(ShellOptions.Usage);
                return ExitCodes.Success;
            case ShellMode.Version:
                Console.WriteLine($"sqsdemo {ShellHost.DisplayVersion(typeof(Program).Assembly)} "
                    + $"(PowerShell {ShellHost.DisplayVersion(typeof(PowerShell).Assembly)})");
                return ExitCodes.Success;
            case ShellMode.Repl when Console.IsInputRedirected:
                Console.Error.WriteLine("sqsdemo: nothing to run: give -Command or -File (the interactive prompt needs a terminal).");
                Console.Error.WriteLine(ShellOptions.Usage);
                return ExitCodes.Usage;
            default:
                return null;
        }
    }

    /// <summary>Opens a session with the module imported, wires Ctrl+C and SIGTERM to a graceful stop, and runs the command, file or prompt.</summary>
    private static int Run(ShellOptions options)
    {
        string? manifest = null;
        if (!options.NoModule)
        {
            manifest = ModuleLocator.Find(out string problem);
            if (manifest is null)
            {
                Console.Error.WriteLine($"sqsdemo: {problem}");
                return ExitCodes.ModuleUnavailable;
            }
        }

        var writer = new ConsoleWriter(Terminal.Detect());
        var host = new ShellHost(writer);
        using ShellSession session = ShellSession.Open(host);

        if (manifest is not null && !session.TryImportModule(manifest, out string importProblem))
        {
            writer.Error($"sqsdemo: {importProblem}{Environment.NewLine}", ConsoleColor.Red);
            return ExitCodes.ModuleUnavailable;
        }

        // First Ctrl+C stops the running command gracefully and keeps the process alive so it can
        // report; a second one (or one with nothing running) ends the process as usual.
        Console.CancelKeyPress += (_, e) => e.Cancel = session.TryStop();

        // SIGTERM is how a container is asked to stop (docker stop; ECS before its stopTimeout runs out): the same
        // graceful stop, so a consumer finishes the message in hand. With nothing running it ends the process as usual.
        bool terminated = false;
        using PosixSignalRegistration? sigterm = RegisterSigterm(context =>
        {
            if (session.TryStop())
            {
                terminated = true;
                context.Cancel = true;
            }
        });

        switch (options.Mode)
        {
            case ShellMode.Command:
                return Signalled(session.RunScript(options.CommandText).ExitCode(host.ExitCode), terminated);

            case ShellMode.File:
                CommandOutcome outcome = session.RunFile(options.FilePath, options.FileArguments);
                // A script's `exit N` ends only the script and leaves N in $LASTEXITCODE (as under
                // pwsh -File); a zero there is indistinguishable from no exit, so only non-zero counts.
                int lastExitCode = session.LastExitCode;
                return Signalled(outcome.ExitCode(host.ExitCode ?? (lastExitCode != 0 ? lastExitCode : null)), terminated);

            default:
                return Repl.Run(session, host, writer);
        }
    }

    /// <summary>A stop that SIGTERM asked for exits 143 (128 + SIGTERM), as one that Ctrl+C asked for exits 130.</summary>
    private static int Signalled(int exitCode, bool terminated)
        => terminated && exitCode == ExitCodes.Interrupted ? ExitCodes.Terminated : exitCode;

    private static PosixSignalRegistration? RegisterSigterm(Action<PosixSignalContext> handler)
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, handler);
        }
        catch (PlatformNotSupportedException)
        {
            return null; // no SIGTERM here: the process ends as the platform ends it
        }
    }
}

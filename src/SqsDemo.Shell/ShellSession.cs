using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace SqsDemo.Shell;

/// <summary>
/// One runspace and the commands run in it. Each command runs as `&lt;command&gt; 2>&amp;1 | Out-Shell`
/// (<see cref="OutShellCommand"/>, an Out-Default), the shape pwsh's own console uses: errors are
/// merged into the output so Out-Default renders them in place, with pwsh's error view, and every
/// object is formatted and printed as soon as it is produced.
/// </summary>
internal sealed class ShellSession : IDisposable
{
    private static readonly CmdletInfo OutShell = new("Out-Shell", typeof(OutShellCommand));

    private readonly object _gate = new();
    private readonly ShellHost _host;
    private readonly Runspace _runspace;
    private PowerShell? _running;
    private bool _stopRequested;

    private ShellSession(ShellHost host, Runspace runspace)
    {
        _host = host;
        _runspace = runspace;
    }

    public static ShellSession Open(ShellHost host)
    {
        // CreateDefault2 loads the Core commands; the SDK's other modules (Utility, Management, Security) and the
        // shipped ThreadJob load on first use from PSModulePath (see ShippedModules), as in pwsh.
        Runspace runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        return new ShellSession(host, runspace);
    }

    /// <summary>Imports the module; returns false with the reason when it cannot.</summary>
    public bool TryImportModule(string manifestPath, out string problem)
    {
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddCommand("Import-Module")
            .AddParameter("Name", manifestPath)
            .AddParameter("ErrorAction", ActionPreference.Stop);
        try
        {
            ps.Invoke();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // With -ErrorAction Stop the engine wraps the import's error; its record has the real message.
            string reason = e is IContainsErrorRecord { ErrorRecord: { } record } ? record.ToString() : e.Message;
            problem = $"Could not import the SqsDemo module from '{manifestPath}': {reason}";
            return false;
        }

        if (ps.HadErrors && ps.Streams.Error.Count > 0)
        {
            problem = $"Could not import the SqsDemo module from '{manifestPath}': {ps.Streams.Error[0]}";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>
    /// Runs -Command text. The leading trap turns a statement-terminating error (a cmdlet's
    /// ThrowTerminatingError, an unknown command) into the end of the run, so it exits 1 as
    /// it should in CI; non-terminating errors still only print. Same line, so error
    /// positions keep their line numbers.
    /// </summary>
    public CommandOutcome RunScript(string script) => Run(ps => ps.AddScript("trap { break }; " + script));

    /// <summary>
    /// Runs a script file as pwsh -File does: as a command (so its param() block binds the arguments)
    /// in the global scope. Its `exit N` ends only the script and lands in $LASTEXITCODE; see <see cref="LastExitCode"/>.
    /// </summary>
    public CommandOutcome RunFile(string path, IReadOnlyList<CommandParameter> arguments)
    {
        return Run(ps =>
        {
            var command = new Command(path, isScript: false, useLocalScope: false);
            foreach (CommandParameter argument in arguments)
            {
                command.Parameters.Add(argument);
            }

            ps.Commands.AddCommand(command);
        });
    }

    /// <summary>$LASTEXITCODE as a script's `exit N` or the last native program left it; 0 when unset.</summary>
    public int LastExitCode
        => _runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is { } value
            && LanguagePrimitives.TryConvertTo(value, out int code) ? code : 0;

    /// <summary>
    /// Asks the running command to stop (its cmdlets' StopProcessing runs, so the module can end
    /// its work gracefully). Returns false when there is nothing to stop or a stop is already under
    /// way, so a second Ctrl+C can end the process.
    /// </summary>
    public bool TryStop()
    {
        lock (_gate)
        {
            if (_running is null || _stopRequested)
            {
                return false;
            }

            _stopRequested = true;
            _running.BeginStop(null, null);
            return true;
        }
    }

    public void Dispose() => _runspace.Dispose();

    private CommandOutcome Run(Action<PowerShell> addCommand)
    {
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = _runspace;
        addCommand(ps);
        ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        var verdict = new OutputVerdict();
        ps.AddCommand(OutShell).AddParameter(nameof(OutShellCommand.Verdict), verdict);

        lock (_gate)
        {
            _running = ps;
            _stopRequested = false;
        }

        bool terminated = false;
        bool stopped = false;
        try
        {
            ps.Invoke();
        }
        catch (PipelineStoppedException)
        {
            stopped = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Includes ParseException, RuntimeException and anything the engine let escape: all end the command.
            terminated = true;
            ReportError(e);
        }
        finally
        {
            bool stopRequested;
            lock (_gate)
            {
                stopRequested = _stopRequested;
                _running = null;
            }

            stopped |= stopRequested;
            _host.ShellUI.ResetProgress();
        }

        // Errors that were not merged (from the shell's own pipeline steps) would otherwise go unseen.
        foreach (ErrorRecord error in ps.Streams.Error)
        {
            ReportError(error);
        }

        return new CommandOutcome(terminated, verdict.FailedScenarios, stopped, verdict.ErrorsWritten + ps.Streams.Error.Count);
    }

    private void ReportError(Exception exception)
    {
        if (exception is ParseException parse)
        {
            // The error view renders a parse error of the command line itself as a blank line (its
            // record has no invocation to point into), so print each error with its position.
            if (parse.Errors is { Length: > 0 } errors)
            {
                foreach (ParseError error in errors)
                {
                    _host.UI.WriteErrorLine($"ParserError: {error}");
                }
            }
            else
            {
                _host.UI.WriteErrorLine($"ParserError: {parse.Message}");
            }

            return;
        }

        ReportError(exception is IContainsErrorRecord withRecord
            ? withRecord.ErrorRecord
            : new ErrorRecord(exception, "SqsDemo.Shell.UnhandledException", ErrorCategory.NotSpecified, null));
    }

    /// <summary>
    /// Prints an error record the way pwsh's console does: through Out-Default, so it gets the same
    /// error view ($ErrorView) as the errors inside a command, and on stderr.
    /// </summary>
    private void ReportError(ErrorRecord error)
    {
        try
        {
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddCommand("Out-Default");
            _host.ShellUI.RenderAsError(() => ps.Invoke(new[] { error }));
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException)
        {
            // The formatting engine itself failed: print the essentials directly.
            _host.UI.WriteErrorLine(error.ToString());
            if (error.InvocationInfo?.PositionMessage is { Length: > 0 } position)
            {
                _host.UI.WriteErrorLine(position);
            }
        }
    }
}

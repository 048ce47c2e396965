using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace SqsDemo.Shell;

/// <summary>
/// Where PowerShell's streams meet the console. Out-Default writes formatted output through
/// Write/WriteLine; the engine calls the Write*Line methods for the other streams. As in pwsh,
/// only errors go to stderr; verbose, warning, debug and information go to stdout with the data,
/// so a log reads in the order things happened.
/// Prompts need a person: without a terminal on stdin (CI, tests) they fail at once with a clear
/// message rather than blocking on, or silently reading, an input nobody is typing into.
/// </summary>
internal sealed class ShellUserInterface : PSHostUserInterface
{
    private readonly ConsoleWriter _writer;
    private readonly ProgressView _progress;
    private readonly ShellRawUserInterface _rawUI;
    private volatile bool _outputIsError;

    public ShellUserInterface(ConsoleWriter writer)
    {
        _writer = writer;
        _progress = new ProgressView(writer);
        _rawUI = new ShellRawUserInterface(writer.Terminal);
    }

    public override PSHostRawUserInterface RawUI => _rawUI;

    /// <summary>
    /// Tells the formatting engine whether it may emit ANSI styling ($PSStyle): only to a terminal,
    /// and never with NO_COLOR, so redirected output is plain text.
    /// </summary>
    public override bool SupportsVirtualTerminal => _writer.Terminal.ColorOnStdout;

    private Terminal Terminal => _writer.Terminal;

    public override void Write(string value) => WriteOutput(value, null, null);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        => WriteOutput(
            value,
            foregroundColor == _rawUI.ForegroundColor ? null : foregroundColor,
            backgroundColor == _rawUI.BackgroundColor ? null : backgroundColor);

    public override void WriteLine(string value) => WriteOutput(value + Environment.NewLine, null, null);

    /// <summary>
    /// Runs <paramref name="render"/> with formatted output going to stderr as an error. The shell
    /// formats an error that ended a command through Out-Default, to get pwsh's error view; but
    /// only the engine can tag an object as belonging to the error stream, so without this the
    /// rendered error would land on stdout.
    /// </summary>
    public void RenderAsError(Action render)
    {
        _outputIsError = true;
        try
        {
            render();
        }
        finally
        {
            _outputIsError = false;
        }
    }

    public override void WriteErrorLine(string value)
        => _writer.Error(GetOutputString(value, Terminal.ColorOnStderr) + Environment.NewLine, ConsoleColor.Red);

    public override void WriteWarningLine(string message) => WriteTagged("WARNING: ", message);

    public override void WriteVerboseLine(string message) => WriteTagged("VERBOSE: ", message);

    public override void WriteDebugLine(string message) => WriteTagged("DEBUG: ", message);

    public override void WriteProgress(long sourceId, ProgressRecord record) => _progress.Update(sourceId, record);

    /// <summary>Called between commands so a progress line left behind by a stopped command does not linger.</summary>
    public void ResetProgress() => _progress.Reset();

    public override string ReadLine()
    {
        // At end of input there is nothing more to read; an empty answer is what a user pressing Enter gives.
        return Console.In.ReadLine() ?? string.Empty;
    }

    public override SecureString ReadLineAsSecureString()
    {
        var secret = new SecureString();
        if (!Terminal.IsInteractive)
        {
            // Piped input: a secret can still be fed on a line of stdin.
            foreach (char c in Console.In.ReadLine() ?? string.Empty)
            {
                secret.AppendChar(c);
            }
        }
        else
        {
            for (ConsoleKeyInfo key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
            {
                if (key.Key == ConsoleKey.Backspace)
                {
                    if (secret.Length > 0)
                    {
                        secret.RemoveAt(secret.Length - 1);
                    }
                }
                else if (key.KeyChar != '\0')
                {
                    secret.AppendChar(key.KeyChar);
                }
            }

            _writer.Out(Environment.NewLine);
        }

        secret.MakeReadOnly();
        return secret;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        RequireTerminal($"prompt for {string.Join(", ", Names(descriptions))}");
        WriteHeading(caption, message);

        var answers = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
        foreach (FieldDescription field in descriptions)
        {
            _writer.Out(field.Name + ": ");
            bool secret = field.ParameterTypeFullName == typeof(SecureString).FullName;
            answers[field.Name] = secret ? PSObject.AsPSObject(ReadLineAsSecureString()) : PSObject.AsPSObject(ReadLine());
        }

        return answers;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        RequireTerminal($"ask '{caption} {message}'".Trim());
        WriteHeading(caption, message);

        for (int i = 0; i < choices.Count; i++)
        {
            string marker = i == defaultChoice ? " (default)" : string.Empty;
            _writer.Out($"[{i}] {choices[i].Label.Replace("&", string.Empty)}{marker}  {choices[i].HelpMessage}{Environment.NewLine}");
        }

        while (true)
        {
            _writer.Out("Choice: ");
            string answer = ReadLine().Trim();
            if (answer.Length == 0 && defaultChoice >= 0)
            {
                return defaultChoice;
            }

            for (int i = 0; i < choices.Count; i++)
            {
                if (answer == i.ToString(CultureInfo.InvariantCulture) || MatchesLabelOrHotKey(choices[i].Label, answer))
                {
                    return i;
                }
            }
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
        => PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(
        string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        RequireTerminal("prompt for a credential");
        WriteHeading(caption, message);

        if (string.IsNullOrEmpty(userName))
        {
            _writer.Out("User: ");
            userName = ReadLine();
        }

        _writer.Out($"Password for {userName}: ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    private void WriteOutput(string value, ConsoleColor? foreground, ConsoleColor? background)
    {
        if (_outputIsError)
        {
            _writer.Error(GetOutputString(value, Terminal.ColorOnStderr), ConsoleColor.Red);
        }
        else
        {
            _writer.Out(ForStdout(value), foreground, background);
        }
    }

    private void WriteTagged(string tag, string message) => _writer.Out(ForStdout(tag + message) + Environment.NewLine, ConsoleColor.Yellow);

    /// <summary>
    /// Applies $PSStyle.OutputRendering: the formatting engine embeds ANSI styling (table headers,
    /// the error view) and leaves it to the host to strip it when the stream is not a terminal.
    /// </summary>
    private string ForStdout(string value) => GetOutputString(value, SupportsVirtualTerminal);

    private void WriteHeading(string caption, string message)
    {
        if (!string.IsNullOrEmpty(caption))
        {
            _writer.Out(caption + Environment.NewLine);
        }

        if (!string.IsNullOrEmpty(message))
        {
            _writer.Out(message + Environment.NewLine);
        }
    }

    private void RequireTerminal(string what)
    {
        if (!Terminal.IsInteractive)
        {
            throw new PSNotSupportedException(
                $"The SqsDemo shell cannot {what}: standard input is not a terminal (non-interactive run). "
                + "Pass every value as a parameter instead.");
        }
    }

    private static bool MatchesLabelOrHotKey(string label, string answer)
    {
        int amp = label.IndexOf('&');
        bool hotKey = amp >= 0 && amp + 1 < label.Length && answer.Length == 1
            && char.ToUpperInvariant(label[amp + 1]) == char.ToUpperInvariant(answer[0]);
        return hotKey || string.Equals(label.Replace("&", string.Empty), answer, StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> Names(Collection<FieldDescription> descriptions)
    {
        foreach (FieldDescription field in descriptions)
        {
            yield return field.Name;
        }
    }
}

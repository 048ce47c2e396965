using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation.Runspaces;

namespace SqsDemo.Shell;

/// <summary>What the user asked for on the command line.</summary>
internal enum ShellMode
{
    Repl,
    Command,
    File,
    Help,
    Version,
}

/// <summary>
/// The parsed command line. Option names are matched case-insensitively and accept one or two
/// leading dashes, as pwsh does, so `-command`, `--Command` and `-c` all work.
/// </summary>
internal sealed class ShellOptions
{
    public ShellMode Mode { get; private set; } = ShellMode.Repl;

    /// <summary>The script text for -Command.</summary>
    public string CommandText { get; private set; } = string.Empty;

    /// <summary>The full path of the script for -File.</summary>
    public string FilePath { get; private set; } = string.Empty;

    /// <summary>The script's arguments for -File, shaped the way pwsh passes them to the parameter binder.</summary>
    public IReadOnlyList<CommandParameter> FileArguments { get; private set; } = Array.Empty<CommandParameter>();

    public bool NoModule { get; private set; }

    /// <summary>Parses <paramref name="args"/>; on failure returns null and sets <paramref name="error"/>.</summary>
    public static ShellOptions? Parse(string[] args, out string? error, out bool showUsage)
    {
        var options = new ShellOptions();
        error = null;
        showUsage = true;

        for (int i = 0; i < args.Length; i++)
        {
            string name = OptionName(args[i]);
            switch (name)
            {
                case "nomodule":
                    options.NoModule = true;
                    break;

                case "help":
                case "?":
                case "h":
                    options.Mode = ShellMode.Help;
                    break;

                case "version":
                    options.Mode = ShellMode.Version;
                    break;

                case "command":
                case "c":
                    if (i + 1 >= args.Length)
                    {
                        error = "-Command needs a command to run.";
                        return null;
                    }

                    // Like pwsh, everything after -Command is the command, so it needs no quoting as one argument.
                    options.Mode = ShellMode.Command;
                    options.CommandText = string.Join(' ', args, i + 1, args.Length - i - 1);
                    return options;

                case "file":
                case "f":
                    if (i + 1 >= args.Length)
                    {
                        error = "-File needs the path of a script.";
                        return null;
                    }

                    string path = Path.GetFullPath(args[i + 1]);
                    if (!File.Exists(path))
                    {
                        showUsage = false;
                        error = $"-File: the script '{args[i + 1]}' does not exist.";
                        return null;
                    }

                    options.Mode = ShellMode.File;
                    options.FilePath = path;
                    options.FileArguments = ScriptArguments.Parse(args.AsSpan(i + 2));
                    return options;

                default:
                    error = $"Unknown option '{args[i]}'.";
                    return null;
            }
        }

        return options;
    }

    private static string OptionName(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            return arg.Substring(2).ToLowerInvariant();
        }

        if (arg.StartsWith('-'))
        {
            return arg.Substring(1).ToLowerInvariant();
        }

        return "\0" + arg; // a bare word is never an option
    }

    public const string Usage = """
        Usage: sqsdemo [-NoModule] [-Command <script> | -File <path> [args...] | -Help | -Version]

          -Command, -c <script>   Run the script text (the rest of the command line) and exit.
          -File, -f <path> [args] Run a .ps1 script; args bind to its parameters as in pwsh
                                  (-Name value, -Switch, -Name:value, positional values).
          -NoModule               Do not import the SqsDemo module.
          -Help, -?               Show this help.
          -Version                Show the shell and PowerShell versions.

        With no arguments in a terminal, starts an interactive prompt; type 'exit' to leave.

        Exit codes: 0 success; 1 an error was written (terminating or not) or a scenario failed; N from 'exit N';
        2 the SqsDemo module could not be imported; 64 bad command line; 130 stopped by Ctrl+C;
        143 stopped by SIGTERM (docker stop, ECS), which stops as gracefully as Ctrl+C.

        The module is imported from $env:SQSDEMO_MODULE (a .psd1), else Modules/SqsDemo beside
        the executable, else the first out/SqsDemo/SqsDemo.psd1 found walking up from it.
        """;
}

using System;

namespace SqsDemo.Shell;

/// <summary>
/// The interactive prompt: read a line, run it, repeat. Deliberately minimal (no line editing,
/// history or multi-line input); it is for trying cmdlets on a machine without pwsh.
/// </summary>
internal static class Repl
{
    public const string Prompt = "SqsDemo> ";

    /// <summary>Runs until `exit` (or end of input); returns the code given to `exit`, else 0.</summary>
    public static int Run(ShellSession session, ShellHost host, ConsoleWriter writer)
    {
        writer.Out($"SqsDemo shell {ShellHost.DisplayVersion(typeof(Repl).Assembly)}. Type 'exit' to leave.{Environment.NewLine}");
        while (true)
        {
            writer.Out(Prompt);
            string? line = Console.ReadLine();
            if (line is null)
            {
                writer.Out(Environment.NewLine);
                return ExitCodes.Success;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            // `exit` goes through the engine like any command: it calls SetShouldExit with the code.
            session.RunScript(line);
            if (host.ExitCode is { } code)
            {
                return code;
            }
        }
    }
}

using System;

namespace SqsDemo.Shell;

/// <summary>
/// What the process is attached to, decided once at start-up. Colours and the progress line are
/// for people at a terminal: when a stream is redirected (CI logs, pipes, tests) it gets plain text,
/// and NO_COLOR (https://no-color.org) or TERM=dumb turns colours off everywhere.
/// </summary>
internal sealed class Terminal
{
    /// <summary>The width formatting uses when there is no terminal to measure: wide enough for the module's tables.</summary>
    public const int RedirectedWidth = 120;

    private Terminal(bool stdinIsTerminal, bool stdoutIsTerminal, bool stderrIsTerminal, bool colorAllowed)
    {
        StdinIsTerminal = stdinIsTerminal;
        StdoutIsTerminal = stdoutIsTerminal;
        StderrIsTerminal = stderrIsTerminal;
        ColorOnStdout = stdoutIsTerminal && colorAllowed;
        ColorOnStderr = stderrIsTerminal && colorAllowed;
    }

    public bool StdinIsTerminal { get; }

    public bool StdoutIsTerminal { get; }

    public bool StderrIsTerminal { get; }

    public bool ColorOnStdout { get; }

    public bool ColorOnStderr { get; }

    /// <summary>Prompts need someone to answer them: a terminal on stdin.</summary>
    public bool IsInteractive => StdinIsTerminal;

    public static Terminal Detect()
    {
        string? noColor = Environment.GetEnvironmentVariable("NO_COLOR");
        string? term = Environment.GetEnvironmentVariable("TERM");
        bool colorAllowed = string.IsNullOrEmpty(noColor) && !string.Equals(term, "dumb", StringComparison.Ordinal);
        return new Terminal(!Console.IsInputRedirected, !Console.IsOutputRedirected, !Console.IsErrorRedirected, colorAllowed);
    }

    /// <summary>Measured on every call because the user may resize the window between commands.</summary>
    public int Width => StdoutIsTerminal ? MeasureWidth() : RedirectedWidth;

    public int Height => StdoutIsTerminal ? MeasureHeight() : 50;

    /// <summary>The width of the stderr terminal, for the progress line.</summary>
    public int StderrWidth => StderrIsTerminal ? MeasureWidth() : RedirectedWidth;

    private static int MeasureWidth()
    {
        try
        {
            int width = Console.WindowWidth;
            return width > 0 ? width : RedirectedWidth;
        }
        catch (Exception e) when (e is System.IO.IOException or InvalidOperationException or PlatformNotSupportedException)
        {
            return RedirectedWidth;
        }
    }

    private static int MeasureHeight()
    {
        try
        {
            int height = Console.WindowHeight;
            return height > 0 ? height : 50;
        }
        catch (Exception e) when (e is System.IO.IOException or InvalidOperationException or PlatformNotSupportedException)
        {
            return 50;
        }
    }
}

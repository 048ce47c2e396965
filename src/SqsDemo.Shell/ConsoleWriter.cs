using System;
using System.IO;
using System.Text;

namespace SqsDemo.Shell;

/// <summary>
/// The one place that writes to stdout and stderr. Pipelines, jobs and the engine's threads can all
/// write at once, so every write takes a lock; the lock also keeps the progress status line (on a
/// terminal's stderr) from being interleaved with output: it is erased before any other text and
/// drawn again by the next progress update.
/// </summary>
internal sealed class ConsoleWriter
{
    private readonly object _gate = new();
    private readonly Terminal _terminal;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private int _statusLength;

    public ConsoleWriter(Terminal terminal)
    {
        _terminal = terminal;
        _out = Console.Out;
        _error = Console.Error;
    }

    public Terminal Terminal => _terminal;

    public void Out(string text, ConsoleColor? foreground = null, ConsoleColor? background = null)
        => Write(_out, text, _terminal.ColorOnStdout, foreground, background);

    public void Error(string text, ConsoleColor? foreground = null)
        => Write(_error, text, _terminal.ColorOnStderr, foreground, null);

    /// <summary>Shows <paramref name="line"/> as the single status line on stderr, replacing the previous one.</summary>
    public void ShowStatus(string line)
    {
        if (!_terminal.StderrIsTerminal)
        {
            return;
        }

        int room = Math.Max(_terminal.StderrWidth - 1, 1); // never touch the last column: it would wrap
        string text = line.Length > room ? line.Substring(0, room) : line;
        lock (_gate)
        {
            // Pad with spaces rather than an erase sequence: works on any terminal, colours or not.
            _error.Write('\r' + text + new string(' ', Math.Max(_statusLength - text.Length, 0)) + '\r');
            _error.Flush();
            _statusLength = text.Length;
        }
    }

    public void ClearStatus()
    {
        lock (_gate)
        {
            EraseStatus();
        }
    }

    private void Write(TextWriter writer, string text, bool colorAllowed, ConsoleColor? foreground, ConsoleColor? background)
    {
        lock (_gate)
        {
            EraseStatus();
            if (colorAllowed && (foreground is not null || background is not null))
            {
                writer.Write(Colorize(text, foreground, background));
            }
            else
            {
                writer.Write(text);
            }

            writer.Flush();
        }
    }

    private void EraseStatus()
    {
        if (_statusLength > 0)
        {
            _error.Write('\r' + new string(' ', _statusLength) + '\r');
            _error.Flush();
            _statusLength = 0;
        }
    }

    /// <summary>Wraps each line separately so a colour never bleeds past a newline into the next prompt.</summary>
    private static string Colorize(string text, ConsoleColor? foreground, ConsoleColor? background)
    {
        var start = new StringBuilder("\u001b[");
        if (foreground is { } fg)
        {
            start.Append(AnsiCode(fg, background: false));
        }

        if (background is { } bg)
        {
            start.Append(foreground is null ? "" : ";").Append(AnsiCode(bg, background: true));
        }

        start.Append('m');
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                lines[i] = start + lines[i] + "\u001b[0m";
            }
        }

        return string.Join('\n', lines);
    }

    private static int AnsiCode(ConsoleColor color, bool background)
    {
        int code = color switch
        {
            ConsoleColor.Black => 30,
            ConsoleColor.DarkRed => 31,
            ConsoleColor.DarkGreen => 32,
            ConsoleColor.DarkYellow => 33,
            ConsoleColor.DarkBlue => 34,
            ConsoleColor.DarkMagenta => 35,
            ConsoleColor.DarkCyan => 36,
            ConsoleColor.Gray => 37,
            ConsoleColor.DarkGray => 90,
            ConsoleColor.Red => 91,
            ConsoleColor.Green => 92,
            ConsoleColor.Yellow => 93,
            ConsoleColor.Blue => 94,
            ConsoleColor.Magenta => 95,
            ConsoleColor.Cyan => 96,
            _ => 97,
        };
        return background ? code + 10 : code;
    }
}

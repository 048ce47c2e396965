using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace SqsDemo.Shell;

/// <summary>
/// The low-level console for the formatting engine. What matters to it is BufferSize.Width: tables
/// are laid out to that width, so it is the terminal's width, or a fixed 120 when output is
/// redirected (a log is read later, on any screen). Screen-buffer editing is not offered: nothing
/// this shell runs needs it, and a redirected stream has no buffer to edit.
/// </summary>
internal sealed class ShellRawUserInterface : PSHostRawUserInterface
{
    /// <summary>The colours the UI treats as "the terminal's own": text in them is written without escape codes.</summary>
    public const ConsoleColor DefaultForeground = ConsoleColor.Gray;
    public const ConsoleColor DefaultBackground = ConsoleColor.Black;

    private readonly Terminal _terminal;

    public ShellRawUserInterface(Terminal terminal) => _terminal = terminal;

    public override ConsoleColor ForegroundColor { get; set; } = DefaultForeground;

    public override ConsoleColor BackgroundColor { get; set; } = DefaultBackground;

    public override Size BufferSize
    {
        get => new(_terminal.Width, Math.Max(_terminal.Height, 9999));
        set => throw NotSupported("resize the screen buffer");
    }

    public override Size WindowSize
    {
        get => new(_terminal.Width, _terminal.Height);
        set => throw NotSupported("resize the window");
    }

    public override Size MaxWindowSize => WindowSize;

    public override Size MaxPhysicalWindowSize => WindowSize;

    public override Coordinates CursorPosition
    {
        get => _terminal.StdoutIsTerminal ? SafeCursorPosition() : new Coordinates(0, 0);
        set
        {
            if (_terminal.StdoutIsTerminal)
            {
                Console.SetCursorPosition(value.X, value.Y);
            }
        }
    }

    public override Coordinates WindowPosition
    {
        get => new(0, 0);
        set => throw NotSupported("move the window");
    }

    public override int CursorSize { get; set; } = 25;

    public override string WindowTitle { get; set; } = "SqsDemo";

    public override bool KeyAvailable => _terminal.IsInteractive && Console.KeyAvailable;

    public override KeyInfo ReadKey(ReadKeyOptions options)
    {
        if (!_terminal.IsInteractive)
        {
            throw NotSupported("read a key (standard input is not a terminal)");
        }

        ConsoleKeyInfo key = Console.ReadKey((options & ReadKeyOptions.NoEcho) != 0);
        var state = ControlKeyStates.NumLockOn;
        if ((key.Modifiers & ConsoleModifiers.Shift) != 0) state |= ControlKeyStates.ShiftPressed;
        if ((key.Modifiers & ConsoleModifiers.Control) != 0) state |= ControlKeyStates.LeftCtrlPressed;
        if ((key.Modifiers & ConsoleModifiers.Alt) != 0) state |= ControlKeyStates.LeftAltPressed;
        return new KeyInfo((int)key.Key, key.KeyChar, state, keyDown: true);
    }

    public override void FlushInputBuffer()
    {
        while (_terminal.IsInteractive && Console.KeyAvailable)
        {
            Console.ReadKey(intercept: true);
        }
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw NotSupported("read the screen buffer");

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw NotSupported("write the screen buffer");

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw NotSupported("write the screen buffer");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
        => throw NotSupported("scroll the screen buffer");

    private static Coordinates SafeCursorPosition()
    {
        try
        {
            (int left, int top) = Console.GetCursorPosition();
            return new Coordinates(left, top);
        }
        catch (Exception e) when (e is System.IO.IOException or InvalidOperationException)
        {
            return new Coordinates(0, 0);
        }
    }

    private static PSNotSupportedException NotSupported(string what)
        => new($"The SqsDemo shell cannot {what}.");
}

using System;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;
using System.Threading;

namespace SqsDemo.Shell;

/// <summary>
/// The PSHost the runspace talks to: it identifies the shell, hands out the console UI, and
/// records `exit N` (the engine calls SetShouldExit for an `exit` at the top level of a command).
/// Nested prompts (the debugger, $host.EnterNestedPrompt()) are not offered: this is a runner.
/// </summary>
internal sealed class ShellHost : PSHost
{
    private readonly ShellUserInterface _ui;
    private readonly CultureInfo _culture = Thread.CurrentThread.CurrentCulture;
    private readonly CultureInfo _uiCulture = Thread.CurrentThread.CurrentUICulture;

    public ShellHost(ConsoleWriter writer) => _ui = new ShellUserInterface(writer);

    public override string Name => "SqsDemo.Shell";

    public override Version Version { get; } = typeof(ShellHost).Assembly.GetName().Version ?? new Version(0, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override CultureInfo CurrentCulture => _culture;

    public override CultureInfo CurrentUICulture => _uiCulture;

    public override PSHostUserInterface UI => _ui;

    public ShellUserInterface ShellUI => _ui;

    /// <summary>The code given to `exit`, once a command has called it; null while no command has.</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    public override void EnterNestedPrompt()
        => throw new PSNotSupportedException("The SqsDemo shell does not support nested prompts (or the debugger).");

    public override void ExitNestedPrompt()
        => throw new PSNotSupportedException("The SqsDemo shell does not support nested prompts (or the debugger).");

    public override void NotifyBeginApplication()
    {
        // Native programs write to the console themselves; nothing to hand over.
    }

    public override void NotifyEndApplication()
    {
    }

    /// <summary>The shell's version as the build stamped it (informational version when present).</summary>
    public static string DisplayVersion(Assembly assembly)
        => assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
}

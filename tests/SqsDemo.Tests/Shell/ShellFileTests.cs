using System;
using System.IO;
using Xunit;

namespace SqsDemo.Tests.Shell;

/// <summary>-File: arguments bind to the script's parameters as under pwsh -File.</summary>
public sealed class ShellFileTests : IDisposable
{
    private const string Script = """
        param(
            [Parameter(Position = 0)] [string] $First,
            [string] $Name = 'none',
            [int] $Count = 1,
            [switch] $Loud,
            [int] $ExitWith = 0
        )
        "First=$First Name=$Name Count=$Count Loud=$Loud"
        if ($ExitWith -ne 0) { exit $ExitWith }
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sqsdemo-shell-tests-" + Guid.NewGuid().ToString("N"));
    private readonly string _script;

    public ShellFileTests()
    {
        Directory.CreateDirectory(_directory);
        _script = Path.Combine(_directory, "args.ps1");
        File.WriteAllText(_script, Script);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Named_switch_and_positional_arguments_bind()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-File", _script, "-Name", "alpha", "-Count", "3", "-Loud", "pos-value");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "First=pos-value Name=alpha Count=3 Loud=True" }, ShellProcess.Lines(result.StdOut));
    }

    [Fact]
    public void Colon_forms_bind_including_a_false_switch()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-File", _script, "first", "-Count:5", "-Loud:$false", "-Name:", "beta");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "First=first Name=beta Count=5 Loud=False" }, ShellProcess.Lines(result.StdOut));
    }

    [Fact]
    public void Exit_in_the_script_sets_the_exit_code()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-File", _script, "-ExitWith", "5");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("First= Name=none", result.StdOut);
    }

    [Fact]
    public void A_relative_path_is_resolved_against_the_current_directory()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, _script);
        ShellResult result = ShellProcess.Run("-NoModule", "-File", relative, "x");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("First=x", result.StdOut);
    }

    [Fact]
    public void A_throw_in_the_script_fails_the_run()
    {
        string failing = Path.Combine(_directory, "fails.ps1");
        File.WriteAllText(failing, "'partial'\nthrow 'script failed'\n");

        ShellResult result = ShellProcess.Run("-NoModule", "-File", failing);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("partial", result.StdOut);
        Assert.Contains("script failed", result.StdErr);
    }

    [Fact]
    public void A_missing_script_is_reported_clearly()
    {
        string missing = Path.Combine(_directory, "no-such-script.ps1");

        ShellResult result = ShellProcess.Run("-NoModule", "-File", missing);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no-such-script.ps1", result.StdErr);
        Assert.Contains("does not exist", result.StdErr);
    }
}

using Xunit;

namespace SqsDemo.Tests.Shell;

/// <summary>The shell's own options: usage, help and version.</summary>
public class ShellCommandLineTests
{
    [Fact]
    public void An_unknown_option_prints_usage_on_stderr_and_exits_64()
    {
        ShellResult result = ShellProcess.Run("-NoSuchOption");

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("-NoSuchOption", result.StdErr);
        Assert.Contains("Usage:", result.StdErr);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public void Command_without_a_command_is_a_usage_error()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command");

        Assert.True(result.ExitCode == 64, result.ToString());
    }

    [Theory]
    [InlineData("-Help")]
    [InlineData("-?")]
    [InlineData("--help")]
    public void Help_prints_usage(string option)
    {
        ShellResult result = ShellProcess.Run(option);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.StdOut);
    }

    [Fact]
    public void Version_names_the_shell_and_PowerShell()
    {
        ShellResult result = ShellProcess.Run("-Version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("sqsdemo ", result.StdOut);
        Assert.Contains("PowerShell 7.", result.StdOut);
    }

    [Fact]
    public void No_arguments_without_a_terminal_is_a_usage_error_rather_than_a_hang()
    {
        ShellResult result = ShellProcess.Run();

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("terminal", result.StdErr);
    }
}

using Xunit;

namespace SqsDemo.Tests.Shell;

/// <summary>Test-DemoEnvironment as a Makefile's preflight: the shell's exit code follows its rows.</summary>
public sealed class ShellPreflightTests
{
    [Fact]
    public void Test_DemoEnvironment_exits_0_when_every_row_passed_and_1_on_a_failed_row()
    {
        ShellResult passing = ShellProcess.Run("-Command", "Test-DemoEnvironment -Scenario poison");
        Assert.True(passing.ExitCode == 0, passing.ToString());
        Assert.Contains("PASS", passing.StdOut);

        ShellResult failing = ShellProcess.Run("-Command", "Test-DemoEnvironment -Scenario poison -Consumer 'sqsdemo-no-such-program --queue x'");
        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("FAIL", failing.StdOut);
        Assert.Contains("ConsumerProgram", failing.StdOut);
    }
}

using Xunit;

namespace SqsDemo.Tests.Shell;

/// <summary>The README's first command, end to end: the real module, a real scenario, the exit code CI relies on.</summary>
public sealed class ShellScenarioTests
{
    [Fact]
    public void A_passing_scenario_prints_its_checks_and_exits_0()
    {
        ShellResult result = ShellProcess.Run("-Command", "Invoke-DemoScenario -Name poison -Seed 3");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Scenario poison: PASSED", result.StdOut);
        Assert.Contains("[PASS] DLQ holds exactly the poison messages", result.StdOut);
    }

    [Fact]
    public void A_failing_scenario_exits_1_and_shows_the_failed_check()
    {
        ShellResult result = ShellProcess.Run("-Command", "Invoke-DemoScenario -Name poison -Seed 3 -Parameters @{ ExpectedDeadLetterCount = 3 }");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("[FAIL] DLQ message count", result.StdOut);
    }

    [Fact]
    public void An_unknown_scenario_exits_1_with_the_valid_names()
    {
        ShellResult result = ShellProcess.Run("-Command", "Invoke-DemoScenario -Name typo");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Valid names:", result.StdErr + result.StdOut);
    }
}

using System.IO;
using SqsDemo.Tests.Hosting;
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

    [Fact]
    public void A_scenario_of_ones_own_using_the_default_cmdlets_passes_through_Path()
    {
        string script = Path.Combine(RepoPaths.Root, "tests", "fixtures", "grouped-poison.ps1");
        ShellResult result = ShellProcess.Run("-Command", $"Invoke-DemoScenario -Path '{script}' -Seed 5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("poison sent: 2, dead letters: 2", result.StdOut);
        Assert.Contains("[PASS] every poison message is in the DLQ", result.StdOut);
    }

    [Fact]
    public void A_scenario_script_run_with_File_exits_1_when_a_check_row_failed()
    {
        string script = Path.Combine(RepoPaths.Root, "scenarios", "poison.ps1");
        ShellResult result = ShellProcess.Run("-File", script, "-ExpectedDeadLetterCount", "3");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("FAIL", result.StdOut);
    }

    [Fact]
    public void A_cmdlet_that_writes_an_error_fails_the_run_and_the_rest_still_runs()
    {
        ShellResult result = ShellProcess.Run("-Command",
            "$e = New-DemoEnvironment -Name too-big; ('x' * 1048577) | Send-DemoMessage -QueueUrl $e.QueueUrl; 'after the error'");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("after the error", result.StdOut);
    }

    [Theory]
    [InlineData("Connect-DemoBackend -Seed 3 -Debug | Out-Null; 'connected'", "connected", null)]
    [InlineData("$VerbosePreference = 'Continue'; Connect-DemoBackend -Seed 3 -Debug | Out-Null; 'connected'", "connected", "DEBUG: Connected to Embedded")]
    [InlineData("Connect-DemoBackend -Seed 3 -Verbose -Debug | Out-Null; 'connected'", "connected", "VERBOSE: Connected to Embedded")]
    public void Debug_never_prompts(string command, string output, string? shown)
    {
        ShellResult result = ShellProcess.Run("-Command", command);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("cannot ask", result.AllOutput);
        Assert.Contains(output, result.StdOut);
        if (shown != null) Assert.Contains(shown, result.AllOutput);
    }

    [Fact]
    public void The_module_imports_by_name()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "Import-Module SqsDemo; (Get-Command Invoke-DemoScenario).Source");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "SqsDemo" }, ShellProcess.Lines(result.StdOut));
    }
}

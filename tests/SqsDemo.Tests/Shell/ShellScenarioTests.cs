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

/// <summary>
/// The README's first section, run as written from the repository root: each `dotnet run --project
/// src/SqsDemo.Shell -- ...` line of "Two commands" and its subsections (the later sections' commands
/// need AWS or write files).
/// </summary>
public sealed class ReadmeShellCommandTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        const string prefix = "dotnet run --project src/SqsDemo.Shell -- ";
        bool inSection = false;
        foreach (string line in File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md")))
        {
            if (line.StartsWith("## ", System.StringComparison.Ordinal)) inSection = line == "## Two commands";
            else if (inSection && line.StartsWith(prefix, System.StringComparison.Ordinal)) data.Add(line.Substring(prefix.Length));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_shell_command_of_the_README_works_as_written(string arguments)
    {
        ShellResult result = ShellProcess.RunIn(RepoPaths.Root, null, ShellWords.Split(arguments));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void The_README_has_shell_commands_to_run()
    {
        Assert.True(Commands().Count >= 3);
    }
}

/// <summary>Splits a POSIX shell command line's words: single quotes keep everything, double quotes keep spaces.</summary>
internal static class ShellWords
{
    public static string[] Split(string line)
    {
        var words = new System.Collections.Generic.List<string>();
        var word = new System.Text.StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words.ToArray();
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace SqsDemo.Tests.Shell;

/// <summary>-Command: output through the formatting engine, and the exit code rules.</summary>
public class ShellCommandTests
{
    [Fact]
    public void Numbers_are_printed_one_per_line()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "1..3");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2", "3" }, ShellProcess.Lines(result.StdOut));
    }

    [Fact]
    public void Objects_are_rendered_as_a_table_without_escape_codes_when_redirected()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "[pscustomobject]@{A=1;B='x'}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "A B", "- -", "1 x" }, ShellProcess.Lines(result.StdOut));
        Assert.DoesNotContain('\u001b', result.AllOutput);
    }

    [Fact]
    public void Everything_after_Command_is_the_command()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-c", "'a' +", "'b'");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "ab" }, ShellProcess.Lines(result.StdOut));
    }

    [Fact]
    public void A_throw_fails_the_run_and_prints_the_message()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "throw 'boom from test'");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("boom from test", result.StdErr);
    }

    [Fact]
    public void Output_produced_before_a_throw_is_still_printed()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "'before'; [pscustomobject]@{Foo=42}; throw 'late failure'");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(new[] { "before", "Foo", "---", " 42" }, ShellProcess.Lines(result.StdOut));
        Assert.Contains("late failure", result.StdErr);
    }

    [Fact]
    public void A_parse_error_fails_the_run_with_a_message()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "1 +");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ParserError", result.StdErr);
    }

    [Fact]
    public void Exit_sets_the_exit_code()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "'shown'; exit 7");

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Equal(new[] { "shown" }, ShellProcess.Lines(result.StdOut));
    }

    [Fact]
    public void A_non_terminating_error_is_printed_the_run_goes_on_and_it_exits_1()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "Get-Command No-SuchThing; 'still here'");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("No-SuchThing", result.StdErr);
        Assert.Equal(new[] { "still here" }, ShellProcess.Lines(result.StdOut));
    }

    [Fact]
    public void An_error_the_command_handled_itself_does_not_fail_the_run()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command",
            "Get-Item /no/such/path -ErrorAction SilentlyContinue; try { Get-Item /no/such/path -ErrorAction Stop } catch { 'caught' }");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "caught" }, ShellProcess.Lines(result.StdOut));
    }

    [Theory]
    [InlineData("$false", 1)]
    [InlineData("$true", 0)]
    public void A_failed_check_row_fails_the_run(string passed, int expectedExitCode)
    {
        // A scenario script run directly emits its checks, not a result.
        ShellResult result = ShellProcess.Run("-NoModule", "-Command",
            $"[pscustomobject]@{{PSTypeName='SqsDemo.Engine.Scenarios.ScenarioCheck'; Name='x'; Passed={passed}}}");

        Assert.True(result.ExitCode == expectedExitCode, result.ToString());
    }

    [Fact]
    public void The_whole_default_cmdlet_set_is_there_as_in_pwsh()
    {
        string file = Path.Combine(Path.GetTempPath(), $"sqsdemo-shell-{Guid.NewGuid():N}.txt");
        string script = string.Join("; ",
            "$rows = 1..6 | ForEach-Object { [pscustomobject]@{ N = $_; Odd = $_ % 2 } }",
            "$rows | Group-Object Odd | Sort-Object Name | Select-Object Name, Count | Format-Table | Out-String -Width 80 | Write-Output",
            "($rows | Measure-Object N -Sum).Sum",
            "Start-Sleep -Milliseconds 10",
            "Write-Host 'host line'",
            "(Get-Date) -is [datetime]",
            "@{ a = 1 } | ConvertTo-Json -Compress",
            $"'redirected' > '{file}'",
            $"Get-Content '{file}'",
            "Start-ThreadJob { 6 * 7 } | Wait-Job | Receive-Job",
            "1..2 | ForEach-Object -Parallel { $_ * 10 }");
        try
        {
            ShellResult result = ShellProcess.Run("-NoModule", "-Command", script);

            Assert.True(result.ExitCode == 0, result.ToString());
            List<string> lines = ShellProcess.Lines(result.StdOut);
            Assert.Contains(lines, l => l.StartsWith("0 ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 3", StringComparison.Ordinal));
            Assert.Contains("21", lines);
            Assert.Contains("host line", lines);
            Assert.Contains("True", lines);
            Assert.Contains("{\"a\":1}", lines);
            Assert.Contains("redirected", lines);
            Assert.Contains("42", lines);
            Assert.Contains("20", lines);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("$false", 1)]
    [InlineData("$true", 0)]
    public void A_failed_scenario_result_fails_the_run(string passed, int expectedExitCode)
    {
        ShellResult result = ShellProcess.Run(
            "-NoModule",
            "-Command",
            $"[pscustomobject]@{{PSTypeName='SqsDemo.Engine.Scenarios.ScenarioResult'; Name='x'; Passed={passed}}}");

        Assert.True(result.ExitCode == expectedExitCode, result.ToString());
        Assert.Contains("Passed", result.StdOut); // the result is still printed
    }

    [Fact]
    public void A_failed_result_counts_only_when_it_is_a_scenario_result()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "[pscustomobject]@{PSTypeName='Other.Result'; Passed=$false}");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void One_failed_scenario_among_passed_ones_fails_the_run()
    {
        ShellResult result = ShellProcess.Run(
            "-NoModule",
            "-Command",
            "1..3 | ForEach-Object { [pscustomobject]@{PSTypeName='My.ScenarioResult'; Name=\"s$_\"; Passed=($_ -ne 2)} }; 'end'");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("s3", result.StdOut);
        Assert.Contains("end", result.StdOut);
    }

    [Fact]
    public void Verbose_and_warning_messages_reach_the_output()
    {
        // Write-Verbose and Write-Warning live in Microsoft.PowerShell.Utility, which this engine
        // does not have; an advanced function writes to the same streams.
        const string script = "function Test-Streams { [CmdletBinding()] param() "
            + "$PSCmdlet.WriteVerbose('verbose text'); $PSCmdlet.WriteWarning('warning text'); 'data' }; "
            + "Test-Streams -Verbose";
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("VERBOSE: verbose text", result.AllOutput);
        Assert.Contains("WARNING: warning text", result.AllOutput);
        Assert.Contains("data", result.StdOut);
    }

    [Fact]
    public void Verbose_is_hidden_unless_asked_for()
    {
        ShellResult result = ShellProcess.Run(
            "-NoModule", "-Command", "function Test-Streams { [CmdletBinding()] param() $PSCmdlet.WriteVerbose('verbose text') }; Test-Streams");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("verbose text", result.AllOutput);
    }

    [Fact]
    public void Prompting_without_a_terminal_fails_clearly_instead_of_waiting()
    {
        ShellResult result = ShellProcess.Run("-NoModule", "-Command", "function Need-Value { param([Parameter(Mandatory)]$Value) $Value }; Need-Value");

        Assert.Contains("not a terminal", result.StdErr);
    }
}

namespace SqsDemo.Shell;

/// <summary>How one command ended, as far as the exit code cares.</summary>
/// <param name="TerminatingError">An uncaught throw, a parse error or another terminating error ended it.</param>
/// <param name="FailedScenarios">How many scenario results with Passed = $false it wrote.</param>
/// <param name="Stopped">Ctrl+C stopped it.</param>
internal readonly record struct CommandOutcome(bool TerminatingError, int FailedScenarios, bool Stopped)
{
    /// <summary>
    /// The process exit code for this outcome. Ctrl+C wins, then an explicit `exit N` (the user
    /// said so), then failure (a terminating error or a failed scenario) is 1, else 0.
    /// Non-terminating errors are printed but, as in pwsh, do not fail the run.
    /// </summary>
    public int ExitCode(int? explicitExitCode)
    {
        if (Stopped)
        {
            return ExitCodes.Interrupted;
        }

        if (explicitExitCode is { } code)
        {
            return code;
        }

        return TerminatingError || FailedScenarios > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}

namespace SqsDemo.Shell;

/// <summary>How one command ended, as far as the exit code cares.</summary>
/// <param name="TerminatingError">An uncaught throw, a parse error or another terminating error ended it.</param>
/// <param name="FailedScenarios">How many scenario results or checks with Passed = $false it wrote.</param>
/// <param name="Stopped">Ctrl+C stopped it.</param>
/// <param name="ErrorsWritten">How many non-terminating errors it wrote.</param>
internal readonly record struct CommandOutcome(bool TerminatingError, int FailedScenarios, bool Stopped, int ErrorsWritten = 0)
{
    /// <summary>
    /// The process exit code for this outcome. Ctrl+C wins, then an explicit `exit N` (the user
    /// said so), then failure (a terminating error, a failed scenario or any error written) is 1, else 0.
    /// A written error fails the run as it fails `pwsh -c` on a failing command: a CI step that printed an
    /// error must not pass. An error the script handled (try/catch, -ErrorAction SilentlyContinue) is not written.
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

        return TerminatingError || FailedScenarios > 0 || ErrorsWritten > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}

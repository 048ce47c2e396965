namespace SqsDemo.Shell;

/// <summary>The process exit codes the shell uses, in one place so the README and tests agree.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command wrote an error (terminating or not), or a scenario result reported Passed = $false.</summary>
    public const int Failure = 1;

    /// <summary>The SqsDemo module could not be found or imported.</summary>
    public const int ModuleUnavailable = 2;

    /// <summary>Bad command line; the same value pwsh uses (sysexits EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>Ctrl+C stopped the command: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>SIGTERM (docker stop, an ECS task stopping) stopped the command, as gracefully as Ctrl+C: 128 + SIGTERM.</summary>
    public const int Terminated = 143;
}

using System;
using System.Management.Automation;

namespace SqsDemo.Shell;

/// <summary>
/// Watches a command's output for scenario results that failed and for error records, so `sqsdemo
/// -Command "Invoke-DemoScenario ..."` exits 1 when a scenario fails or an error was written, the
/// way a test runner (or `pwsh -c` with a failing command) would.
/// A result is recognised by shape, not by a compile-time reference to the engine: a type name
/// ending in "ScenarioResult" or "ScenarioCheck" (which also matches objects deserialized from jobs or
/// remoting, "Deserialized.…ScenarioResult") and a boolean Passed property that is $false. A check
/// counts too: a scenario script run directly with -File emits its checks, not a result, and a FAIL
/// row must fail the run there as well; so does a failed row of Test-DemoConsumer's report (ConsumerConformanceCheck),
/// so that the shell's exit code can gate a user's CI on their consumer, and of Test-DemoEnvironment's (EnvironmentCheck), so
/// `sqsdemo -Command Test-DemoEnvironment` is a preflight a Makefile can stop on.
/// Public because the engine instantiates <see cref="OutShellCommand"/>, which takes it as a parameter.
/// </summary>
public sealed class OutputVerdict
{
    private int _failedScenarios;
    private int _errorsWritten;

    public int FailedScenarios => _failedScenarios;

    /// <summary>Non-terminating errors the command wrote (merged into its output, so they pass by here).</summary>
    public int ErrorsWritten => _errorsWritten;

    public void Observe(PSObject item)
    {
        if (item.BaseObject is ErrorRecord)
        {
            System.Threading.Interlocked.Increment(ref _errorsWritten);
        }
        else if (IsFailedScenarioResult(item))
        {
            System.Threading.Interlocked.Increment(ref _failedScenarios);
        }
    }

    internal static bool IsFailedScenarioResult(PSObject item)
    {
        bool isResult = false;
        foreach (string typeName in item.TypeNames)
        {
            if (typeName.EndsWith("ScenarioResult", StringComparison.Ordinal) || typeName.EndsWith("ScenarioCheck", StringComparison.Ordinal)
                || typeName.EndsWith("ConsumerConformanceCheck", StringComparison.Ordinal) || typeName.EndsWith("EnvironmentCheck", StringComparison.Ordinal))
            {
                isResult = true;
                break;
            }
        }

        return isResult && item.Properties["Passed"]?.Value is bool passed && !passed;
    }
}

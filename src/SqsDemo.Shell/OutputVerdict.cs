using System;
using System.Management.Automation;

namespace SqsDemo.Shell;

/// <summary>
/// Watches a command's output for scenario results that failed, so `sqsdemo -Command
/// "Invoke-DemoScenario ..."` exits 1 when a scenario fails, the way a test runner would.
/// A result is recognised by shape, not by a compile-time reference to the engine: a type name
/// ending in "ScenarioResult" (which also matches results deserialized from jobs or remoting,
/// "Deserialized.…ScenarioResult") and a boolean Passed property that is $false.
/// Public because the engine instantiates <see cref="OutShellCommand"/>, which takes it as a parameter.
/// </summary>
public sealed class OutputVerdict
{
    private int _failedScenarios;

    public int FailedScenarios => _failedScenarios;

    public void Observe(PSObject item)
    {
        if (IsFailedScenarioResult(item))
        {
            System.Threading.Interlocked.Increment(ref _failedScenarios);
        }
    }

    internal static bool IsFailedScenarioResult(PSObject item)
    {
        bool isResult = false;
        foreach (string typeName in item.TypeNames)
        {
            if (typeName.EndsWith("ScenarioResult", StringComparison.Ordinal))
            {
                isResult = true;
                break;
            }
        }

        return isResult && item.Properties["Passed"]?.Value is bool passed && !passed;
    }
}

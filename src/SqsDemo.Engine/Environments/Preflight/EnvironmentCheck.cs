namespace SqsDemo.Engine.Environments.Preflight
{
    /// <summary>
    /// One row of Test-DemoEnvironment: one thing a scenario's run needs (a queue, a table, a tool), whether it is there as
    /// the catalog needs it, what was found, and what to do when it is not.
    /// </summary>
    public sealed class EnvironmentCheck
    {
        public EnvironmentCheck(string scenario, string check, bool passed, string detail, string? whatToDo = null, bool stopsRun = true)
        {
            Scenario = scenario;
            Check = check;
            Passed = passed;
            Detail = detail;
            WhatToDo = passed ? "" : whatToDo ?? "";
            StopsRun = stopsRun;
        }

        /// <summary>The scenario the check is for; "(run)" for what every run needs (tools, region, credentials).</summary>
        public string Scenario { get; }
        public string Check { get; }
        public bool Passed { get; }
        /// <summary>What was found (or asked and answered).</summary>
        public string Detail { get; }
        /// <summary>The fix when it failed; empty when it passed.</summary>
        public string WhatToDo { get; }

        /// <summary>
        /// Whether a failed row stops Invoke-DemoScenario before the run. False where the run itself sets what was found
        /// (adopting Terraform's queue sets its visibility timeout, wait time and redrive policy) or copes without it
        /// (an environment the output does not name is created afresh).
        /// </summary>
        public bool StopsRun { get; }

        /// <summary>The scenario of checks that every run needs, whichever scenario it is.</summary>
        public const string EveryRun = "(run)";

        public override string ToString() => $"{(Passed ? "PASS" : "FAIL")} {Scenario} {Check}: {Detail}";
    }
}

namespace SqsDemo.Engine.Scenarios
{
    /// <summary>
    /// One check of one scenario run against your consumer, in a conformance report (Test-DemoConsumer), with the
    /// failure mode the scenario proves and that mode's verdict over every run of the report.
    /// </summary>
    public sealed class ConsumerConformanceCheck
    {
        public FailureMode FailureMode { get; set; }
        public string Scenario { get; set; } = "";
        public int Seed { get; set; }
        /// <summary>The check's name, as the scenario states it.</summary>
        public string Check { get; set; } = "";
        public bool Passed { get; set; }
        public string Expected { get; set; } = "";
        public string Actual { get; set; } = "";
        public string? Detail { get; set; }
        /// <summary>Whether every check of every scenario of this failure mode passed: the mode's verdict.</summary>
        public bool FailureModePassed { get; set; }
        /// <summary>The run's timeline, when the report drew one.</summary>
        public string? TimelinePath { get; set; }

        public override string ToString() => (Passed ? "PASS " : "FAIL ") + Scenario + ": " + Check;
    }
}

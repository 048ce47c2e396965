using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Scenarios
{
    /// <summary>One claim a scenario makes about what happened, with what it expected and what it found.</summary>
    public sealed class ScenarioCheck
    {
        public ScenarioCheck(string name, bool passed, object? expected, object? actual, string? detail = null)
        {
            Name = name;
            Passed = passed;
            Expected = expected;
            Actual = actual;
            Detail = detail;
        }

        public string Name { get; }
        public bool Passed { get; }
        public object? Expected { get; }
        public object? Actual { get; }
        public string? Detail { get; }

        public override string ToString() => (Passed ? "[PASS] " : "[FAIL] ") + Name;
    }

    /// <summary>A scenario run: passed only when it ran to the end and every check held.</summary>
    public sealed class ScenarioResult
    {
        public ScenarioResult(string name, IReadOnlyList<ScenarioCheck> checks, int seed, TimeSpan duration, TimeSpan scenarioDuration,
            string backend, double timeScale, IReadOnlyList<JournalEvent> journal, string? error, IReadOnlyList<object> report, string? consumer = null)
        {
            Name = name;
            Checks = checks;
            Seed = seed;
            Duration = duration;
            ScenarioDuration = scenarioDuration;
            Backend = backend;
            TimeScale = timeScale;
            Journal = journal;
            Error = error;
            Report = report;
            Consumer = consumer;
        }

        public string Name { get; }
        /// <summary>True when the script finished without a terminating error, emitted at least one check, and every check passed.</summary>
        public bool Passed => Error == null && Checks.Count > 0 && Checks.All(c => c.Passed);
        public IReadOnlyList<ScenarioCheck> Checks { get; }
        public int Seed { get; }
        /// <summary>Wall-clock time the run took.</summary>
        public TimeSpan Duration { get; }
        /// <summary>Scenario-clock time the run covered.</summary>
        public TimeSpan ScenarioDuration { get; }
        public string Backend { get; }
        public double TimeScale { get; }
        /// <summary>Every event of the run, for timelines and diagnosis.</summary>
        public IReadOnlyList<JournalEvent> Journal { get; }
        /// <summary>The terminating error that ended the script early, if any.</summary>
        public string? Error { get; }
        /// <summary>Other objects the script emitted (tables, reports), kept beside the checks.</summary>
        public IReadOnlyList<object> Report { get; }
        /// <summary>The command line of the consumer process the run judged (Invoke-DemoScenario -Consumer); null when SqsDemo's own consumer ran.</summary>
        public string? Consumer { get; }
        public int FailedCount => Checks.Count(c => !c.Passed);

        public override string ToString() => Name + (Passed ? ": passed" : ": FAILED");
    }
}

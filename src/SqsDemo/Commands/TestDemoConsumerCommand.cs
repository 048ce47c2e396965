using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Infrastructure;
using SqsDemo.Scenarios;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs every scenario that can judge your consumer against its command line and reports each check, with a verdict per failure mode.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DemoConsumer")]
    [OutputType(typeof(ConsumerConformanceCheck))]
    public sealed class TestDemoConsumerCommand : DemoCmdlet
    {
        /// <summary>Your consumer's command line, as Start-DemoConsumer -Command takes it.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Command { get; set; } = "";

        /// <summary>Only these scenarios (wildcards); every one that can judge your consumer when omitted.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ScenarioNameCompleter))]
        public string[]? Scenario { get; set; }

        /// <summary>Run each scenario once per seed, so a verdict holds over more than one draw.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public int[]? Seed { get; set; }

        /// <summary>The scenario clock's speed for every run; each run's own default when omitted.</summary>
        [Parameter]
        [ValidateRange(0.001, 10000.0)]
        public double? TimeScale { get; set; }

        /// <summary>A folder to draw each run's timeline in (scenario-seed.html).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimelinePath { get; set; }

        protected override void EndProcessing()
        {
            var scenarios = Chosen();
            if (scenarios.Count == 0) return;
            var folder = TimelineFolder();
            var seeds = Seed?.Cast<int?>().ToArray() ?? new int?[] { null };
            var checks = new List<ConsumerConformanceCheck>();
            var runs = scenarios.Count * seeds.Length;
            var done = 0;
            foreach (var scenario in scenarios)
                foreach (var seed in seeds)
                {
                    WriteProgress(new ProgressRecord(1, "Test-DemoConsumer " + Command, scenario.Name + (seed == null ? "" : " (seed " + seed + ")"))
                    {
                        PercentComplete = done++ * 100 / runs,
                    });
                    checks.AddRange(RunOne(scenario, seed, folder));
                }
            WriteProgress(new ProgressRecord(1, "Test-DemoConsumer " + Command, "done") { RecordType = ProgressRecordType.Completed });
            Judge(checks);
            // Grouped by failure mode (a stable sort keeps the runs' order within each), as the view groups them.
            foreach (var check in checks.OrderBy(c => c.FailureMode)) WriteObject(check);
        }

        /// <summary>The scenarios asked for that can judge a consumer process; one that cannot, or no such scenario, is an error.</summary>
        private IReadOnlyList<ScenarioInfo> Chosen()
        {
            var catalog = ScenarioCatalogOrStop();
            if (Scenario == null) return catalog.Where(s => s.JudgesYourConsumer).ToArray();
            var chosen = new List<ScenarioInfo>();
            foreach (var name in Scenario)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = catalog.Where(s => pattern.IsMatch(s.Name)).ToArray();
                if (matches.Length == 0)
                    WriteError(ErrorRecords.Create(ErrorIds.ScenarioNotFound, ErrorCategory.ObjectNotFound, name, "No scenario matches '" + name + "'.", "Get-DemoScenario lists the catalog."));
                foreach (var cannot in matches.Where(s => !s.JudgesYourConsumer))
                    WriteError(ErrorRecords.Create(ErrorIds.ScenarioCannotJudgeConsumer, ErrorCategory.InvalidArgument, cannot.Name,
                        "Scenario '" + cannot.Name + "' cannot judge a consumer process: it needs SqsDemo's own consumer.",
                        "Get-DemoScenario | Where-Object JudgesYourConsumer lists those that can."));
                chosen.AddRange(matches.Where(s => s.JudgesYourConsumer && !chosen.Contains(s)));
            }
            return chosen;
        }

        private string? TimelineFolder()
        {
            if (TimelinePath == null) return null;
            var folder = GetUnresolvedProviderPathFromPSPath(TimelinePath);
            Directory.CreateDirectory(folder);
            return folder;
        }

        /// <summary>One run through Invoke-DemoScenario -Consumer, as a user would type it, read back as rows.</summary>
        private IEnumerable<ConsumerConformanceCheck> RunOne(ScenarioInfo scenario, int? seed, string? folder)
        {
            var parameters = new Hashtable { ["Name"] = scenario.Name, ["Consumer"] = Command };
            if (seed != null) parameters["Seed"] = seed.Value;
            if (TimeScale != null) parameters["TimeScale"] = TimeScale.Value;
            string? timeline = null;
            if (folder != null)
            {
                timeline = Path.Combine(folder, scenario.Name + (seed == null ? "" : "-" + seed.Value.ToString(CultureInfo.InvariantCulture)) + ".html");
                parameters["TimelinePath"] = timeline;
            }
            var invoker = ScriptBlock.Create("param($p) Invoke-DemoScenario @p -ErrorAction SilentlyContinue -ErrorVariable failed; $failed");
            var output = InvokeCommand.InvokeScript(false, invoker, null, parameters);
            var result = output.Select(o => o?.BaseObject).OfType<ScenarioResult>().LastOrDefault();
            var mode = scenario.Proves;
            if (result == null)
            {
                var error = output.Select(o => o?.BaseObject).OfType<ErrorRecord>().FirstOrDefault();
                yield return Row(mode, scenario.Name, seed ?? 0, "the scenario ran", false, "a result", error?.ToString() ?? "no result", null, timeline);
                yield break;
            }
            if (result.Error != null)
                yield return Row(mode, scenario.Name, result.Seed, "the scenario ran to its end", false, "no error", result.Error, null, timeline);
            foreach (var check in result.Checks)
                yield return Row(mode, scenario.Name, result.Seed, check.Name, check.Passed, Text(check.Expected), Text(check.Actual), check.Detail, timeline);
        }

        private static ConsumerConformanceCheck Row(FailureMode mode, string scenario, int seed, string check, bool passed, string expected, string actual, string? detail, string? timeline) =>
            new ConsumerConformanceCheck
            {
                FailureMode = mode, Scenario = scenario, Seed = seed, Check = check, Passed = passed,
                Expected = expected, Actual = actual, Detail = detail, TimelinePath = timeline,
            };

        /// <summary>Each failure mode's verdict: passed when every check of every run that proves it passed.</summary>
        private void Judge(List<ConsumerConformanceCheck> checks)
        {
            foreach (var mode in checks.GroupBy(c => c.FailureMode))
            {
                var passed = mode.All(c => c.Passed);
                foreach (var check in mode) check.FailureModePassed = passed;
                WriteVerbose(mode.Key + ": " + (passed ? "PASS" : "FAIL (" + string.Join("; ", mode.Where(c => !c.Passed).Select(c => c.Scenario + ": " + c.Check)) + ")"));
            }
        }

        /// <summary>A check's value as one line: a list joined, anything else as it prints.</summary>
        private static string Text(object? value)
        {
            var unwrapped = value is PSObject ps ? ps.BaseObject : value;
            if (unwrapped == null) return "";
            if (unwrapped is string text) return text;
            if (unwrapped is IEnumerable items) return string.Join(", ", items.Cast<object?>().Select(Text));
            return Convert.ToString(unwrapped, CultureInfo.InvariantCulture) ?? "";
        }
    }
}

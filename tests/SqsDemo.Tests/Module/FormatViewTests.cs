using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Every type the cmdlets output has a view in SqsDemo.Format.ps1xml, and each view reads well on
    /// a console 120 columns wide: rendered through Out-Host and the formatting engine, as at the
    /// prompt, a table keeps every one of its columns (the engine drops those that do not fit) and no
    /// line runs past the width. The objects rendered are real ones, made by the cmdlets, with long
    /// names where names can be long.
    /// </summary>
    public sealed class FormatViewTests : IClassFixture<FormatViewTests.Rendered>
    {
        private const int ConsoleWidth = 120;

        private readonly Rendered _rendered;

        public FormatViewTests(Rendered rendered) => _rendered = rendered;

        /// <summary>A session at 120 columns holding one real object (or a few) of every type with a view.</summary>
        public sealed class Rendered : IDisposable
        {
            public Rendered()
            {
                Session = ModuleSession.Rendering(ConsoleWidth);
                Session.Run(Setup).NoErrors();
            }

            public ModuleSession Session { get; }

            public void Dispose() => Session.Dispose();

            // 56 characters: the longest environment name there is (the -dlq suffix takes the rest of SQS's 80).
            private const string Setup = @"
$null = Connect-DemoBackend -TimeScale 100 -Seed 11
$global:orders = New-DemoEnvironment -Name 'orders-with-the-longest-name-an-environment-can-have-x56' -Ledger
$bodies = 1..3 | ForEach-Object { '{""id"":""order-' + $_ + '"",""entity_id"":""customer-with-a-long-identifier-' + $_ + '"",""version"":' + $_ + '}' }
$global:sharer = New-DemoEnvironment -Name sharer -DeadLetterQueueUrl $orders.DeadLetterQueueUrl
$global:sent = @($bodies | Send-DemoMessage -QueueUrl $orders.QueueUrl) + @($orders | Send-DemoMessage -Count 2 -PoisonCount 1)
$global:records = @($orders | Start-DemoConsumer -ConsumerId consumer-with-a-long-id -IdleTimeoutSeconds 25 -Versioning -StoreResults -Handler {
    param($Message)
    if ($Message.Body -like '*POISON*') { throw 'poison' }
    @{ order = $Message.Data.id; receipt = 'a receipt long enough to be cut at the edge of the table' }
} -ErrorAction SilentlyContinue)
$global:redrive = $orders | Start-DemoRedrive -Wait
$global:inspected = @($orders | Receive-DemoMessage -MaxMessages 10)
$global:consumerJob = $orders | Start-DemoConsumer -AsJob -IdleTimeoutSeconds 5
$null = $consumerJob | Wait-Job
$global:producerJob = $orders | Start-DemoProducer -Rate 1 -AsJob
$null = $producerJob | Stop-Job
$busy = New-DemoEnvironment -Name autoscaled
$null = $busy | Send-DemoMessage -Count 30
$global:autoscaler = $busy | Invoke-DemoAutoscaler -IntervalSeconds 2 -ScaleOutDepth 5 -MaxConsumers 3 -ScaleOut {
    param($queueUrl, $backend) Start-DemoConsumer -QueueUrl $queueUrl -Backend $backend -AsJob -IdleTimeoutSeconds 5
}
$global:dependency = New-DemoDependency -Name payment-gateway-of-the-shop -OutageAfterSeconds 10 -OutageSeconds 30 -DeclineKey order-13, order-14
$global:scenario = Invoke-DemoScenario -Name poison -Seed 3
$checks = [SqsDemo.Engine.Scenarios.ScenarioCheck[]]@(
    New-DemoCheck 'a check named at such length that no column could hold all of it at once' -Expected (1..40) -Actual (1..39) -Detail ('why it failed, told at length: ' * 8)
    New-DemoCheck 'short' -Expected 'x' -Actual 'x'
)
$report = [object[]]@([pscustomobject]@{ QueueUrl = $orders.QueueUrl; Sent = 1000; Applied = 990; StaleSkipped = 10; DeadLettered = 0; Crashes = 12; DrainedAt = [TimeSpan]::FromSeconds(321); Ids = @(1, 2, 3) })
$global:failedScenario = [SqsDemo.Engine.Scenarios.ScenarioResult]::new('made-up', $checks, 42, [TimeSpan]::FromSeconds(2), [TimeSpan]::FromSeconds(40),
    'Embedded (time x20, seed 42)', 20, [SqsDemo.Engine.Journal.JournalEvent[]]@(), ('a terminating error with a long message: ' * 6), $report)
";
        }

        /// <summary>How to get objects of each type with a view, in the fixture's session.</summary>
        private static readonly Dictionary<string, string> Samples = new Dictionary<string, string>
        {
            ["SqsDemo.Engine.Backends.DemoBackend"] = "Get-DemoBackend",
            ["SqsDemo.Engine.Environments.DemoEnvironment"] = "$orders, $sharer",
            ["SqsDemo.Engine.Work.SentMessage"] = "$sent",
            ["SqsDemo.Engine.Work.ConsumerRecord"] = "$records",
            ["SqsDemo.Engine.Work.ConsumerSummary"] = "$consumerJob.Summary",
            ["SqsDemo.Jobs.DemoJobBase"] = "$consumerJob, $producerJob",
            ["SqsDemo.Engine.Environments.QueueStatistics"] = "$orders | Get-DemoQueue",
            ["SqsDemo.Engine.Environments.InspectedMessage"] = "$inspected",
            ["SqsDemo.Engine.Environments.MessageAccounting"] = "$orders | Get-DemoAccounting",
            ["SqsDemo.Engine.Journal.JournalEvent"] = "Get-DemoJournal -Last 30",
            ["SqsDemo.Engine.Scenarios.ScenarioCheck"] = "$failedScenario.Checks",
            ["SqsDemo.Scenarios.ScenarioInfo"] = "Get-DemoScenario",
            ["SqsDemo.Engine.Ledger.StatusRecord"] = "$orders | Get-DemoMessageStatus",
            ["SqsDemo.Engine.Ledger.SideEffectRecord"] = "$orders | Get-DemoSideEffect",
            ["SqsDemo.Engine.Ledger.EffectLogEntry"] = "$orders | Get-DemoEffectLog",
            ["SqsDemo.Engine.Ledger.EntityVersion"] = "$orders | Get-DemoEntityVersion",
            ["SqsDemo.Engine.Ledger.ResultRecord"] = "$orders | Get-DemoResult",
            ["SqsDemo.Engine.Work.SimulatedDependency"] = "$dependency",
            ["SqsDemo.Engine.Work.RedriveTask"] = "$redrive",
            ["SqsDemo.Engine.Work.AutoscalerReport"] = "$autoscaler",
            ["SqsDemo.Engine.Work.AutoscalerTick"] = "$autoscaler.Ticks",
            ["SqsDemo.Engine.Scenarios.ScenarioResult"] = "$scenario; $failedScenario",
        };

        [Fact]
        public void Every_declared_output_type_of_every_exported_cmdlet_has_a_view()
        {
            var views = Views();
            var missing = new List<string>();
            foreach (var (command, type) in DeclaredOutputTypes())
            {
                // .NET's own types (a string, a TimeSpan) render as PowerShell renders them everywhere.
                if (type.Namespace != null && type.Namespace.StartsWith("System", StringComparison.Ordinal)) continue;
                if (!SelfAndBases(type).Any(t => views.ContainsKey(t.FullName!)))
                    missing.Add($"{command} -> {type.FullName}");
            }
            Assert.True(missing.Count == 0, "No view in SqsDemo.Format.ps1xml for: " + string.Join("; ", missing));
        }

        [Fact]
        public void Every_view_renders_its_objects_within_120_columns_keeping_every_column()
        {
            var problems = new List<string>();
            foreach (var (type, view) in Views())
            {
                if (!Samples.TryGetValue(type, out var sample))
                {
                    problems.Add(type + ": no sample object in this test; add one to Samples");
                    continue;
                }
                var text = _rendered.Session.Render(sample);
                var lines = Lines(text);
                if (lines.Count == 0) problems.Add(type + ": rendered nothing from `" + sample + "`");
                foreach (var line in lines.Where(l => l.Length > ConsoleWidth))
                    problems.Add($"{type}: a line of {line.Length} columns: {line}");
                if (view.Labels.Count > 0)
                {
                    // A table's header names every column, in order: the engine drops columns that do not fit.
                    var header = lines.FirstOrDefault(l => l.TrimStart().StartsWith(view.Labels[0] + " ", StringComparison.Ordinal) || l.Trim() == view.Labels[0]);
                    var found = header == null ? Array.Empty<string>() : Regex.Split(header.Trim(), @"\s+");
                    if (!found.SequenceEqual(view.Labels))
                        problems.Add($"{type}: header [{string.Join(" ", found)}], view's columns [{string.Join(" ", view.Labels)}]\n{text}");
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void A_scenario_result_shows_each_check_as_a_row_marked_PASS_or_FAIL_in_words()
        {
            var checks = _rendered.Session.Run("$scenario.Checks").NoErrors().Output.Select(o => (Name: (string)o.Properties["Name"].Value, Passed: (bool)o.Properties["Passed"].Value)).ToArray();
            var lines = Lines(_rendered.Session.Render("$scenario"));
            Assert.StartsWith("Scenario poison: PASSED", lines[0]);
            Assert.Contains(lines, l => Regex.IsMatch(l, @"^  Result\s+Check\s+Expected\s+Actual$"));
            foreach (var check in checks)
            {
                var start = "  " + (check.Passed ? "[PASS]" : "[FAIL]") + " " + check.Name.Substring(0, Math.Min(check.Name.Length, 50));
                Assert.True(lines.Count(l => l.StartsWith(start, StringComparison.Ordinal)) == 1, "no row for check '" + check.Name + "':\n" + string.Join("\n", lines));
            }
            Assert.Equal(checks.Length, lines.Count(l => l.StartsWith("  [PASS] ", StringComparison.Ordinal) || l.StartsWith("  [FAIL] ", StringComparison.Ordinal)));
        }

        [Fact]
        public void A_failed_check_shows_FAIL_its_detail_and_the_error_all_within_120_columns()
        {
            var text = _rendered.Session.Render("$failedScenario");
            var lines = Lines(text);
            Assert.StartsWith("Scenario made-up: FAILED (1/2 checks passed), seed 42", lines[0]);
            var failed = lines.FindIndex(l => l.StartsWith("  [FAIL] a check named at such length", StringComparison.Ordinal));
            Assert.True(failed > 0, text);
            Assert.EndsWith("...", lines[failed].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
            Assert.StartsWith("         why it failed, told at length:", lines[failed + 1]);
            Assert.Contains(lines, l => l.StartsWith("  [PASS] short ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("  [ERROR] a terminating error", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Trim().StartsWith("QueueUrl=http", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Ids=(3)"));
            // The engine wraps a custom view's line at 119 columns, words cut in two: the view keeps every line shorter.
            Assert.All(lines, l => Assert.True(l.Length < ConsoleWidth - 1, "too long (the engine wrapped it): " + l));
        }

        private static List<string> Lines(string text) =>
            text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();

        private IEnumerable<(string Command, Type Type)> DeclaredOutputTypes()
        {
            var declared = _rendered.Session.Run("Get-Command -Module SqsDemo | ForEach-Object { $c = $_.Name; $_.OutputType | ForEach-Object { [pscustomobject]@{ Command = $c; Type = $_.Type } } }")
                .NoErrors().Output;
            Assert.NotEmpty(declared);
            return declared.Select(o => ((string)o.Properties["Command"].Value, (Type)o.Properties["Type"].Value));
        }

        private static IEnumerable<Type> SelfAndBases(Type type)
        {
            for (var t = type; t != null; t = t.BaseType) yield return t;
        }

        private sealed record View(IReadOnlyList<string> Labels);

        /// <summary>The views the laid-out module loads, by the type each selects; a table's column labels.</summary>
        private static Dictionary<string, View> Views()
        {
            var file = Path.Combine(Path.GetDirectoryName(RepoPaths.LaidOutManifest)!, "SqsDemo.Format.ps1xml");
            var views = new Dictionary<string, View>(StringComparer.Ordinal);
            foreach (var view in XDocument.Load(file).Descendants("View"))
            {
                var labels = view.Descendants("TableColumnHeader").Select(h => (string)h.Element("Label")!).ToList();
                foreach (var type in view.Element("ViewSelectedBy")!.Elements("TypeName"))
                    views.Add(type.Value.Trim(), new View(labels));
            }
            return views;
        }
    }
}

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
    /// a console 80 columns wide (the default console's) and on one 120 wide: rendered through
    /// Out-Host and the formatting engine, as at the prompt, a table keeps every one of its columns
    /// (the engine drops those that do not fit) under headers written in full, one line per object,
    /// and no line runs past the width. The objects rendered are real ones, made by the cmdlets, with
    /// long names where names can be long.
    /// </summary>
    public sealed class FormatViewTests : IClassFixture<FormatViewTests.Rendered>
    {
        private const int DefaultConsole = 80;
        private const int WideConsole = 120;

        private readonly Rendered _rendered;

        public FormatViewTests(Rendered rendered) => _rendered = rendered;

        /// <summary>A session at 120 columns holding one real object (or a few) of every type with a view.</summary>
        public sealed class Rendered : IDisposable
        {
            public Rendered()
            {
                Session = ModuleSession.Rendering(WideConsole);
                Session.Run(Setup).NoErrors();
            }

            public ModuleSession Session { get; }

            public void Dispose() => Session.Dispose();

            /// <summary>What the script's output looks like on a console <paramref name="width"/> columns wide.</summary>
            public string Render(string script, int width)
            {
                Session.Host!.Width = width;
                return Session.Render(script);
            }

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
$global:metrics = @($orders | Get-DemoMetric NumberOfMessagesSent, ApproximateNumberOfMessagesVisible)
$global:alarm = $orders | New-DemoAlarm -Name orders-depth-is-high -MetricName ApproximateNumberOfMessagesVisible -Threshold 100 -EvaluationPeriods 3 -DatapointsToAlarm 2
$global:alarmChange = [SqsDemo.Engine.Alarms.AlarmHistoryItem]::new('orders-depth-is-high', [DateTimeOffset]::UtcNow, 180, 'INSUFFICIENT_DATA', 'ALARM',
    'Threshold Crossed: 2 out of the last 3 datapoints [140.0 (04/12/26 11:02:00), 120.0 (04/12/26 11:01:00)] were greater than the threshold (100.0) (minimum 2 datapoints for OK -> ALARM transition).', $orders.QueueUrl)
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
            ["SqsDemo.Engine.Backends.DemoRun"] = "Get-DemoBackend",
            ["SqsDemo.Engine.Environments.DemoEnvironment"] = "$orders, $sharer",
            ["SqsDemo.Engine.Work.SentMessage"] = "$sent",
            ["SqsDemo.Engine.Work.ConsumerRecord"] = "$records",
            ["SqsDemo.Engine.Work.ConsumerSummary"] = "$consumerJob.Summary",
            ["SqsDemo.Jobs.DemoJobBase"] = "$consumerJob, $producerJob",
            ["SqsDemo.Engine.Environments.QueueStatistics"] = "$orders | Get-DemoQueue",
            ["SqsDemo.Engine.Environments.InspectedMessage"] = "$inspected",
            ["SqsDemo.Engine.Environments.MessageAccounting"] = "$orders | Get-DemoAccounting",
            ["SqsDemo.Engine.Journal.JournalEvent"] = "Get-DemoJournal -Last 30",
            ["SqsDemo.Engine.Journal.MessageHistory"] = "$sent | Get-DemoMessageHistory",
            ["SqsDemo.Engine.Scenarios.ScenarioCheck"] = "$failedScenario.Checks",
            ["SqsDemo.Scenarios.ScenarioInfo"] = "Get-DemoScenario",
            ["SqsDemo.Engine.Ledger.StatusRecord"] = "$orders | Get-DemoMessageStatus",
            ["SqsDemo.Engine.Ledger.SideEffectRecord"] = "$orders | Get-DemoSideEffect",
            ["SqsDemo.Engine.Environments.SideEffectWrite"] = "$orders | Get-DemoSideEffect -Writes",
            ["SqsDemo.Engine.Ledger.EffectLogEntry"] = "$orders | Get-DemoEffectLog",
            ["SqsDemo.Engine.Ledger.EntityVersion"] = "$orders | Get-DemoEntityVersion",
            ["SqsDemo.Engine.Ledger.ResultRecord"] = "$orders | Get-DemoResult",
            ["SqsDemo.Engine.Work.SimulatedDependency"] = "$dependency",
            ["SqsDemo.Engine.Metrics.MetricDatapoint"] = "$metrics",
            ["SqsDemo.Engine.Alarms.DemoAlarm"] = "$alarm",
            ["SqsDemo.Engine.Cost.CostRow"] = "Get-DemoCost -By OperationAndActor",
            ["SqsDemo.Engine.Alarms.AlarmHistoryItem"] = "$alarmChange",
            ["SqsDemo.Engine.Work.RedriveTask"] = "$redrive",
            ["SqsDemo.Engine.Work.AutoscalerReport"] = "$autoscaler",
            ["SqsDemo.Engine.Work.AutoscalerTick"] = "$autoscaler.Ticks",
            ["SqsDemo.Engine.Scenarios.ScenarioResult"] = "$scenario; $failedScenario",
            ["SqsDemo.Engine.Scenarios.ConsumerConformanceCheck"] = "[SqsDemo.Engine.Scenarios.ConsumerConformanceCheck]@{ FailureMode = 'SideEffectIdempotency'; Scenario = 'dup-graceful-shutdown'; Seed = 2147483647; Check = 'no side effect written twice, whoever wrote it'; Passed = $false; Expected = '0'; Actual = '1'; FailureModePassed = $false }",
            ["SqsDemo.Engine.Environments.Preflight.EnvironmentCheck"] = "[SqsDemo.Engine.Environments.Preflight.EnvironmentCheck]::new('order-pipeline-payments', 'ContentBasedDeduplication', $true, 'needs true, is true', '', $false); "
                + "[SqsDemo.Engine.Environments.Preflight.EnvironmentCheck]::new('happy', 'Queue', $false, 'https://sqs.eu-west-1.amazonaws.com/123456789012/sqsdemo-happy does not exist.', 'Run terraform apply in terraform/, then write the output again.', $true)",
            ["SqsDemo.Engine.Endpoint.DemoEndpoint"] = "Start-DemoEndpoint -Port 0 | Stop-DemoEndpoint -PassThru",
            ["SqsDemo.Engine.Endpoint.Faults.EndpointFault"] = "$e = Start-DemoEndpoint -Port 0; Add-DemoEndpointFault -Endpoint $e -Name lost-delete-of-a-consumer -Operation DeleteMessage -Caller 'consumer-with-a-long-id' -LoseResponse -LatencySeconds 60 -Count 1; "
                + "Add-DemoEndpointFault -Endpoint $e -Operation SendMessageBatch, ReceiveMessage -Error ServiceUnavailable -LatencySeconds 2.5 -Rate 0.25; $null = $e | Stop-DemoEndpoint",
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

        [Theory]
        [InlineData(DefaultConsole)]
        [InlineData(WideConsole)]
        public void Every_view_renders_its_objects_within_the_console_one_line_each_keeping_every_column(int width)
        {
            var problems = new List<string>();
            foreach (var (type, view) in Views())
            {
                if (!Samples.TryGetValue(type, out var sample))
                {
                    problems.Add(type + ": no sample object in this test; add one to Samples");
                    continue;
                }
                var text = _rendered.Render(sample, width);
                var lines = Lines(text);
                if (lines.Count == 0) problems.Add(type + ": rendered nothing from `" + sample + "`");
                // The engine breaks a custom view's line at width - 1, words cut in two; a table's it cuts at the width.
                var longest = view.Labels.Count > 0 ? width : width - 2;
                foreach (var line in lines.Where(l => l.Length > longest))
                    problems.Add($"{type} at {width}: a line of {line.Length} columns: {line}");
                if (view.Labels.Count > 0)
                {
                    // A table's header names every column, in full and in order: the engine drops columns that do not fit and cuts labels wider than their column.
                    var header = lines.FirstOrDefault(l => l.TrimStart().StartsWith(view.Labels[0] + " ", StringComparison.Ordinal) || l.Trim() == view.Labels[0]);
                    var found = header == null ? Array.Empty<string>() : Regex.Split(header.Trim(), @"\s+");
                    if (!found.SequenceEqual(view.Labels))
                        problems.Add($"{type} at {width}: header [{string.Join(" ", found)}], view's columns [{string.Join(" ", view.Labels)}]\n{text}");
                    // One line per object: a header, its underline, then the rows (a view that wraps on purpose says so);
                    // a grouped table repeats the header under each group's own line.
                    var objects = _rendered.Session.Run("@(" + sample + ").Count").NoErrors().Single<int>();
                    var groups = view.GroupLabel == null ? 1 : lines.Count(l => l.TrimStart().StartsWith(view.GroupLabel + ": ", StringComparison.Ordinal));
                    var framing = view.GroupLabel == null ? 2 : 3 * groups;
                    if (view.GroupLabel != null && groups == 0)
                        problems.Add($"{type} at {width}: no line of its group label '{view.GroupLabel}'\n{text}");
                    if (!view.Wraps && lines.Count != framing + objects)
                        problems.Add($"{type} at {width}: {lines.Count - framing} lines for {objects} objects\n{text}");
                }
                if (view.ListLabels.Count > 0)
                {
                    // A list: each object shows every item, each on one line of its own.
                    var objects = _rendered.Session.Run("@(" + sample + ").Count").NoErrors().Single<int>();
                    var shown = lines.Select(l => Regex.Match(l, @"^(\S+)\s+: ").Groups[1].Value).ToList();
                    if (!shown.SequenceEqual(Enumerable.Repeat(view.ListLabels, objects).SelectMany(l => l)))
                        problems.Add($"{type} at {width}: items [{string.Join(" ", shown)}], view's [{string.Join(" ", view.ListLabels)}] for {objects} objects\n{text}");
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Theory]
        [InlineData(DefaultConsole)]
        [InlineData(WideConsole)]
        public void A_scenario_result_shows_each_check_as_one_row_marked_PASS_or_FAIL_in_words(int width)
        {
            var checks = _rendered.Session.Run("$scenario.Checks").NoErrors().Output.Select(o => (Name: (string)o.Properties["Name"].Value, Passed: (bool)o.Properties["Passed"].Value)).ToArray();
            var lines = Lines(_rendered.Render("$scenario", width));
            Assert.StartsWith("Scenario poison: PASSED", lines[0]);
            Assert.Contains(lines, l => Regex.IsMatch(l, @"^  Result\s+Check\s+Expected\s+Actual$"));
            Assert.All(lines, l => Assert.True(l.Length < width - 1, "too long (the engine wrapped it): " + l));
            foreach (var check in checks)
            {
                var start = "  " + (check.Passed ? "[PASS]" : "[FAIL]") + " " + check.Name.Substring(0, Math.Min(check.Name.Length, 30));
                Assert.True(lines.Count(l => l.StartsWith(start, StringComparison.Ordinal)) == 1, "no row for check '" + check.Name + "':\n" + string.Join("\n", lines));
            }
            Assert.Equal(checks.Length, lines.Count(l => l.StartsWith("  [PASS] ", StringComparison.Ordinal) || l.StartsWith("  [FAIL] ", StringComparison.Ordinal)));
            // A passed run writes only its rows: nothing under a row, which would be a row broken in two.
            var header = lines.FindIndex(l => Regex.IsMatch(l, @"^  Result\s+Check"));
            Assert.Equal(checks.Length, lines.Skip(header + 2).TakeWhile(l => l.StartsWith("  [", StringComparison.Ordinal)).Count());
        }

        [Theory]
        [InlineData(DefaultConsole)]
        [InlineData(WideConsole)]
        public void Scenario_synopses_wrap_between_words_within_the_console(int width)
        {
            var text = _rendered.Render("Get-DemoScenario", width);
            var shown = new HashSet<string>(Regex.Split(text, @"\s+"), StringComparer.Ordinal);
            var synopses = _rendered.Session.Run("Get-DemoScenario | ForEach-Object Synopsis").NoErrors().Output.Select(o => o.ToString()).ToArray();
            Assert.NotEmpty(synopses);
            foreach (var word in synopses.SelectMany(s => Regex.Split(s, @"\s+")).Where(w => w.Length > 0))
                Assert.True(shown.Contains(word), $"'{word}' is cut in two at {width} columns:\n{text}");
            Assert.All(Lines(text), l => Assert.True(l.Length <= width, "too long: " + l));
        }

        [Theory]
        [InlineData(DefaultConsole)]
        [InlineData(WideConsole)]
        public void A_set_check_that_passed_shows_the_same_members_expected_and_found(int width)
        {
            var lines = Lines(_rendered.Render("$scenario", width));
            var header = lines.Single(l => Regex.IsMatch(l, @"^  Result\s+Check"));
            var row = lines.Single(l => l.StartsWith("  [PASS] DLQ holds exactly the poison", StringComparison.Ordinal));
            int expected = header.IndexOf(" Expected", StringComparison.Ordinal) + 1, actual = header.IndexOf(" Actual", StringComparison.Ordinal) + 1;
            Assert.Equal(row.Substring(expected, actual - expected).Trim(), row.Substring(actual).Trim());
            Assert.NotEmpty(row.Substring(actual).Trim());
        }

        [Theory]
        [InlineData(DefaultConsole)]
        [InlineData(WideConsole)]
        public void A_failed_check_shows_FAIL_its_detail_and_the_error_all_within_the_console(int width)
        {
            var text = _rendered.Render("$failedScenario", width);
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
            // The engine wraps a custom view's line at width - 1 columns, words cut in two: the view keeps every line shorter.
            Assert.All(lines, l => Assert.True(l.Length < width - 1, "too long (the engine wrapped it): " + l));
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

        /// <param name="GroupLabel">A grouped table's group label: each group shows its own line, then its own header.</param>
        private sealed record View(IReadOnlyList<string> Labels, bool Wraps, IReadOnlyList<string> ListLabels, string? GroupLabel = null);

        /// <summary>The views the laid-out module loads, by the type each selects; a table's column labels, a list's item labels.</summary>
        private static Dictionary<string, View> Views()
        {
            var file = Path.Combine(Path.GetDirectoryName(RepoPaths.LaidOutManifest)!, "SqsDemo.Format.ps1xml");
            var views = new Dictionary<string, View>(StringComparer.Ordinal);
            foreach (var view in XDocument.Load(file).Descendants("View"))
            {
                var labels = view.Descendants("TableColumnHeader").Select(h => (string)h.Element("Label")!).ToList();
                foreach (var type in view.Element("ViewSelectedBy")!.Elements("TypeName"))
                    views.Add(type.Value.Trim(), new View(labels, view.Descendants("Wrap").Any(),
                        view.Descendants("ListItem").Select(i => (string)i.Element("Label")!).ToList(), (string?)view.Element("GroupBy")?.Element("Label")));
            }
            return views;
        }
    }
}

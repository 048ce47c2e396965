using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.House
{
    /// <summary>
    /// A journal event's Detail is for people: no code, scenario or test reads it (they read the
    /// typed facts). A scan of src, scenarios and tests for every way C# or PowerShell reads a
    /// property named Detail; the only files allowed are the ones that build a Detail or show one.
    /// </summary>
    public sealed class JournalDetailReadersTests
    {
        private static readonly Regex DetailRead = new Regex(
            @"\.Detail\b|\[""Detail""\]|(ForEach-Object|Select-Object|Sort-Object|Group-Object|Where-Object)\s+(-Property\s+)?Detail\b|Select-Object\s[^|]*\bDetail\b",
            RegexOptions.CultureInvariant);

        /// <summary>Where reading a Detail is the point, and why.</summary>
        private static readonly Dictionary<string, string> Allowed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["src/SqsDemo.Engine/Timeline/TimelineHtml.cs"] = "the timeline's tooltips show Detail (and a check's Detail) to people",
            ["src/SqsDemo.Engine/Backends/DemoRun.cs"] = "a broker notification's sentence becomes the journal event's Detail",
            ["tests/SqsDemo.Tests/Module/StandardCheckTests.cs"] = "a ScenarioCheck's Detail (New-DemoCheck -Detail), not the journal's",
            ["tests/SqsDemo.Tests/Moto/ScenarioMotoTests.cs"] = "a ScenarioCheck's Detail, not the journal's",
            ["tests/SqsDemo.Tests/Scenarios/ConsumerScenarioTests.cs"] = "a ScenarioCheck's Detail (the story of a side effect written twice), not the journal's",
            ["src/SqsDemo/Commands/TestDemoConsumerCommand.cs"] = "copies each ScenarioCheck's Detail into the conformance report's row, not the journal's",
            ["tests/SqsDemo.Tests/Module/TestDemoConsumerTests.cs"] = "a conformance row's Detail (a ScenarioCheck's), not the journal's",
            ["src/SqsDemo/Commands/InvokeDemoScenarioCommand.cs"] = "EnvironmentNotReady's message names each failed environment check's Detail (Test-DemoEnvironment's rows), not the journal's",
            ["tests/SqsDemo.Tests/Environments/EnvironmentInspectionTests.cs"] = "an environment check's Detail (what Test-DemoEnvironment found), not the journal's",
            ["tests/SqsDemo.Tests/Moto/PreflightMotoTests.cs"] = "an environment check's Detail (what Test-DemoEnvironment found), not the journal's",
            ["tests/SqsDemo.Tests/House/JournalDetailReadersTests.cs"] = "this scan",
        };

        [Fact]
        public void No_source_scenario_or_test_reads_a_journal_events_Detail()
        {
            var readers = Readers(RepoPaths.Root).ToArray();
            Assert.True(readers.Length == 0,
                "Detail is for people; read the event's typed facts (JournalFacts) instead. Found:\n" + string.Join("\n", readers));
        }

        [Fact]
        public void The_timeline_builder_parses_no_text()
        {
            foreach (var file in new[] { "TimelineBuilder.cs", "LaneFill.cs" })
                Assert.DoesNotContain("Regex", File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "SqsDemo.Engine", "Timeline", file)));
        }

        [Fact]
        public void The_scan_finds_the_ways_a_Detail_is_read()
        {
            Assert.Matches(DetailRead, "Assert.Contains(\"x\", e.Detail);");
            Assert.Matches(DetailRead, "$_.Detail -match 'x'");
            Assert.Matches(DetailRead, "$events | ForEach-Object Detail");
            Assert.Matches(DetailRead, "e.Properties[\"Detail\"].Value");
            Assert.Matches(DetailRead, "$events | Select-Object Kind, Detail");
            Assert.DoesNotMatch(DetailRead, "New-DemoCheck 'x' -Expected 0 -Actual 0 -Detail 'why'");
            Assert.DoesNotMatch(DetailRead, "Detail = detail,");
        }

        [Fact]
        public void Every_allowed_file_still_exists_and_reads_a_Detail()
        {
            foreach (var file in Allowed.Keys)
            {
                var path = Path.Combine(RepoPaths.Root, file);
                Assert.True(File.Exists(path), file + " is allowed to read Detail but is gone: drop it from the list");
                Assert.True(DetailRead.IsMatch(File.ReadAllText(path)), file + " no longer reads Detail: drop it from the list");
            }
        }

        private static bool IsComment(string line)
        {
            var text = line.TrimStart();
            return text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("#", StringComparison.Ordinal);
        }

        private static IEnumerable<string> Readers(string root)
        {
            foreach (var folder in new[] { "src", "scenarios", "tests" })
                foreach (var path in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
                {
                    if (!path.EndsWith(".cs", StringComparison.Ordinal) && !path.EndsWith(".ps1", StringComparison.Ordinal)) continue;
                    var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                    if (relative.Contains("/bin/") || relative.Contains("/obj/") || Allowed.ContainsKey(relative)) continue;
                    var lines = File.ReadAllLines(path);
                    for (var i = 0; i < lines.Length; i++)
                        if (!IsComment(lines[i]) && DetailRead.IsMatch(lines[i])) yield return relative + ":" + (i + 1) + ": " + lines[i].Trim();
                }
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// The README's tables agree with the module: the scenario catalog is what Get-DemoScenario
    /// lists (generated: on a difference the failure prints the table to paste), the backend table
    /// covers every way Connect-DemoBackend connects, and the cmdlet table names every cmdlet.
    /// </summary>
    public sealed class ReadmeTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;
        private readonly string[] _readme = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));

        public ReadmeTests(ModuleSession session) => _session = session;

        [Fact]
        public void The_scenario_catalog_table_is_the_one_Get_DemoScenario_yields()
        {
            var scenarios = _session.Run("Get-DemoScenario | ForEach-Object { $_.Name + [char]9 + $_.Speed + [char]9 + $_.Proves + [char]9 + $_.Synopsis }").NoErrors()
                .Output.Select(o => o.ToString().Split('\t')).ToArray();
            Assert.True(scenarios.Length >= 16, "the catalog lists " + scenarios.Length + " scenario(s)");
            var expected = new List<string> { "| name | speed | failure mode | what it proves |", "|---|---|---|---|" };
            expected.AddRange(scenarios.Select(s => $"| {s[0]} | {s[1]} | {s[2]} | {Cell(s[3])} |"));

            var actual = TableAfter("## Scenarios");
            Assert.True(expected.SequenceEqual(actual),
                "README.md's scenario table differs from Get-DemoScenario's catalog. Replace the table under '## Scenarios' with:\n\n"
                + string.Join("\n", expected) + "\n");
        }

        [Fact]
        public void The_backend_table_covers_every_way_to_connect()
        {
            var table = TableAfter("## Backends");
            string Row(string backend) => table.SingleOrDefault(r => r.StartsWith("| " + backend, StringComparison.Ordinal))
                                          ?? throw new Xunit.Sdk.XunitException("README.md's backend table has no row for " + backend);
            Assert.Contains("nothing to set up", Row("embedded"));
            foreach (var emulator in new[] { "LocalStack", "moto", "ElasticMQ" }) Assert.Contains(emulator, Row("endpoint"));
            Assert.Contains("-Region", Row("AWS"));
            Assert.Contains("-ProfileName", Row("AWS"));
            Assert.Contains("-TerraformOutput", Row("Terraform"));

            // Every parameter that chooses where to connect appears in the table.
            var text = string.Join("\n", table);
            var parameters = _session.Run("(Get-Command Connect-DemoBackend).Parameters.Values | Where-Object { $_.ParameterSets.Keys -notcontains '__AllParameterSets' -and $_.Name -notin 'Embedded', 'TimeScale' } | ForEach-Object Name")
                .NoErrors().Output.Select(o => o.ToString()).ToArray();
            Assert.Contains("EndpointUrl", parameters);
            foreach (var parameter in parameters) Assert.True(text.Contains("-" + parameter), "the backend table does not show -" + parameter);
        }

        [Fact]
        public void The_cmdlet_table_names_every_exported_cmdlet()
        {
            var table = string.Join("\n", TableAfter("## Cmdlets"));
            var missing = _session.Run("(Get-Module SqsDemo).ExportedCommands.Keys").NoErrors().Output.Select(o => o.ToString())
                .Where(name => !table.Contains("`" + name + "`")).ToArray();
            Assert.True(missing.Length == 0, "README.md's cmdlet table does not name: " + string.Join(", ", missing));
        }

        /// <summary>A synopsis as a Markdown table cell.</summary>
        private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ").Trim();

        /// <summary>The first table under a heading: its lines, header and separator included.</summary>
        private string[] TableAfter(string heading)
        {
            var start = Array.IndexOf(_readme, heading);
            Assert.True(start >= 0, "README.md has no heading " + heading);
            return _readme.Skip(start + 1).SkipWhile(l => !l.StartsWith("|", StringComparison.Ordinal))
                .TakeWhile(l => l.StartsWith("|", StringComparison.Ordinal)).ToArray();
        }
    }
}

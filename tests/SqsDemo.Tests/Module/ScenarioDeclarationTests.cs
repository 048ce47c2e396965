using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Each scenario declares the failure mode it proves in its .NOTES ("Proves: DuplicateDelivery"); the catalog reads it,
    /// Get-DemoScenario shows it and Test-DemoConsumer files checks under it. A declaration that names no failure mode
    /// stops the catalog's load with an error that names the script and the valid modes.
    /// </summary>
    public sealed class ScenarioDeclarationTests : IClassFixture<ModuleSession>, IDisposable
    {
        private readonly ModuleSession _session;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqsdemo-scenario-proves-" + Guid.NewGuid().ToString("N"));

        public ScenarioDeclarationTests(ModuleSession session)
        {
            _session = session;
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void Every_shipped_scenario_declares_one_failure_mode_it_proves()
        {
            var modes = Enum.GetNames(typeof(FailureMode));
            foreach (var script in Directory.GetFiles(RepoPaths.Scenarios, "*.ps1"))
            {
                var declared = Regex.Matches(File.ReadAllText(script), @"^Proves:\s*(\S+)\s*$", RegexOptions.Multiline);
                Assert.True(declared.Count == 1, Path.GetFileName(script) + " declares " + declared.Count + " 'Proves:' lines");
                Assert.Contains(declared[0].Groups[1].Value, modes);
            }
        }

        [Theory]
        [InlineData("backlog-drain", "Throughput")]
        [InlineData("version-order", "Ordering")]
        [InlineData("dup", "DuplicateDelivery")]
        [InlineData("dup-side-effects", "SideEffectIdempotency")]
        [InlineData("order-pipeline", "DependencyOutage")]
        public void Get_DemoScenario_reads_the_mode_from_the_scripts_notes(string scenario, string mode)
        {
            var proves = _session.Run($"(Get-DemoScenario -Name {scenario}).Proves").NoErrors().Single<FailureMode>();
            Assert.Equal(mode, proves.ToString());
        }

        [Fact]
        public void A_misspelt_mode_stops_Invoke_DemoScenario_Path_before_anything_runs()
        {
            var marker = Path.Combine(_folder, "ran");
            var script = Write("mine.ps1", "DuplicateDeliveries", "New-Item -ItemType File -Path '" + marker + "' | Out-Null");

            var error = _session.RunExpectingTerminatingError($"Invoke-DemoScenario -Path '{script}'");

            Assert.Equal("ScenarioProvesUnknownFailureMode,SqsDemo.Commands.InvokeDemoScenarioCommand", error.FullyQualifiedErrorId);
            Assert.Contains("DuplicateDeliveries", error.Exception.Message);
            Assert.Contains(script, error.Exception.Message);
            Assert.Contains("DuplicateDelivery,", error.Exception.Message);
            Assert.False(File.Exists(marker), "the script ran");
        }

        [Fact]
        public void A_script_of_your_own_that_declares_none_proves_Baseline()
        {
            var script = Write("plain.ps1", null, "New-DemoCheck 'one is one' -Expected 1 -Actual 1");

            var result = _session.Run($"(Invoke-DemoScenario -Path '{script}').Passed").NoErrors();

            Assert.Equal(true, result.Output[0].BaseObject);
        }

        [Fact]
        public void A_catalog_holding_a_script_that_names_no_mode_is_refused_at_load_naming_the_script()
        {
            // A module whose base is this folder (its scenarios beside its manifest), over the built module's cmdlets.
            Directory.CreateDirectory(Path.Combine(_folder, "scenarios"));
            var good = Write(Path.Combine("scenarios", "good.ps1"), "Ordering", "New-DemoCheck 'x' -Expected 1 -Actual 1");
            var bad = Write(Path.Combine("scenarios", "bad.ps1"), "Speed", "New-DemoCheck 'x' -Expected 1 -Actual 1");
            var manifest = Path.Combine(_folder, "SqsDemo.psd1");
            File.WriteAllText(manifest, "@{ ModuleVersion = '0.1.0'; NestedModules = @('" + RepoPaths.LaidOutManifest.Replace("'", "''") + "'); CmdletsToExport = '*' }");
            using var session = ModuleSession.Importing(manifest);
            Assert.Equal(Path.GetFullPath(_folder).TrimEnd(Path.DirectorySeparatorChar),
                session.Run("(Get-Command Get-DemoScenario).Module.ModuleBase").NoErrors().Output[0].ToString().TrimEnd(Path.DirectorySeparatorChar));

            var listing = session.RunExpectingTerminatingError("Get-DemoScenario");
            var byName = session.RunExpectingTerminatingError("Invoke-DemoScenario -Name good");

            Assert.Equal("ScenarioProvesUnknownFailureMode,SqsDemo.Commands.GetDemoScenarioCommand", listing.FullyQualifiedErrorId);
            Assert.Equal("ScenarioProvesUnknownFailureMode,SqsDemo.Commands.InvokeDemoScenarioCommand", byName.FullyQualifiedErrorId);
            Assert.Equal(bad, listing.TargetObject);
            Assert.Contains("'Proves: Speed'", listing.Exception.Message);
            Assert.Contains("Write one of the failure modes", listing.ErrorDetails.RecommendedAction);
            Assert.DoesNotContain(good, listing.Exception.Message);
        }

        /// <summary>A scenario script with a "Proves:" line declaring <paramref name="proves"/> (none when null).</summary>
        private string Write(string name, string? proves, string body)
        {
            var path = Path.Combine(_folder, name);
            File.WriteAllText(path, "<#\n.SYNOPSIS\nA scenario of one's own.\n\n.NOTES\nSpeed: Fast\n" + (proves == null ? "" : "Proves: " + proves + "\n") + "#>\n" + body + "\n");
            return path;
        }
    }
}

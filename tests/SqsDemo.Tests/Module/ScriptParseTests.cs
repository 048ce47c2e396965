using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Every PowerShell file in the repository parses: a broken script fails CI here, with no pwsh.</summary>
    public sealed class ScriptParseTests
    {
        public static TheoryData<string> Scripts()
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Root, "*.*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".ps1") || f.EndsWith(".psd1") || f.EndsWith(".psm1"))
                         .Where(f => !f.Contains(Path.DirectorySeparatorChar + "out" + Path.DirectorySeparatorChar)
                                     && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar)
                                     && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
                         .OrderBy(f => f))
                data.Add(Path.GetRelativePath(RepoPaths.Root, file));
            return data;
        }

        [Theory]
        [MemberData(nameof(Scripts))]
        public void Parses_without_errors(string relativePath)
        {
            Parser.ParseFile(Path.Combine(RepoPaths.Root, relativePath), out _, out var errors);
            Assert.True(errors.Length == 0, relativePath + ": " + string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")));
        }

        [Fact]
        public void Scenario_scripts_use_only_the_language_Core_cmdlets_and_SqsDemo()
        {
            // A runspace of the PowerShell SDK alone has no Utility cmdlets: scenarios must not need them.
            var forbidden = new[] { "Write-Host", "Start-Sleep", "Select-Object", "Write-Output", "Measure-Object", "Sort-Object", "Group-Object", "ConvertTo-Json", "ConvertFrom-Json", "Get-Date", "Out-String", "Format-Table" };
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Scenarios, "*.ps1"))
            {
                var ast = Parser.ParseFile(file, out _, out _);
                var used = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).Where(n => n != null);
                var bad = used.Where(n => forbidden.Contains(n!, System.StringComparer.OrdinalIgnoreCase)).ToArray();
                Assert.True(bad.Length == 0, Path.GetFileName(file) + " uses " + string.Join(", ", bad));
            }
        }

        [Fact]
        public void Scenario_scripts_announce_their_phases()
        {
            // Write-DemoPhase is what Invoke-DemoScenario's progress bar shows while a scenario runs.
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Scenarios, "*.ps1"))
            {
                var ast = Parser.ParseFile(file, out _, out _);
                var phases = ast.FindAll(a => a is CommandAst c && c.GetCommandName() == "Write-DemoPhase", true).Count();
                Assert.True(phases >= 2, Path.GetFileName(file) + " announces " + phases + " phase(s)");
            }
        }
    }
}

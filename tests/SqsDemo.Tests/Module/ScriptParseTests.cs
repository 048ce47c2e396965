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
        public void Scenario_scripts_use_only_commands_a_session_with_the_module_has()
        {
            // The old rule (the language, Core cmdlets and SqsDemo only) went with the shell that lacked the Utility
            // cmdlets; what stays true is that every command a scenario calls exists where scenarios run: a default
            // session (the shell's and pwsh's) with the module imported. A misspelt or missing command fails here.
            using var session = new ModuleSession();
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Scenarios, "*.ps1"))
            {
                var ast = Parser.ParseFile(file, out _, out _);
                var ownFunctions = ast.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>().Select(f => f.Name);
                var used = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName())
                    .Where(n => n != null).Select(n => n!).Distinct(System.StringComparer.OrdinalIgnoreCase)
                    .Except(ownFunctions, System.StringComparer.OrdinalIgnoreCase).ToArray();
                var found = session.Run("$names | ForEach-Object { Get-Command -Name $_ -ErrorAction SilentlyContinue } | ForEach-Object Name",
                    new System.Collections.Hashtable { ["names"] = used });
                var foundNames = found.Output.Select(o => o.ToString()).ToHashSet(System.StringComparer.OrdinalIgnoreCase);
                var missing = used.Where(n => !foundNames.Contains(n)).ToArray();
                Assert.True(missing.Length == 0, Path.GetFileName(file) + " calls " + string.Join(", ", missing) + ", which a session with the module lacks");
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

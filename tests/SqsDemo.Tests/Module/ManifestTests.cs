using System.IO;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class ManifestTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public ManifestTests(ModuleSession session) => _session = session;

        private static readonly string[] Exported =
        {
            "Clear-DemoQueue", "Connect-DemoBackend", "Start-DemoProducer", "Invoke-DemoAutoscaler", "Start-DemoRedrive", "Get-DemoRedrive", "Stop-DemoRedrive", "Get-DemoAccounting", "Get-DemoBackend", "Get-DemoEnvironment", "Get-DemoJournal", "Get-DemoMessageStatus", "Get-DemoSideEffect", "Get-DemoEffectLog", "Get-DemoEntityVersion", "Get-DemoResult", "Wait-DemoJournal", "Get-DemoMessageHistory", "Wait-DemoQueue", "Write-DemoPhase", "New-DemoDependency",
            "Get-DemoQueue", "Get-DemoScenario", "Invoke-DemoScenario", "New-DemoCheck", "New-DemoStandardCheck", "New-DemoEnvironment", "Receive-DemoMessage",
            "Remove-DemoEnvironment", "Send-DemoMessage", "Start-DemoConsumer", "Wait-DemoClock",
            "Export-DemoTimeline", "Start-DemoEndpoint", "Get-DemoEndpoint", "Stop-DemoEndpoint",
            "Add-DemoEndpointFault", "Get-DemoEndpointFault", "Remove-DemoEndpointFault", "Test-DemoConsumer", "Test-DemoEnvironment",
            "Get-DemoMetric", "New-DemoAlarm", "Get-DemoAlarm", "Get-DemoCost",
        };

        [Fact]
        public void The_module_exports_exactly_the_cmdlets_its_manifest_names()
        {
            var names = _session.Run("(Get-Module SqsDemo).ExportedCmdlets.Keys").NoErrors().Output.Select(o => o.ToString()).OrderBy(n => n).ToArray();
            Assert.Equal(Exported.OrderBy(n => n), names);
            var functions = _session.Run("(Get-Module SqsDemo).ExportedFunctions.Count").Output.Single().BaseObject;
            Assert.Equal(0, functions);
        }

        [Fact]
        public void Every_exported_cmdlet_declares_its_output_type()
        {
            var missing = _session.Run("Get-Command -Module SqsDemo | Where-Object { $_.OutputType.Count -eq 0 } | ForEach-Object Name").Output;
            Assert.Empty(missing);
        }

        [Fact]
        public void The_root_manifest_imports_too()
        {
            using var root = ModuleSession.Importing(RepoPaths.RootManifest);
            var module = root.Run("Get-Module SqsDemo").NoErrors().Single<PSModuleInfo>();
            Assert.Equal(RepoPaths.Root.TrimEnd(Path.DirectorySeparatorChar), module.ModuleBase.TrimEnd(Path.DirectorySeparatorChar));
            var scenarios = root.Run("Get-DemoScenario | ForEach-Object Name").NoErrors().Output.Select(o => o.ToString()).ToArray();
            Assert.Contains("poison", scenarios);
        }

        [Fact]
        public void The_manifest_supports_Windows_PowerShell_and_PowerShell_7()
        {
            var module = _session.Run("Get-Module SqsDemo").Single<PSModuleInfo>();
            Assert.Equal(new[] { "Core", "Desktop" }, module.CompatiblePSEditions.OrderBy(e => e));
            Assert.Equal(new System.Version(5, 1), module.PowerShellVersion);
        }
    }
}

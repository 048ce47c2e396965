using System;
using System.IO;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Invoke-DemoScenario -Path runs PowerShell scripts only: anything else is refused before anything runs.</summary>
    public sealed class ScenarioPathTests : IClassFixture<ModuleSession>, IDisposable
    {
        private readonly ModuleSession _session;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqsdemo-scenario-path-" + Guid.NewGuid().ToString("N"));

        public ScenarioPathTests(ModuleSession session)
        {
            _session = session;
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void A_shell_script_is_refused_and_not_run()
        {
            var marker = Path.Combine(_folder, "ran");
            var script = Path.Combine(_folder, "run.sh");
            File.WriteAllText(script, "#!/bin/sh\ntouch '" + marker + "'\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var error = _session.RunExpectingTerminatingError($"Invoke-DemoScenario -Path '{script}'");

            Assert.Equal("ScenarioNotPowerShellScript,SqsDemo.Commands.InvokeDemoScenarioCommand", error.FullyQualifiedErrorId);
            Assert.Contains(".ps1", error.Exception.Message);
            Assert.False(File.Exists(marker), "the shell script ran");
        }

        [Theory]
        [InlineData("notes.txt")]
        [InlineData("scenario")]
        [InlineData("module.psm1")]
        public void Any_other_file_is_refused_too(string name)
        {
            var file = Path.Combine(_folder, name);
            File.WriteAllText(file, "New-DemoCheck 'never' -Expected 1 -Actual 1");

            var error = _session.RunExpectingTerminatingError($"Invoke-DemoScenario -Path '{file}'");

            Assert.Equal("ScenarioNotPowerShellScript,SqsDemo.Commands.InvokeDemoScenarioCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void A_ps1_script_runs_whatever_the_case_of_its_extension()
        {
            var script = Path.Combine(_folder, "mine.PS1");
            File.WriteAllText(script, "New-DemoCheck 'one is one' -Expected 1 -Actual 1");

            var result = _session.Run($"(Invoke-DemoScenario -Path '{script}').Passed").NoErrors();

            Assert.Equal(true, result.Output[0].BaseObject);
        }
    }
}

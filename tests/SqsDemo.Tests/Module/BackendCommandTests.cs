using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Environments;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>-Backend on every cmdlet that works on a backend, and Connect-DemoBackend's parameter sets and errors.</summary>
    public sealed class BackendCommandTests : IDisposable
    {
        /// <summary>Cmdlets that do not work on a backend: they neither need nor take -Backend.</summary>
        // Get- and Stop-DemoEndpoint work on the session's endpoints, not on a backend (Start-DemoEndpoint takes -Backend).
        private static readonly string[] WithoutBackend = { "Connect-DemoBackend", "Get-DemoBackend", "Get-DemoScenario", "New-DemoCheck", "Get-DemoEndpoint", "Stop-DemoEndpoint", "Get-DemoEndpointFault", "Remove-DemoEndpointFault", "Test-DemoConsumer" };

        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        [Fact]
        public void Every_cmdlet_that_works_on_a_backend_takes_Backend()
        {
            var commands = _session.Run("Get-Command -Module SqsDemo -CommandType Cmdlet").Objects<CmdletInfo>().ToArray();
            Assert.True(commands.Length > WithoutBackend.Length);
            foreach (var command in commands.Where(c => !WithoutBackend.Contains(c.Name)))
            {
                Assert.True(command.Parameters.TryGetValue("Backend", out var parameter), command.Name + " has no -Backend");
                Assert.Equal(typeof(DemoRun), parameter!.ParameterType);
            }
            foreach (var name in WithoutBackend)
                Assert.False(commands.Single(c => c.Name == name).Parameters.ContainsKey("Backend"), name);
        }

        [Fact]
        public void Backend_runs_a_call_on_another_backend_while_the_session_stays_connected()
        {
            _session.Run(@"
                $other = Connect-DemoBackend -Seed 1
                $mine = Connect-DemoBackend -Seed 2
                $elsewhere = New-DemoEnvironment -Name side -Backend $other
                $elsewhere | Send-DemoMessage -Count 3 -Backend $other | Out-Null").NoErrors();

            Assert.Equal(3, _session.Run("$elsewhere | Get-DemoQueue -Backend $other").NoErrors().Single<QueueStatistics>().Visible);
            // The environment knows its broker (its queue URL names it), but the session knows no such environment.
            Assert.Equal(3, _session.Run("$elsewhere | Get-DemoQueue").NoErrors().Single<QueueStatistics>().Visible);
            Assert.Empty(_session.Run("Get-DemoEnvironment").Output);
            Assert.Equal("side", _session.Run("Get-DemoEnvironment -Backend $other").Single<DemoEnvironment>().Name);
            Assert.Equal(3, _session.Run("Get-DemoJournal -Backend $other -Kind Sent").Output.Count);
            Assert.Empty(_session.Run("Get-DemoJournal -Kind Sent").Output);
            Assert.Same(_session.Run("$mine").Single<DemoRun>(), _session.Run("Get-DemoBackend").Single<DemoRun>());
        }

        [Fact]
        public void A_scenario_runs_on_the_backend_given_to_it()
        {
            var result = _session.Run("$b = Connect-DemoBackend -TimeScale 40 -Seed 3; Connect-DemoBackend | Out-Null; Invoke-DemoScenario -Name happy -Backend $b -Seed 4")
                .NoErrors().Single<SqsDemo.Engine.Scenarios.ScenarioResult>();
            Assert.True(result.Passed);
            Assert.Equal(40, result.TimeScale);
        }

        [Fact]
        public void ProfileName_alone_chooses_the_AWS_set_and_an_unknown_profile_is_ProfileNotFound()
        {
            var error = _session.RunExpectingTerminatingError("Connect-DemoBackend -ProfileName no-such-profile-" + Guid.NewGuid().ToString("N"));
            Assert.Equal("ProfileNotFound,SqsDemo.Commands.ConnectDemoBackendCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        }

        [Fact]
        public void An_endpoint_URL_with_a_password_is_refused_without_echoing_it()
        {
            var run = _session.Run("try { Connect-DemoBackend -EndpointUrl 'http://user:Pa55w0rdSecret@127.0.0.1:9' } catch { $_ }");
            var error = run.Objects<ErrorRecord>().Single();
            Assert.Equal("InvalidEndpointUrl,SqsDemo.Commands.ConnectDemoBackendCommand", error.FullyQualifiedErrorId);
            Assert.DoesNotContain("Pa55w0rdSecret", run.AllText());
        }

        [Fact]
        public void Two_backends_with_the_same_description_keep_their_environments_apart()
        {
            _session.Run("$a = Connect-DemoBackend -Seed 9; $b = Connect-DemoBackend -Seed 9; New-DemoEnvironment -Name only-on-a -Backend $a | Out-Null").NoErrors();
            Assert.Equal(_session.Run("$a.Description").Output.Single().ToString(), _session.Run("$b.Description").Output.Single().ToString());
            Assert.Empty(_session.Run("Get-DemoEnvironment -Backend $b").Output);
            Assert.Equal("only-on-a", _session.Run("Get-DemoEnvironment -Backend $a").Single<DemoEnvironment>().Name);
        }

        [Fact]
        public void A_region_that_is_no_region_name_is_InvalidRegion_before_any_request()
        {
            var error = _session.RunExpectingTerminatingError("Connect-DemoBackend -Region Mars-1");
            Assert.Equal("InvalidRegion,SqsDemo.Commands.ConnectDemoBackendCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void A_Terraform_output_that_is_missing_or_of_another_shape_is_a_clear_error_and_the_session_keeps_its_backend()
        {
            var before = _session.Run("Get-DemoBackend").Single<DemoRun>();
            var missing = _session.RunExpectingTerminatingError("Connect-DemoBackend -TerraformOutput ./no-such-output.json -Region us-east-1");
            Assert.Equal("TerraformOutputNotReadable,SqsDemo.Commands.ConnectDemoBackendCommand", missing.FullyQualifiedErrorId);
            var file = Path.Combine(Path.GetTempPath(), "sqsdemo-tf-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(file, "{ \"scenarios\": { \"value\": { \"poison\": {} } } }");
            try
            {
                var invalid = _session.RunExpectingTerminatingError($"Connect-DemoBackend -TerraformOutput '{file}' -EndpointUrl http://127.0.0.1:9");
                Assert.Equal("TerraformOutputInvalid,SqsDemo.Commands.ConnectDemoBackendCommand", invalid.FullyQualifiedErrorId);
                Assert.Contains("has no 'queue_url'", invalid.Exception.Message);
            }
            finally
            {
                File.Delete(file);
            }
            Assert.Same(before, _session.Run("Get-DemoBackend").Single<DemoRun>());
        }
    }
}

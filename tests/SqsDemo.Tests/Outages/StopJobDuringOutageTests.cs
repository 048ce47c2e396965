using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Endpoint;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Outages
{
    /// <summary>Stop-Job on a consumer job connected to an endpoint that stopped answering: the job ends Stopped, not Failed.</summary>
    public sealed class StopJobDuringOutageTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public StopJobDuringOutageTests(ModuleSession session) => _session = session;

        [Fact]
        public async Task Stop_Job_while_the_endpoint_never_answers_ends_the_job_Stopped()
        {
            using var server = new RunningEndpoint();
            using var proxy = new FaultProxy(server.Endpoint.Port);
            var vars = new Hashtable { ["url"] = proxy.Uri.ToString() };
            _session.Run("Connect-DemoBackend -EndpointUrl $url -Region us-east-1 | Out-Null; $so = New-DemoEnvironment -Name stop-outage; " +
                "$sj = $so | Start-DemoConsumer -AsJob -WaitTimeSeconds 1 -MaxOutageSeconds 300", vars).NoErrors();
            await OutageRig.Until(() => Count("ConsumerStarted") > 0, "the consumer's start");
            proxy.Mode = ProxyMode.BlackHole;
            await OutageRig.Until(() => Count("BackendUnavailable") > 0 || State() != "Running", "BackendUnavailable");
            Assert.Equal("Running", State());
            _session.Run("Stop-Job -Job $sj").NoErrors();
            Assert.Equal("Stopped", State());
            _session.Run("Remove-Job -Job $sj; Connect-DemoBackend | Out-Null").NoErrors();
        }

        private int Count(string kind) =>
            _session.Run("@(Get-DemoJournal -Kind " + kind + ").Count").Output.Select(o => Convert.ToInt32(o.BaseObject)).Single();

        private string State() => _session.Run("$sj.State.ToString()").Output.Select(o => o.ToString()).Single();
    }
}

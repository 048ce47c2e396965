using System.Collections;
using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Two runspaces of one process, as a session and its thread job (Start-ThreadJob, ForEach-Object
    /// -Parallel): the job gets the session's own objects ($using:e is the same .NET object) and must
    /// work on the session's embedded broker without -Backend, while each runspace keeps brokers of its own.
    /// </summary>
    public sealed class CrossRunspaceTests : System.IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();
        private readonly ModuleSession _threadJob = new ModuleSession();

        public void Dispose()
        {
            _session.Dispose();
            _threadJob.Dispose();
        }

        private DemoEnvironment SessionEnvironment(string name) =>
            _session.Run($"$e = New-DemoEnvironment -Name {name}; $e").NoErrors().Single<DemoEnvironment>();

        [Fact]
        public void An_environment_handed_to_another_runspace_sends_and_consumes_on_the_broker_it_was_made_on()
        {
            var environment = SessionEnvironment("xr-consume");

            _threadJob.Run("$e | Send-DemoMessage -Count 3 | Out-Null; $e | Start-DemoConsumer -IdleTimeoutSeconds 5 -MessageLimit 3 | Out-Null",
                new Hashtable { ["e"] = environment }).NoErrors();

            var accounting = _session.Run("$e | Get-DemoAccounting").NoErrors().Single<MessageAccounting>();
            Assert.Equal(3, accounting.Sent);
            Assert.Equal(3, accounting.Processed);
            Assert.Equal(0, accounting.Unaccounted);
            // The job's consumer is journaled in the session's run, where the queue lives.
            Assert.Equal(3, _session.Run("Get-DemoJournal -Kind Processed").NoErrors().Objects<JournalEvent>().Count());
        }

        [Fact]
        public void Each_runspace_still_has_a_broker_of_its_own()
        {
            var environment = SessionEnvironment("xr-isolated");
            _session.Run("$e | Send-DemoMessage -Count 2 | Out-Null").NoErrors();

            var own = _threadJob.Run("New-DemoEnvironment -Name xr-isolated").NoErrors().Single<DemoEnvironment>();

            Assert.NotEqual(environment.QueueUrl, own.QueueUrl);
            Assert.Equal(0, _threadJob.Run("Get-DemoQueue -QueueUrl '" + own.QueueUrl + "'").NoErrors().Single<QueueStatistics>().Visible);
            Assert.Equal(2, _session.Run("$e | Get-DemoQueue").NoErrors().Single<QueueStatistics>().Visible);
            Assert.Empty(_threadJob.Run("Get-DemoJournal -Kind Sent").NoErrors().Output);
        }

        [Fact]
        public void A_queue_url_of_a_broker_not_in_this_process_says_why_and_what_to_use()
        {
            var environment = SessionEnvironment("xr-elsewhere");
            // What Start-Job's process gets: a property bag with the URL of a broker it does not hold.
            var elsewhere = environment.QueueUrl.Replace(environment.QueueUrl.Split('.')[2], "0badc0de");

            var error = _threadJob.RunExpectingTerminatingError(
                "[pscustomobject]@{ QueueUrl = '" + elsewhere + "' } | Start-DemoConsumer -IdleTimeoutSeconds 1");

            Assert.Equal("EmbeddedBrokerNotInProcess,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
            Assert.Contains("Start-ThreadJob", error.ErrorDetails.RecommendedAction);
            Assert.Contains("Connect-DemoBackend -EndpointUrl", error.ErrorDetails.RecommendedAction);
        }
    }
}

using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Wait-DemoQueue: waits on the scenario clock for a queue condition; a stable error on timeout or without a condition.</summary>
    public sealed class WaitDemoQueueCommandTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public WaitDemoQueueCommandTests(ModuleSession session) => _session = session;

        [Fact]
        public void It_returns_once_a_consumer_has_drained_the_queue()
        {
            // A long visibility timeout: five 1 s messages take 5 of the default 30 scenario seconds, but a machine that
            // stalls the consumer 1.5 s of wall time at x20 makes a delete late, journaled DeleteMayNotHaveDeleted (CI saw 4 of 5).
            var stats = _session.Run(@"
                $wq = New-DemoEnvironment -Name waitq-drain -VisibilityTimeout 600
                $null = $wq | Send-DemoMessage -Count 5
                $job = $wq | Start-DemoConsumer -ConsumerId waitq-worker -SleepMinSeconds 1 -SleepMaxSeconds 1 -AsJob
                $wq | Wait-DemoQueue -Empty -TimeoutSeconds 120
                $job | Stop-Job; $job | Remove-Job").NoErrors().Single<QueueStatistics>();
            Assert.True(stats.IsEmpty);
            Assert.Equal(5, _session.Run("@(Get-DemoJournal -Kind Deleted -Actor waitq-worker).Count").Single<int>());
        }

        [Fact]
        public void It_waits_for_a_message_to_come_back_after_its_visibility_timeout()
        {
            var stats = _session.Run(@"
                $wv = New-DemoEnvironment -Name waitq-visible -VisibilityTimeout 20
                $null = $wv | Send-DemoMessage -Count 1
                $null = Receive-DemoMessage -QueueUrl $wv.QueueUrl
                $wv | Wait-DemoQueue -VisibleAtLeast 1 -InFlight 0 -TimeoutSeconds 60").NoErrors().Single<QueueStatistics>();
            Assert.Equal((1, 0), (stats.Visible, stats.InFlight));
        }

        [Fact]
        public void A_condition_that_does_not_hold_in_time_is_QueueWaitTimedOut()
        {
            var error = _session.RunExpectingTerminatingError("$wt = New-DemoEnvironment -Name waitq-timeout; $wt | Wait-DemoQueue -VisibleAtLeast 1 -TimeoutSeconds 2");
            Assert.Equal("QueueWaitTimedOut,SqsDemo.Commands.WaitDemoQueueCommand", error.FullyQualifiedErrorId);
            Assert.Contains("0 visible", error.Exception.Message);
        }

        [Fact]
        public void Without_a_condition_it_is_QueueConditionNotSpecified()
        {
            var error = _session.RunExpectingTerminatingError("$wn = New-DemoEnvironment -Name waitq-none; $wn | Wait-DemoQueue");
            Assert.Equal("QueueConditionNotSpecified,SqsDemo.Commands.WaitDemoQueueCommand", error.FullyQualifiedErrorId);
            var dlq = _session.RunExpectingTerminatingError("$wn = New-DemoEnvironment -Name waitq-nodlq; Wait-DemoQueue -QueueUrl $wn.QueueUrl -DeadLetterVisibleAtLeast 1");
            Assert.Equal("QueueConditionNotSpecified,SqsDemo.Commands.WaitDemoQueueCommand", dlq.FullyQualifiedErrorId);
        }
    }
}

using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Start-DemoConsumer -BackoffBaseSeconds: a failed message returns after its backoff, not the whole visibility timeout.</summary>
    public sealed class ConsumerBackoffTests : System.IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        [Fact]
        public void A_rejected_message_comes_back_after_a_doubling_backoff_far_sooner_than_its_visibility_timeout()
        {
            // Visibility 300 s: without the backoff, five receives would take over 20 scenario minutes.
            _session.Run(@"Connect-DemoBackend -TimeScale 50 -Seed 6 | Out-Null
                $e = New-DemoEnvironment -Name backoff -VisibilityTimeout 300 -MaxReceiveCount 5 -ReceiveWaitTime 20
                $e | Send-DemoMessage -Count 1 -PoisonCount 1 | Out-Null
                $e | Start-DemoConsumer -BackoffBaseSeconds 2 -BackoffMaxSeconds 60 -IdleTimeoutSeconds 60 | Out-Null").NoErrors();

            var backoffs = _session.Run("Get-DemoJournal -Kind BackedOff").Objects<JournalEvent>().ToArray();
            var receives = _session.Run("Get-DemoJournal -Kind Received").Objects<JournalEvent>().ToArray();
            Assert.Equal(5, receives.Length);
            Assert.Equal(5, backoffs.Length);
            // Each backoff is set from that receive's count: base x 2^(n-1), jittered into its upper half.
            for (var n = 1; n <= 5; n++)
            {
                var seconds = backoffs[n - 1].BackoffSeconds!.Value;
                var full = 2 * (1 << (n - 1));
                Assert.InRange(seconds, full / 2, full);
                Assert.Equal(n, backoffs[n - 1].ReceiveCount);
            }
            // The next receive came after the backoff, and long before the visibility timeout.
            for (var n = 1; n < 5; n++)
            {
                var gap = (receives[n].ScenarioTime - receives[n - 1].ScenarioTime).TotalSeconds;
                Assert.InRange(gap, 1, 120);
            }
            // Then the redrive policy took it, as without a backoff.
            Assert.Equal(1, _session.Run("$e | Get-DemoQueue").Single<QueueStatistics>().DeadLetterVisible);
        }

        [Fact]
        public void A_backoff_that_cannot_work_is_refused_by_parameter_validation()
        {
            var error = _session.RunExpectingTerminatingError("Start-DemoConsumer -QueueUrl http://x/y -BackoffBaseSeconds 0");
            Assert.Equal("ParameterArgumentValidationError,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
        }
    }
}

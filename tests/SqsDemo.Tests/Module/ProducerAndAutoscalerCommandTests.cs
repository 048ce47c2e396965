using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class ProducerAndAutoscalerCommandTests : System.IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        [Fact]
        public void A_producer_job_sends_at_its_rate_until_Stop_Job_and_everything_it_sent_is_in_the_queue()
        {
            _session.Run("Connect-DemoBackend -TimeScale 50 -Seed 3 | Out-Null; $e = New-DemoEnvironment -Name producer-job; $before = (Get-DemoBackend).ScenarioTime; $p = $e | Start-DemoProducer -Rate 20 -AsJob").NoErrors();
            var before = (System.TimeSpan)_session.Run("$before").Output.Single().BaseObject;
            // Wait on the condition (some messages sent), never on a guess of how long it takes.
            _session.Run("Wait-DemoJournal -Kind Sent -Count 5 -TimeoutSeconds 600 | Out-Null").NoErrors();
            _session.Run("$p | Stop-Job").NoErrors();
            var job = _session.Run("$p").Single<Job>();
            Assert.Equal(JobState.Stopped, job.JobStateInfo.State);
            var sentCount = (int)_session.Run("$p.Sent").Output.Single().BaseObject;
            var sent = _session.Run("$p | Receive-Job").Objects<SentMessage>().ToArray();
            Assert.Equal(sentCount, sent.Length);
            Assert.True(sent.Length >= 5);
            Assert.Equal(sent.Length, _session.Run("$e | Get-DemoQueue").Single<QueueStatistics>().Visible);
            // The rate held: message n went out no earlier than n / rate scenario seconds after the producer started.
            Assert.All(sent, m => Assert.True((m.ScenarioTime - before).TotalSeconds >= m.Index / 20.0, $"message {m.Index} at {(m.ScenarioTime - before).TotalSeconds:0.###} s"));
        }

        [Fact]
        public void A_foreground_producer_with_Count_sends_exactly_that_many()
        {
            var sent = _session.Run("$e = New-DemoEnvironment -Name producer-count; $e | Start-DemoProducer -Rate 1000 -Count 7 -BatchSize 3").NoErrors().Objects<SentMessage>().ToArray();
            Assert.Equal(7, sent.Length);
            Assert.Equal(Enumerable.Range(0, 7), sent.Select(m => m.Index));
        }

        [Fact]
        public void The_default_scale_out_starts_its_consumers_on_the_backend_given_to_the_autoscaler()
        {
            var report = _session.Run(@"$other = Connect-DemoBackend -TimeScale 200 -Seed 4
                Connect-DemoBackend | Out-Null
                $e = New-DemoEnvironment -Name scaler-other -Backend $other -ReceiveWaitTime 1
                $e | Send-DemoMessage -Count 30 -Backend $other | Out-Null
                $e | Invoke-DemoAutoscaler -Backend $other -IntervalSeconds 2 -ScaleOutDepth 5 -MaxConsumers 3 -TimeoutSeconds 600").NoErrors().Single<AutoscalerReport>();
            Assert.NotNull(report.DrainedAt);
            Assert.Equal(30, _session.Run("Get-DemoJournal -Backend $other -Kind Processed").Output.Count);
            Assert.Empty(_session.Run("Get-DemoJournal -Kind Processed").Output);
        }

        [Fact]
        public void A_producer_without_a_queue_is_QueueNotSpecified()
        {
            var error = _session.RunExpectingTerminatingError("Start-DemoProducer -Rate 5");
            Assert.Equal("QueueNotSpecified,SqsDemo.Commands.StartDemoProducerCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void A_ScaleOut_block_that_starts_no_job_is_InvalidAutoscalerOptions()
        {
            var error = _session.RunExpectingTerminatingError("$e = New-DemoEnvironment -Name scaler-nojob; $e | Invoke-DemoAutoscaler -ScaleOut { 'not a job' }");
            Assert.Equal("InvalidAutoscalerOptions,SqsDemo.Commands.InvokeDemoAutoscalerCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void An_autoscaler_whose_queue_never_drains_times_out_with_its_report()
        {
            // Poison that no consumer takes (maxReceiveCount high, consumers reject it) keeps the queue from draining.
            var run = _session.Run(@"Connect-DemoBackend -TimeScale 200 | Out-Null
                $e = New-DemoEnvironment -Name scaler-timeout -MaxReceiveCount 1000 -VisibilityTimeout 1 -ReceiveWaitTime 1
                $e | Send-DemoMessage -Count 1 -PoisonCount 1 | Out-Null
                $e | Invoke-DemoAutoscaler -IntervalSeconds 2 -TimeoutSeconds 10 -MaxConsumers 2");
            Assert.Equal("AutoscalerTimedOut,SqsDemo.Commands.InvokeDemoAutoscalerCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
            var report = run.Single<AutoscalerReport>();
            Assert.True(report.TimedOut);
            Assert.Null(report.DrainedAt);
            // It gave up only once 10 scenario seconds had passed since it started (the run's clock began before that).
            Assert.NotEmpty(report.Ticks);
            Assert.True(report.Ticks[report.Ticks.Count - 1].ScenarioTime >= System.TimeSpan.FromSeconds(10));
            // Its consumers were stopped on the way out.
            Assert.Empty(_session.Run("Get-Job | Where-Object { $_.State -eq 'Running' }").Output);
        }
    }
}

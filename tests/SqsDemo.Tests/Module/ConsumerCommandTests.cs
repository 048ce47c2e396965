using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class ConsumerCommandTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public ConsumerCommandTests(ModuleSession session) => _session = session;

        [Fact]
        public void In_the_foreground_it_emits_one_record_per_message_and_ends_at_the_message_limit()
        {
            var records = _session.Run("$f = New-DemoEnvironment -Name con-fg; $f | Send-DemoMessage -Count 4 | Out-Null; $f | Start-DemoConsumer -MessageLimit 4 -MaxMessages 3")
                .NoErrors().Objects<ConsumerRecord>().ToArray();
            Assert.Equal(4, records.Length);
            Assert.All(records, r => Assert.Equal(MessageOutcome.Processed, r.Outcome));
            var stats = _session.Run("$f | Get-DemoQueue").Single<QueueStatistics>();
            Assert.Equal(0, stats.Visible + stats.InFlight);
        }

        [Fact]
        public void Its_summary_with_the_rate_it_drained_at_is_on_the_information_stream_in_the_foreground_and_in_a_job()
        {
            _session.Run("$rate = New-DemoEnvironment -Name con-rate-info; $rate | Send-DemoMessage -Count 6 | Out-Null").NoErrors();
            _session.Run("$rate | Start-DemoConsumer -MessageLimit 3 -InformationVariable drained | Out-Null").NoErrors();
            var foreground = _session.Run("$drained | Where-Object Tags -Contains Throughput | ForEach-Object MessageData").NoErrors().Single<ConsumerSummary>();
            Assert.Equal(3, foreground.Throughput.Count);
            Assert.True(foreground.Throughput.PerWallSecond > 0 && foreground.Throughput.PerScenarioSecond > 0, foreground.ToString());
            Assert.Contains("3 processed in ", foreground.ToString());
            // Its source is the consumer, as in a job and as an outside consumer's standard error lines.
            Assert.Equal(foreground.ConsumerId, _session.Run("($drained | Where-Object Tags -Contains Throughput).Source").NoErrors().Single<string>());

            var job = _session.Run("$rate | Start-DemoConsumer -AsJob -ConsumerId rate-job -MessageLimit 3 | Wait-Job -Timeout 60 | Receive-Job -InformationVariable jobDrained | Out-Null; $jobDrained | Where-Object Tags -Contains Throughput | ForEach-Object MessageData")
                .NoErrors().Single<ConsumerSummary>();
            Assert.Equal(("rate-job", 3), (job.ConsumerId, job.Throughput.Count));
            Assert.True(job.WallElapsed >= job.DrainWallElapsed && job.DrainWallElapsed > TimeSpan.Zero, job.ToString());
        }

        [Fact]
        public void CrashRate_1_5_is_refused_and_nothing_is_received()
        {
            _session.Run("$cr = New-DemoEnvironment -Name con-rate; $cr | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            var error = _session.RunExpectingTerminatingError("$cr | Start-DemoConsumer -CrashRate 1.5 -MessageLimit 1");
            Assert.Equal("ParameterArgumentValidationError,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
            Assert.Equal(1, _session.Run("$cr | Get-DemoQueue").Single<QueueStatistics>().Visible);
        }

        [Fact]
        public void A_foreground_crash_is_a_ConsumerCrashed_error_and_leaves_the_message_in_flight()
        {
            var result = _session.Run("$cf = New-DemoEnvironment -Name con-crash -VisibilityTimeout 600; $cf | Send-DemoMessage -Count 1 | Out-Null; $cf | Start-DemoConsumer -CrashAfterReceive");
            Assert.Equal("ConsumerCrashed,SqsDemo.Commands.StartDemoConsumerCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal(MessageOutcome.Crashed, result.Single<ConsumerRecord>().Outcome);
            var stats = _session.Run("$cf | Get-DemoQueue").Single<QueueStatistics>();
            Assert.Equal(1, stats.InFlight);
        }

        [Fact]
        public void WhatIf_starts_no_consumer()
        {
            var result = _session.Run("$w = New-DemoEnvironment -Name con-whatif; $w | Send-DemoMessage -Count 1 | Out-Null; $w | Start-DemoConsumer -AsJob -WhatIf").NoErrors();
            Assert.Empty(result.Output);
            Assert.Equal(1, _session.Run("$w | Get-DemoQueue").Single<QueueStatistics>().Visible);
        }

        [Fact]
        public void AsJob_returns_a_job_that_the_built_in_job_cmdlets_manage()
        {
            var job = _session.Run("$j = New-DemoEnvironment -Name con-job; $j | Send-DemoMessage -Count 3 | Out-Null; $j | Start-DemoConsumer -AsJob -ConsumerId job-1 -MessageLimit 3")
                .NoErrors().Single<Job>();
            Assert.Equal("job-1", job.Name);
            Assert.Equal("SqsDemoConsumerJob", job.PSJobTypeName);
            Assert.Single(_session.Run("Get-Job -Name job-1").NoErrors().Output);

            var waited = _session.Run("Wait-Job -Name job-1 -Timeout 120").NoErrors().Single<Job>();
            Assert.Equal(JobState.Completed, waited.JobStateInfo.State);
            var records = _session.Run("Receive-Job -Name job-1").NoErrors().Objects<ConsumerRecord>().ToArray();
            Assert.Equal(3, records.Length);
            Assert.False(_session.Run("(Get-Job -Name job-1).HasMoreData").Output.Single().BaseObject is true);
            _session.Run("Remove-Job -Name job-1").NoErrors();
            Assert.Empty(_session.Run("Get-Job -Name job-1 -ErrorAction SilentlyContinue").Output);
        }

        [Fact]
        public void Stop_Job_is_a_graceful_stop()
        {
            _session.Run("$s = New-DemoEnvironment -Name con-stop; Start-DemoConsumer -QueueUrl $s.QueueUrl -AsJob -ConsumerId stop-1 | Out-Null").NoErrors();
            // The consumer long-polls an empty queue; wait until the journal shows it started, then stop it.
            WaitUntil(() => _session.Run("Get-DemoJournal -Kind ConsumerStarted -Actor stop-1").Output.Count == 1);
            _session.Run("Stop-Job -Name stop-1").NoErrors();
            var state = _session.Run("(Get-Job -Name stop-1).State.ToString()").Output.Single().BaseObject;
            Assert.Equal("Stopped", state);
            var ended = _session.Run("Get-DemoJournal -Kind ConsumerEnded -Actor stop-1").Single<JournalEvent>();
            Assert.Equal(ConsumerEnding.Stopped, ended.Ending);
            _session.Run("Remove-Job -Name stop-1").NoErrors();
        }

        [Fact]
        public void A_crash_ends_the_job_as_Failed_with_the_reason()
        {
            _session.Run("$k = New-DemoEnvironment -Name con-jobcrash; $k | Send-DemoMessage -Count 1 | Out-Null; $k | Start-DemoConsumer -AsJob -ConsumerId crash-1 -CrashAfterReceive | Out-Null").NoErrors();
            var job = _session.Run("Wait-Job -Name crash-1 -Timeout 120").Single<Job>();
            Assert.Equal(JobState.Failed, job.JobStateInfo.State);
            Assert.Contains("crash after receive", job.JobStateInfo.Reason.Message);
            var received = _session.Run("Receive-Job -Name crash-1 -ErrorAction SilentlyContinue -ErrorVariable jobErrors; $jobErrors");
            Assert.Contains(received.Output.Select(o => o.BaseObject).OfType<ErrorRecord>(), e => e.FullyQualifiedErrorId.StartsWith("ConsumerCrashed"));
            _session.Run("Remove-Job -Name crash-1").NoErrors();
        }

        private static void WaitUntil(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!condition())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 120 s");
                System.Threading.Thread.Sleep(20);
            }
        }
    }
}

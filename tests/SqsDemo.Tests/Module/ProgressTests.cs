using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Long work shows a progress bar, as PowerShell.Streams.Progress receives it: one activity id per
    /// kind of work, records while it runs, and a Completed record at the end, so no bar is left behind.
    /// </summary>
    public sealed class ProgressTests : IClassFixture<ModuleSession>
    {
        private const int Sending = 0x5d5;
        private const int Autoscaling = 0x5d7;
        private const int Consuming = 0x5d8;
        private const int Redriving = 0x5da;
        private const int WaitingForEvents = 0x5db;

        private readonly ModuleSession _session;

        public ProgressTests(ModuleSession session)
        {
            _session = session;
            _session.Run("$null = Connect-DemoBackend -TimeScale 100").NoErrors();
        }

        /// <summary>The records of one activity, checked to run while the work does and to end Completed.</summary>
        private static ProgressRecord[] Bar(ModuleSession.Result result, int activityId)
        {
            var records = result.Progress.Where(p => p.ActivityId == activityId).ToArray();
            Assert.True(records.Length >= 2, $"activity {activityId:x}: {records.Length} record(s)");
            Assert.Equal(ProgressRecordType.Processing, records[0].RecordType);
            Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
            Assert.Single(records, r => r.RecordType == ProgressRecordType.Completed);
            return records;
        }

        [Fact]
        public void Sending_more_than_200_messages_shows_how_many_are_sent()
        {
            var result = _session.Run("$e = New-DemoEnvironment -Name progress-send; $e | Send-DemoMessage -Count 250 | Out-Null").NoErrors();
            var bar = Bar(result, Sending);
            Assert.Equal("Sending 250 messages to progress-send", bar[0].Activity);
            Assert.Equal("0 of 250 sent", bar[0].StatusDescription);
            Assert.Contains(bar, r => r.StatusDescription == "250 of 250 sent" && r.PercentComplete == 100);
            Assert.True(bar.Length < 100, $"{bar.Length} records for 250 messages: the bar is not throttled");
        }

        [Fact]
        public void Sending_200_messages_or_fewer_shows_no_bar()
        {
            var result = _session.Run("$e = New-DemoEnvironment -Name progress-send-few; $e | Send-DemoMessage -Count 200 | Out-Null").NoErrors();
            Assert.DoesNotContain(result.Progress, p => p.ActivityId == Sending);
        }

        [Fact]
        public void A_consumer_in_the_foreground_counts_what_it_did_against_its_message_limit()
        {
            var result = _session.Run("$e = New-DemoEnvironment -Name progress-consume; $e | Send-DemoMessage -Count 6 -PoisonCount 1 | Out-Null; " +
                                      "$e | Start-DemoConsumer -ConsumerId counted -MessageLimit 6 -LogLevel Error | Out-Null").NoErrors();
            var bar = Bar(result, Consuming);
            Assert.Equal("Consumer counted on progress-consume", bar[0].Activity);
            Assert.Equal(0, bar[0].PercentComplete);
            // -LogLevel Error keeps the records off the pipeline, not out of the count.
            Assert.Contains(bar, r => r.StatusDescription == "5 processed, 1 rejected" && r.PercentComplete == 100);
        }

        [Fact]
        public void Waiting_for_a_redrive_shows_the_messages_moved()
        {
            var result = _session.Run("$e = New-DemoEnvironment -Name progress-redrive -MaxReceiveCount 1 -VisibilityTimeout 2 -ReceiveWaitTime 1; " +
                                      "$e | Send-DemoMessage -Count 3 -PoisonCount 3 | Out-Null; $e | Start-DemoConsumer -IdleTimeoutSeconds 6 | Out-Null; " +
                                      "$e | Start-DemoRedrive -Wait").NoErrors();
            Assert.Equal("COMPLETED", result.Output.Single().Properties["Status"].Value);
            var bar = Bar(result, Redriving);
            Assert.Equal("Redriving progress-redrive-dlq", bar[0].Activity);
            Assert.Contains(bar, r => r.StatusDescription == "COMPLETED: 3 of 3 moved" && r.PercentComplete == 100);
        }

        [Fact]
        public void Waiting_for_journal_events_counts_them()
        {
            var result = _session.Run("$e = New-DemoEnvironment -Name progress-wait; $e | Send-DemoMessage -Count 2 | Out-Null; " +
                                      "Wait-DemoJournal -Kind Sent -Count 2 | Out-Null").NoErrors();
            var bar = Bar(result, WaitingForEvents);
            Assert.Equal("Waiting for 2 Sent event(s)", bar[0].Activity);
            Assert.Contains(bar, r => r.StatusDescription == "2 of 2 recorded" && r.PercentComplete == 100);
        }

        [Fact]
        public void The_autoscaler_shows_each_tick_until_the_queue_drains()
        {
            var result = _session.Run("$e = New-DemoEnvironment -Name progress-autoscale; $e | Send-DemoMessage -Count 20 | Out-Null; " +
                                      "$e | Invoke-DemoAutoscaler -IntervalSeconds 2 -ScaleOut { param($queueUrl, $backend) Start-DemoConsumer -QueueUrl $queueUrl -Backend $backend -AsJob -IdleTimeoutSeconds 5 } | Out-Null").NoErrors();
            var bar = Bar(result, Autoscaling);
            Assert.Equal("Autoscaling progress-autoscale", bar[0].Activity);
            Assert.Contains(bar, r => r.StatusDescription.StartsWith("tick 1: visible ", StringComparison.Ordinal));
        }
    }
}

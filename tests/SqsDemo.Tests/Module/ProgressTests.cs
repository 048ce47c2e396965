using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Long work shows a progress bar, as PowerShell.Streams.Progress receives it: one activity id per
    /// kind of work, records while it runs, and a Completed record at the end, so no bar is left behind.
    /// A bar redraws at most four times a second of wall time; the session's wall clock is one the test
    /// moves, a quarter second per reading unless a test says otherwise, so every update shows.
    /// </summary>
    public sealed class ProgressTests : IClassFixture<ModuleSession>
    {
        private const int Sending = 0x5d5;
        private const int ScenarioRun = 0x5d6;
        private const int Autoscaling = 0x5d7;
        private const int Consuming = 0x5d8;
        private const int ScenarioPhase = 0x5d9;
        private const int Redriving = 0x5da;
        private const int WaitingForEvents = 0x5db;

        private readonly ModuleSession _session;

        public ProgressTests(ModuleSession session)
        {
            _session = session;
            _session.Run("$null = Connect-DemoBackend -TimeScale 100").NoErrors();
            UseWallClock(new SteppingWallClock(TimeSpan.FromMilliseconds(250)));
        }

        private void UseWallClock(TimeProvider clock) =>
            _session.Run("[SqsDemo.Session.DemoSession]::Current.WallClock = $clock", new System.Collections.Hashtable { ["clock"] = clock }).NoErrors();

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
        }

        [Fact]
        public void A_bar_is_redrawn_at_most_four_times_a_second_of_wall_time_and_ends_with_its_last_state()
        {
            // 10 ms of wall time per reading: a send loop reads the clock once a message, far oftener than a person reads.
            var clock = new SteppingWallClock(TimeSpan.FromMilliseconds(10));
            UseWallClock(clock);
            var result = _session.Run("$e = New-DemoEnvironment -Name progress-throttled; $e | Send-DemoMessage -Count 1000 | Out-Null").NoErrors();
            var bar = Bar(result, Sending);
            var drawn = bar.Count(r => r.RecordType == ProgressRecordType.Processing);
            var allowed = 1 + (int)(clock.Elapsed.Ticks / TimeSpan.FromMilliseconds(250).Ticks);
            Assert.True(drawn <= allowed, $"{drawn} records in {clock.Elapsed.TotalSeconds:0.00} s of wall time: at most {allowed}");
            Assert.True(drawn >= allowed / 2, $"{drawn} records in {clock.Elapsed.TotalSeconds:0.00} s of wall time: the bar hardly moves");
            Assert.Equal("1000 of 1000 sent", bar[^1].StatusDescription);
        }

        [Theory]
        [InlineData("crash")]
        [InlineData("poison")]
        public void While_the_wall_clock_stands_still_a_scenario_draws_each_bar_once_then_completes_it(string scenario)
        {
            // However many phases, consumers and messages a run has, a bar drawn is not drawn again in the same instant.
            UseWallClock(new SteppingWallClock(TimeSpan.Zero));
            var result = _session.Run($"Invoke-DemoScenario -Name {scenario} -TimeScale 100").NoErrors();
            Assert.True((bool)result.Output.Single().Properties["Passed"].Value);
            Assert.NotEmpty(result.Progress);
            foreach (var activity in result.Progress.GroupBy(p => p.ActivityId))
            {
                var types = activity.Select(p => p.RecordType).ToArray();
                var expected = Enumerable.Repeat(new[] { ProgressRecordType.Processing, ProgressRecordType.Completed }, types.Length / 2).SelectMany(t => t);
                Assert.True(expected.SequenceEqual(types), $"activity {activity.Key:x}: {string.Join(", ", types)}");
            }
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
            // A long visibility timeout: the rejected poison must not come back before the limit is reached.
            var result = _session.Run("$e = New-DemoEnvironment -Name progress-consume -VisibilityTimeout 600; $e | Send-DemoMessage -Count 6 -PoisonCount 1 | Out-Null; " +
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

        [Fact]
        public void A_scenario_shows_its_run_and_under_it_each_phase_its_script_announces()
        {
            var script = Path.Combine(Path.GetTempPath(), "sqsdemo-phases-" + Guid.NewGuid().ToString("N") + ".ps1");
            File.WriteAllText(script, @"
Write-DemoPhase 'the messages are sent'
$e = New-DemoEnvironment -Name phased
$e | Send-DemoMessage -Count 2 | Out-Null
Write-DemoPhase 'a consumer drains the queue'
$e | Start-DemoConsumer -IdleTimeoutSeconds 5 | Out-Null
New-DemoCheck 'queue empty' -Expected 0 -Actual ($e | Get-DemoQueue).Visible
");
            try
            {
                var result = _session.Run($"Invoke-DemoScenario -Path '{script}'").NoErrors();
                var run = Bar(result, ScenarioRun);
                Assert.StartsWith("Scenario sqsdemo-phases-", run[0].Activity);
                Assert.Equal(new[] { "phase 1: the messages are sent", "phase 2: a consumer drains the queue" },
                    run.Where(r => r.StatusDescription.StartsWith("phase ", StringComparison.Ordinal)).Select(r => r.StatusDescription).Distinct());

                var phases = Bar(result, ScenarioPhase);
                Assert.All(phases, p => Assert.Equal(ScenarioRun, p.ParentActivityId));
                Assert.Equal(new[] { "the messages are sent", "a consumer drains the queue" }, phases.Select(p => p.Activity).Distinct());
                // The phase ends before the run does: a child bar never outlives its parent.
                Assert.True(Array.IndexOf(result.Progress, phases[^1]) < Array.IndexOf(result.Progress, run[^1]));

                var journaled = result.Output.Single().Properties["Journal"].Value as System.Collections.IEnumerable;
                var phaseEvents = journaled!.Cast<object>().Select(PSObject.AsPSObject).Where(e => e.Properties["Kind"].Value.ToString() == "Phase").ToArray();
                Assert.Equal(new[] { "the messages are sent", "a consumer drains the queue" }, phaseEvents.Select(e => e.Properties["PhaseName"].Value));
                Assert.All(phaseEvents, e => Assert.Equal("scenario", e.Properties["Actor"].Value));
            }
            finally
            {
                File.Delete(script);
            }
        }

        [Fact]
        public void Outside_a_scenario_a_phase_is_journaled_by_the_user_without_a_bar()
        {
            var result = _session.Run("Write-DemoPhase 'by hand' -PassThru").NoErrors();
            var phase = result.Output.Single();
            Assert.Equal("Phase", phase.Properties["Kind"].Value.ToString());
            Assert.Equal("user", phase.Properties["Actor"].Value);
            Assert.Equal("by hand", phase.Properties["PhaseName"].Value);
            Assert.Empty(result.Progress);
            Assert.Empty(_session.Run("Write-DemoPhase 'quiet'").NoErrors().Output);
        }
    }
}

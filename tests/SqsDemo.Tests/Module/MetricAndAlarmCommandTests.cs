using System;
using System.IO;
using System.Linq;
using SqsDemo.Engine.Alarms;
using SqsDemo.Engine.Metrics;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Get-DemoMetric, New-DemoAlarm and Get-DemoAlarm through the module, as a user and a scenario's checks use them.</summary>
    public sealed class MetricAndAlarmCommandTests : IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        [Fact]
        public void Get_DemoMetric_counts_an_environments_sends_per_minute_and_samples_its_depth()
        {
            _session.Run("Connect-DemoBackend -TimeScale 200 -Seed 4 | Out-Null; $m = New-DemoEnvironment -Name metrics; $m | Send-DemoMessage -Count 7 | Out-Null; Wait-DemoClock -Seconds 130").NoErrors();
            var sent = _session.Run("$m | Get-DemoMetric NumberOfMessagesSent").NoErrors().Objects<MetricDatapoint>().ToArray();
            var point = Assert.Single(sent);
            Assert.Equal(7, point.Value);
            Assert.Equal(MetricStatistic.Sum, point.Statistic);
            Assert.Equal("metrics", point.Queue);
            // A count's Sum per second is the rate of the period: 7 sends in a minute.
            Assert.Equal(7d / 60, point.PerSecond);
            var depth = _session.Run("Get-DemoMetric ApproximateNumberOfMessagesVisible -Environment $m").NoErrors().Objects<MetricDatapoint>().ToArray();
            // The queue's samples at 60 and 120 s (the queue was created just after 0), and the DLQ's, all by Maximum.
            // The clock runs on at x200 between commands, so later periods may have come too; the samples at 60 and 120 s are the ones waited for.
            double[] SamplesWaitedFor(string queue) => depth.Where(d => d.Queue == queue && d.ScenarioSeconds <= 120).Select(d => d.Value).ToArray();
            Assert.Equal(new[] { 7d, 7d }, SamplesWaitedFor("metrics"));
            Assert.Equal(new[] { 0d, 0d }, SamplesWaitedFor("metrics-dlq"));
            Assert.All(depth, d => Assert.Equal(MetricStatistic.Maximum, d.Statistic));
            Assert.All(depth, d => Assert.Null(d.PerSecond));
        }

        [Fact]
        public void A_wrong_metric_name_or_period_is_a_clear_error_with_a_stable_id()
        {
            var unknown = _session.Run("Get-DemoMetric NumberOfMessagesSnet");
            var error = Assert.Single(unknown.Errors);
            Assert.Equal("UnknownMetricName,SqsDemo.Commands.GetDemoMetricCommand", error.FullyQualifiedErrorId);
            Assert.Contains("NumberOfMessagesSent", error.Exception.Message);
            Assert.Equal("InvalidMetricPeriod,SqsDemo.Commands.GetDemoMetricCommand",
                _session.RunExpectingTerminatingError("Get-DemoMetric NumberOfMessagesSent -PeriodSeconds 45").FullyQualifiedErrorId);
            _session.Run("$a = New-DemoEnvironment -Name alarmed").NoErrors();
            Assert.Equal("UnknownMetricName,SqsDemo.Commands.NewDemoAlarmCommand",
                _session.RunExpectingTerminatingError("$a | New-DemoAlarm -Name x -MetricName Depth -Threshold 1").FullyQualifiedErrorId);
            Assert.Equal("InvalidMetricPeriod,SqsDemo.Commands.NewDemoAlarmCommand",
                _session.RunExpectingTerminatingError("$a | New-DemoAlarm -Name x -MetricName NumberOfMessagesSent -Threshold 1 -PeriodSeconds 5").FullyQualifiedErrorId);
            Assert.Equal("InvalidAlarmDefinition,SqsDemo.Commands.NewDemoAlarmCommand",
                _session.RunExpectingTerminatingError("$a | New-DemoAlarm -Name x -MetricName NumberOfMessagesSent -Threshold 1 -EvaluationPeriods 2 -DatapointsToAlarm 3").FullyQualifiedErrorId);
            Assert.Equal("AlarmNotFound,SqsDemo.Commands.GetDemoAlarmCommand", Assert.Single(_session.Run("Get-DemoAlarm -Name no-such-alarm").Errors).FullyQualifiedErrorId);
            Assert.Empty(_session.Run("Get-DemoAlarm -Name no-such-*").NoErrors().Output);
        }

        [Fact]
        public void Metric_and_alarm_names_complete_at_the_prompt()
        {
            string[] Complete(string line) => _session.Run($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText")
                .NoErrors().Output.Select(o => o.ToString()).ToArray();
            Assert.Equal(new[] { "ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "ApproximateAgeOfOldestMessage" },
                Complete("Get-DemoMetric -MetricName Approx"));
            Assert.Equal(new[] { "NumberOfEmptyReceives" }, Complete("New-DemoAlarm -MetricName numberofem"));
            _session.Run("$c = New-DemoEnvironment -Name completed; $c | New-DemoAlarm -Name completed-depth -MetricName ApproximateNumberOfMessagesVisible -Threshold 5 | Out-Null").NoErrors();
            Assert.Equal(new[] { "completed-depth" }, Complete("Get-DemoAlarm -Name compl"));
        }

        [Fact]
        public void New_DemoAlarm_WhatIf_attaches_nothing()
        {
            _session.Run("$w = New-DemoEnvironment -Name whatif-alarm; $w | New-DemoAlarm -Name not-attached -MetricName NumberOfMessagesSent -Threshold 1 -WhatIf").NoErrors();
            Assert.Empty(_session.Run("Get-DemoAlarm").NoErrors().Output);
        }

        [Fact]
        public void A_scenarios_checks_read_the_alarm_history_and_its_result_keeps_it()
        {
            var script = Path.Combine(Path.GetTempPath(), "sqsdemo-alarm-" + Guid.NewGuid().ToString("N") + ".ps1");
            File.WriteAllText(script, @"
$e = New-DemoEnvironment -Name watched
New-DemoAlarm -Name dlq-not-empty -QueueUrl $e.DeadLetterQueueUrl -MetricName ApproximateNumberOfMessagesVisible -Threshold 0 -PeriodSeconds 10 -TreatMissingData NotBreaching | Out-Null
$e | Send-DemoMessage -Count 2 -PoisonCount 1 | Out-Null
$e | Start-DemoConsumer -IdleTimeoutSeconds 40 -VisibilityTimeout 5 -ErrorAction SilentlyContinue | Out-Null
$e | Wait-DemoQueue -DeadLetterVisibleAtLeast 1 -TimeoutSeconds 120 | Out-Null
Wait-DemoJournal -Kind AlarmStateChanged -Count 2 -TimeoutSeconds 60 | Out-Null
New-DemoCheck 'the DLQ alarm fired' -Expected 'ALARM' -Actual (Get-DemoAlarm -Name dlq-not-empty -History | Select-Object -Last 1).NewState
New-DemoCheck 'the alarm is in ALARM' -Expected 'ALARM' -Actual (Get-DemoAlarm -Name dlq-not-empty).State
");
            try
            {
                _session.Run("Connect-DemoBackend -TimeScale 100 | Out-Null").NoErrors();
                var result = _session.Run($"Invoke-DemoScenario -Path '{script}' -Seed 5").NoErrors().Single<ScenarioResult>();
                Assert.True(result.Passed, string.Join("; ", result.Checks.Select(c => c + " " + c.Actual)) + " " + result.Error);
                _session.Run("$global:watchedResult = Invoke-DemoScenario -Path '" + script + "' -Seed 6").NoErrors();
                var history = _session.Run("$watchedResult | Get-DemoAlarm").NoErrors().Objects<AlarmHistoryItem>().ToArray();
                Assert.Equal(AlarmState.ALARM, history.Last().NewState);
                Assert.StartsWith("Threshold Crossed", history.Last().Reason);
            }
            finally
            {
                File.Delete(script);
            }
        }
    }
}

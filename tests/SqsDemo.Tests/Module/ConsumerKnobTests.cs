using System;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class ConsumerKnobTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public ConsumerKnobTests(ModuleSession session) => _session = session;

        [Theory]
        [InlineData("-SleepMinSeconds 5 -SleepMaxSeconds 1", "SleepMaxSeconds")]
        [InlineData("-LongSleepEvery 3", "LongSleepSeconds")]
        [InlineData("-CrashAfterSideEffect -StatusTable '' -SideEffectsTable ''", "ledger")]
        [InlineData("-StatusTable only-one", "both tables")]
        public void Inconsistent_knobs_are_refused_with_InvalidConsumerOptions(string knobs, string mentioned)
        {
            _session.Run("$v = New-DemoEnvironment -Name knob-validate").NoErrors();
            var error = _session.RunExpectingTerminatingError("Start-DemoConsumer -QueueUrl $v.QueueUrl " + knobs);
            Assert.Equal("InvalidConsumerOptions,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
            Assert.Contains(mentioned, error.Exception.Message);
        }

        [Theory]
        [InlineData("-SleepMinSeconds -1")]
        [InlineData("-MaxMessages 11")]
        [InlineData("-WaitTimeSeconds 21")]
        [InlineData("-SideEffectDelaySeconds -2")]
        [InlineData("-HeartbeatSeconds 0")]
        [InlineData("-HeartbeatSeconds 43200")]
        [InlineData("-StaleAfterSeconds 0")]
        public void Out_of_range_knobs_are_refused_by_validation(string knob)
        {
            var error = _session.RunExpectingTerminatingError("Start-DemoConsumer -QueueUrl 'http://x/1/q' " + knob);
            Assert.Equal("ParameterArgumentValidationError,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void An_environment_with_a_ledger_turns_the_ledger_on_when_piped_in()
        {
            var records = _session.Run("$l = New-DemoEnvironment -Name knob-ledger -Ledger; $l | Send-DemoMessage -Count 3 | Out-Null; $l | Start-DemoConsumer -MessageLimit 3")
                .NoErrors().Objects<ConsumerRecord>().ToArray();
            Assert.Equal(3, records.Length);
            var status = _session.Run("$l | Get-DemoMessageStatus").NoErrors().Objects<StatusRecord>().ToArray();
            Assert.Equal(3, status.Length);
            Assert.All(status, s => Assert.Equal(MessageStatus.COMPLETED, s.Status));
            Assert.Equal(records.Select(r => r.BodyId).OrderBy(x => x), _session.Run("$l | Get-DemoSideEffect").Objects<SideEffectRecord>().Select(e => e.Key).OrderBy(x => x));
        }

        [Fact]
        public void A_missing_business_field_falls_back_to_the_message_id_with_a_warning()
        {
            var result = _session.Run("$b = New-DemoEnvironment -Name knob-biz -Ledger; '{\"id\":\"no-order\"}' | Send-DemoMessage -QueueUrl $b.QueueUrl | Out-Null; $b | Start-DemoConsumer -MessageLimit 1 -BusinessIdempotencyField order_id");
            Assert.Contains(result.Warnings, w => w.Contains("no 'order_id' field"));
            Assert.Equal("no-order", _session.Run("$b | Get-DemoSideEffect").Single<SideEffectRecord>().Key);
        }

        [Fact]
        public void RestartOnCrash_starts_fresh_incarnations_until_the_queue_drains()
        {
            _session.Run("Connect-DemoBackend -Seed 5 | Out-Null; $r = New-DemoEnvironment -Name knob-restart -Ledger -MaxReceiveCount 10; $r | Send-DemoMessage -Count 20 | Out-Null").NoErrors();
            _session.Run("$r | Start-DemoConsumer -AsJob -ConsumerId restarter -CrashRate 0.3 -RestartOnCrash -IdleTimeoutSeconds 30 | Out-Null").NoErrors();
            var job = _session.Run("Wait-Job -Name restarter -Timeout 120").Single<Job>();
            Assert.Equal(JobState.Completed, job.JobStateInfo.State);

            var crashes = _session.Run("Get-DemoJournal -Kind Crashed -Actor restarter*").Objects<JournalEvent>().ToArray();
            var restarts = _session.Run("Get-DemoJournal -Kind ConsumerRestarted -Actor restarter").Objects<JournalEvent>().ToArray();
            Assert.NotEmpty(crashes);
            Assert.Equal(crashes.Length, restarts.Length);
            Assert.Equal(restarts.Length, _session.Run("(Get-Job -Name restarter).Summary.Restarts").Output.Single().BaseObject);
            // Each incarnation has its own name, so the journal tells them apart.
            Assert.Equal(crashes.Length + 1, _session.Run("Get-DemoJournal -Kind ConsumerStarted -Actor restarter*").Output.Count);

            var effects = _session.Run("$r | Get-DemoSideEffect").Objects<SideEffectRecord>().ToArray();
            Assert.Equal(20, effects.Length);
            Assert.Equal(0, _session.Run("$r | Get-DemoAccounting").Single<MessageAccounting>().Unaccounted);
            _session.Run("Remove-Job -Name restarter").NoErrors();
        }

        [Fact]
        public void LogLevel_Warning_writes_only_the_unusual_records()
        {
            var records = _session.Run("$g = New-DemoEnvironment -Name knob-log; $g | Send-DemoMessage -Count 4 -PoisonCount 1 | Out-Null; $g | Start-DemoConsumer -MessageLimit 4 -LogLevel Warning")
                .NoErrors().Objects<ConsumerRecord>().ToArray();
            Assert.Equal(new[] { MessageOutcome.Rejected }, records.Select(r => r.Outcome));
            Assert.Equal(3, _session.Run("Get-DemoJournal -Kind Processed -QueueUrl $g.QueueUrl").Output.Count);
        }

        [Fact]
        public void FromEnvironmentVariables_reads_the_seeds_variables_explicit_parameters_win_and_the_old_name_FromEnvironment_still_works()
        {
            _session.Run("$f = New-DemoEnvironment -Name knob-env; $f | Send-DemoMessage -Count 4 | Out-Null").NoErrors();
            var queueUrl = _session.Run("$f.QueueUrl").Output.Single().ToString();
            Environment.SetEnvironmentVariable("QUEUE_URL", queueUrl);
            Environment.SetEnvironmentVariable("MESSAGE_LIMIT", "3");
            Environment.SetEnvironmentVariable("MAX_MESSAGES", "2");
            try
            {
                var fromEnv = _session.Run("Start-DemoConsumer -FromEnvironmentVariables -ConsumerId env-1").NoErrors().Objects<ConsumerRecord>().ToArray();
                Assert.Equal(3, fromEnv.Length);
                var explicitWins = _session.Run("Start-DemoConsumer -FromEnvironment -ConsumerId env-2 -MessageLimit 1").NoErrors().Objects<ConsumerRecord>().ToArray();
                Assert.Single(explicitWins);
                // An alias, not only a prefix of the new name: a later -FromEnvironment... parameter cannot make it ambiguous.
                Assert.Contains("FromEnvironment", _session.Run("(Get-Command Start-DemoConsumer).Parameters['FromEnvironmentVariables'].Aliases").NoErrors().Output.Select(o => o.ToString()));
                var started = _session.Run("Get-DemoJournal -Kind ConsumerStarted -Actor env-1").Single<JournalEvent>();
                Assert.Equal(2, started.MaxMessages);
            }
            finally
            {
                Environment.SetEnvironmentVariable("QUEUE_URL", null);
                Environment.SetEnvironmentVariable("MESSAGE_LIMIT", null);
                Environment.SetEnvironmentVariable("MAX_MESSAGES", null);
            }
        }

        [Fact]
        public void FromEnvironmentVariables_refuses_a_malformed_variable_with_InvalidConsumerOptions_naming_it()
        {
            Environment.SetEnvironmentVariable("QUEUE_URL", "http://x/1/q");
            Environment.SetEnvironmentVariable("CRASH_RATE", "lots");
            try
            {
                var error = _session.RunExpectingTerminatingError("Start-DemoConsumer -FromEnvironmentVariables -MessageLimit 1");
                Assert.Equal("InvalidConsumerOptions,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
                Assert.Contains("CRASH_RATE", error.Exception.Message);
            }
            finally
            {
                Environment.SetEnvironmentVariable("QUEUE_URL", null);
                Environment.SetEnvironmentVariable("CRASH_RATE", null);
            }
        }

        [Fact]
        public void FromEnvironmentVariables_reads_HEARTBEAT_SECONDS_and_STALE_AFTER_SECONDS()
        {
            _session.Run("$fh = New-DemoEnvironment -Name knob-env-heartbeat -VisibilityTimeout 10; $fh | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            Environment.SetEnvironmentVariable("QUEUE_URL", _session.Run("$fh.QueueUrl").Output.Single().ToString());
            Environment.SetEnvironmentVariable("MESSAGE_LIMIT", "1");
            Environment.SetEnvironmentVariable("HEARTBEAT_SECONDS", "4");
            Environment.SetEnvironmentVariable("STALE_AFTER_SECONDS", "600");
            try
            {
                Assert.Single(_session.Run("Start-DemoConsumer -FromEnvironmentVariables -ConsumerId env-heartbeat").NoErrors().Objects<ConsumerRecord>());
                var started = _session.Run("Get-DemoJournal -Kind ConsumerStarted -Actor env-heartbeat").Single<JournalEvent>();
                Assert.Equal((4.0, 600.0), (started.HeartbeatSeconds, started.StaleAfterSeconds));
            }
            finally
            {
                foreach (var name in new[] { "QUEUE_URL", "MESSAGE_LIMIT", "HEARTBEAT_SECONDS", "STALE_AFTER_SECONDS" })
                    Environment.SetEnvironmentVariable(name, null);
            }
        }

        [Theory]
        [InlineData("HEARTBEAT_SECONDS", "0", "more than 0")]
        [InlineData("HEARTBEAT_SECONDS", "10", "less than the visibility timeout")]
        [InlineData("HEARTBEAT_SECONDS", "soon", "HEARTBEAT_SECONDS")]
        [InlineData("STALE_AFTER_SECONDS", "-5", "more than 0")]
        [InlineData("STALE_AFTER_SECONDS", "old", "STALE_AFTER_SECONDS")]
        public void FromEnvironmentVariables_refuses_a_bad_heartbeat_or_staleness_with_InvalidConsumerOptions(string variable, string value, string mentioned)
        {
            _session.Run("$fb = New-DemoEnvironment -Name knob-env-bad -VisibilityTimeout 10").NoErrors();
            Environment.SetEnvironmentVariable("QUEUE_URL", _session.Run("$fb.QueueUrl").Output.Single().ToString());
            Environment.SetEnvironmentVariable(variable, value);
            try
            {
                var error = _session.RunExpectingTerminatingError("Start-DemoConsumer -FromEnvironmentVariables -MessageLimit 1");
                Assert.Equal("InvalidConsumerOptions,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
                Assert.Contains(mentioned, error.Exception.Message);
            }
            finally
            {
                Environment.SetEnvironmentVariable("QUEUE_URL", null);
                Environment.SetEnvironmentVariable(variable, null);
            }
        }
    }
}

using System.IO;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Outside;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Start-DemoConsumer -Command in a hosted session: the job, its lines and endings, the endpoint started on demand, and the refusals.
    /// The job's type lives in the cmdlet assembly, which this project does not reference: its properties are read dynamically.
    /// </summary>
    public sealed class OutsideConsumerCommandTests : System.IDisposable
    {
        private static readonly string SeedConsumer = "'\"" + MotoServer.Python + "\" \"" + Path.Combine(RepoPaths.Root, "tests", "clients", "python", "seed_consumer.py") + "\"'";
        private readonly ModuleSession _session = new ModuleSession();

        public OutsideConsumerCommandTests() =>
            _session.Run("Connect-DemoBackend -Embedded -TimeScale 10 -Seed 19 | Out-Null; $e = New-DemoEnvironment -Name outside -Ledger -VisibilityTimeout 300").NoErrors();

        public void Dispose()
        {
            _session.Run("Get-Job | Stop-Job; Get-Job | Remove-Job -Force; Get-DemoEndpoint | Stop-DemoEndpoint");
            _session.Dispose();
        }

        [Fact]
        public void A_consumer_process_drains_the_queue_through_an_endpoint_started_for_it_and_its_job_completes_with_its_output()
        {
            _session.Run("$e | Send-DemoMessage -Count 4 | Out-Null").NoErrors();
            dynamic job = _session.Run($"$e | Start-DemoConsumer -Command {SeedConsumer} -WaitTimeSeconds 1 -IdleTimeoutSeconds 20 -MessageLimit 4 -AsJob").NoErrors().Output.Single().BaseObject;
            Assert.Equal(("consumer-1", "SqsDemoOutsideConsumerJob"), ((string)job.ConsumerId, (string)job.PSJobTypeName));
            var endpoint = _session.Run("Get-DemoEndpoint").NoErrors().Single<DemoEndpoint>();
            Assert.StartsWith("http://127.0.0.1:", endpoint.Url);

            _session.Run("$null = Get-Job -Name consumer-1 | Wait-Job -Timeout 90").NoErrors();
            Assert.Equal(JobState.Completed, (JobState)job.JobStateInfo.State);
            var summary = (OutsideConsumerSummary)job.Summary;
            Assert.Equal((ConsumerEnding.Exited, 0, 4, 4), (summary.Ending, summary.ExitCode, summary.Received, summary.Deleted));
            // Its standard output (the reference consumer's JSON report) is the job's output.
            var lines = _session.Run("Receive-Job -Name consumer-1 -ErrorAction SilentlyContinue").Output.Select(o => o.BaseObject).OfType<string>().ToArray();
            Assert.Contains(lines, l => l.Contains("\"performed\": 4"));
            Assert.True(_session.Run("$e | Get-DemoQueue").NoErrors().Single<SqsDemo.Engine.Environments.QueueStatistics>().IsEmpty);
        }

        [Fact]
        public void Stop_Job_stops_the_process_gracefully_and_the_job_ends_Stopped()
        {
            _session.Run("$e | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            dynamic job = _session.Run($"$e | Start-DemoConsumer -Command {SeedConsumer} -WaitTimeSeconds 1 -AsJob").NoErrors().Output.Single().BaseObject;
            // Once it has handled a message it is past its start-up, where a SIGTERM would find no handler yet.
            _session.Run("Wait-DemoJournal -Kind Deleted -TimeoutSeconds 900 | Out-Null").NoErrors();
            Assert.NotNull((int?)job.ProcessId);
            _session.Run("Stop-Job -Name consumer-1").NoErrors();
            Assert.Equal(JobState.Stopped, (JobState)job.JobStateInfo.State);
            var summary = (OutsideConsumerSummary)job.Summary;
            Assert.Equal((ConsumerEnding.Stopped, (int?)0), (summary.Ending, summary.ExitCode));
            Assert.Null((int?)job.ProcessId);
        }

        [Fact]
        public void A_kill_fails_the_job_with_ConsumerCrashed_naming_the_point()
        {
            _session.Run("$e | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            dynamic job = _session.Run($"$e | Start-DemoConsumer -Command {SeedConsumer} -WaitTimeSeconds 1 -KillBeforeDelete -AsJob").NoErrors().Output.Single().BaseObject;
            _session.Run("$null = Get-Job -Name consumer-1 | Wait-Job -Timeout 90").NoErrors();
            Assert.Equal(JobState.Failed, (JobState)job.JobStateInfo.State);
            Assert.Equal(new[] { KillPoint.BeforeDelete }, ((OutsideConsumerSummary)job.Summary).Kills);
            var errors = _session.Run("Receive-Job -Name consumer-1 -ErrorAction SilentlyContinue -ErrorVariable failures; $failures").Objects<ErrorRecord>().ToArray();
            var crashed = Assert.Single(errors, e => e.FullyQualifiedErrorId.StartsWith("ConsumerCrashed"));
            Assert.Contains("before the delete", crashed.Exception.Message);
        }

        [Theory]
        [InlineData("-Handler { $_ }", "Handler")]
        [InlineData("-BatchSize 5", "BatchSize")]
        [InlineData("-VisibilityTimeout 30", "VisibilityTimeout")]
        [InlineData("-LeaseGuard", "LeaseGuard")]
        public void A_parameter_only_SqsDemos_consumer_has_is_OptionNeedsBuiltInConsumer(string parameter, string name)
        {
            var error = _session.RunExpectingTerminatingError($"$e | Start-DemoConsumer -Command 'python3 consume.py' {parameter}");
            Assert.Equal("OptionNeedsBuiltInConsumer,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
            Assert.Contains("-" + name, error.Exception.Message);
            Assert.Empty(_session.Run("Get-Job").Output);
        }

        [Fact]
        public void A_process_parameter_without_Command_is_OptionNeedsConsumerCommand()
        {
            var error = _session.RunExpectingTerminatingError("$e | Start-DemoConsumer -KillBeforeDelete -AsJob");
            Assert.Equal("OptionNeedsConsumerCommand,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void A_program_that_is_not_there_is_ConsumerCommandNotStarted_and_no_job()
        {
            var error = _session.RunExpectingTerminatingError("$e | Start-DemoConsumer -Command 'no-such-consumer-program consume.py'");
            Assert.Equal("ConsumerCommandNotStarted,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
            Assert.Empty(_session.Run("Get-Job").Output);
        }

        [Fact]
        public void On_a_backend_that_is_not_embedded_it_is_OutsideConsumerNeedsEmbeddedBackend()
        {
            // An endpoint's queues through Connect-DemoBackend -EndpointUrl: a remote backend, as moto's would be.
            var endpoint = _session.Run("Start-DemoEndpoint -Port 0").NoErrors().Single<DemoEndpoint>();
            _session.Run($"Connect-DemoBackend -EndpointUrl '{endpoint.Url}' -Region us-east-1 | Out-Null; $r = New-DemoEnvironment -Name remote").NoErrors();
            var error = _session.RunExpectingTerminatingError("$r | Start-DemoConsumer -Command 'python3 consume.py'");
            Assert.Equal("OutsideConsumerNeedsEmbeddedBackend,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void In_the_foreground_its_output_comes_through_the_pipeline_and_its_standard_error_as_information()
        {
            var result = _session.Run("$e | Start-DemoConsumer -Command " + Python("import sys; print('out'); print('err', file=sys.stderr)") + " -InformationVariable said");
            Assert.Equal(new[] { "out" }, result.Objects<string>());
            Assert.Empty(result.Errors);
            var said = _session.Run("$said | Where-Object Tags -Contains stderr | ForEach-Object { $_.Tags -join ','; $_.Source; $_.MessageData }").NoErrors().Objects<string>().ToArray();
            Assert.Equal(new[] { "stderr", "consumer-1", "err" }, said);
            // Its ending comes last, tagged Throughput: the summary, with what it deleted per second on both clocks.
            var ending = _session.Run("$said[-1].Tags -join ','; $said[-1].MessageData").NoErrors().Output.Select(o => o.BaseObject).ToArray();
            Assert.Equal("Throughput", ending[0]);
            var summary = Assert.IsType<OutsideConsumerSummary>(ending[1]);
            Assert.Equal((ConsumerEnding.Exited, 0), (summary.Ending, summary.Throughput.Count));
        }

        [Fact]
        public void Knobs_timed_on_the_consumers_own_clock_are_given_in_wall_seconds_and_server_waits_as_they_are()
        {
            // At x10: 20 scenario seconds of idling are 2 wall seconds for the process; the long poll stays 5 (the endpoint scales it).
            var said = _session.Run("$e | Start-DemoConsumer -IdleTimeoutSeconds 20 -SideEffectDelaySeconds 5 -WaitTimeSeconds 5 -Command " +
                Python("import os; e = os.environ; print(e['IDLE_TIMEOUT_SECONDS'], e['SIDE_EFFECT_DELAY_SECONDS'], e['WAIT_TIME_SECONDS'])")).NoErrors().Single<string>();
            Assert.Equal("2 0.5 5", said);
        }

        [Fact]
        public void A_stale_limit_is_given_in_wall_seconds_and_the_versions_table_only_with_Versioning()
        {
            // The limit is measured on the process's clock against SentTimestamp, which reaches it in wall time: 60 scenario seconds are 6 at x10.
            var show = Python("import os; e = os.environ; print(e['STALE_AFTER_SECONDS'], e.get('ENTITY_VERSIONS_TABLE', '-'), e.get('VERSIONING_ENABLED', '-'))");
            Assert.Equal("6 - -", _session.Run("$e | Start-DemoConsumer -StaleAfterSeconds 60 -Command " + show).NoErrors().Single<string>());
            var versioned = _session.Run("$e | Start-DemoConsumer -StaleAfterSeconds 60 -Versioning -Command " + show).NoErrors().Single<string>();
            Assert.Equal("6 " + _session.Run("$e.VersionsTable").NoErrors().Single<string>() + " true", versioned);
        }

        [Fact]
        public void A_process_that_exits_with_an_error_is_ConsumerCrashed_quoting_its_last_lines_on_standard_error()
        {
            var result = _session.Run("$e | Start-DemoConsumer -Command " + Python("import sys; print('KeyError: QUEUE_NAME', file=sys.stderr); sys.exit(1)") + " -ErrorAction SilentlyContinue -ErrorVariable failed; $failed");
            var crashed = Assert.Single(result.Objects<ErrorRecord>());
            Assert.StartsWith("ConsumerCrashed", crashed.FullyQualifiedErrorId);
            Assert.Contains("exited on its own with code 1; its last lines on standard error: KeyError: QUEUE_NAME", crashed.Exception.Message);
        }

        [Fact]
        public void Writes_shows_each_write_of_a_side_effect_the_naive_process_twice_and_SqsDemos_ledger_once()
        {
            var naive = "'\"" + MotoServer.Python + "\" \"" + Path.Combine(RepoPaths.Root, "tests", "consumers", "python", "naive_consumer.py") + "\"'";
            _session.Run("'{\"id\":\"pay-1\"}', '{\"id\":\"pay-1\"}' | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null").NoErrors();
            _session.Run($"$e | Start-DemoConsumer -Command {naive} -WaitTimeSeconds 1 -MessageLimit 2 -IdleTimeoutSeconds 100 | Out-Null").NoErrors();
            var writes = _session.Run("$e | Get-DemoSideEffect -Writes").NoErrors().Objects<SqsDemo.Engine.Environments.SideEffectWrite>().ToArray();
            Assert.Equal(new[] { ("pay-1", "consumer-1", "PutItem"), ("pay-1", "consumer-1", "PutItem") }, writes.Select(w => (w.Key, w.Actor, w.Operation)));
            Assert.Single(_session.Run("$e | Get-DemoSideEffect").NoErrors().Output); // one row hides the second write

            _session.Run("'{\"id\":\"pay-2\"}', '{\"id\":\"pay-2\"}' | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null; $e | Start-DemoConsumer -Ledger -MessageLimit 2 -IdleTimeoutSeconds 30 | Out-Null").NoErrors();
            var ledgered = _session.Run("$e | Get-DemoSideEffect -Writes pay-2").NoErrors().Objects<SqsDemo.Engine.Environments.SideEffectWrite>().ToArray();
            var write = Assert.Single(ledgered);
            Assert.Equal(("SideEffect", "consumer-2"), (write.Operation, write.Actor));
            Assert.NotNull(write.MessageId);
        }

        [Fact]
        public void A_scenario_run_stops_the_consumer_process_it_left_running_and_the_endpoint_started_for_it()
        {
            var script = Path.Combine(Path.GetTempPath(), "sqsdemo-outside-" + System.Guid.NewGuid().ToString("N") + ".ps1");
            File.WriteAllText(script, "$x = New-DemoEnvironment -Name leftover -Ledger\n" +
                "$null = $x | Start-DemoConsumer -Command " + SeedConsumer + " -WaitTimeSeconds 1 -AsJob\n" +
                "New-DemoCheck 'an endpoint serves the run' -Expected 1 -Actual @(Get-DemoEndpoint).Count\n");
            try
            {
                var result = _session.Run($"Invoke-DemoScenario -Path '{script}' -WarningAction SilentlyContinue").NoErrors().Single<SqsDemo.Engine.Scenarios.ScenarioResult>();
                Assert.True(result.Passed, string.Join("; ", result.Checks.Select(c => c.Name + ": " + c.Actual)));
                Assert.Empty(_session.Run("Get-DemoEndpoint").NoErrors().Output);
                var ended = _session.Run("Get-Job | ForEach-Object { $_.JobStateInfo.State.ToString() }").NoErrors().Objects<string>().ToArray();
                Assert.All(ended, state => Assert.Equal("Stopped", state));
            }
            finally
            {
                File.Delete(script);
            }
        }

        private static string Python(string program) => "'\"" + MotoServer.Python + "\" -c \"" + program.Replace("'", "''") + "\"'";
    }
}

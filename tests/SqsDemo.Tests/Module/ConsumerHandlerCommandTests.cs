using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Start-DemoConsumer -Handler (a script block in a runspace of its own), -Dependency and the
    /// breaker, forwarding, and the options that cannot go together, through hosted PowerShell.
    /// The runspaces here are the PowerShell SDK's, as in the module's shell: handlers may use any
    /// default cmdlet (Write-Error, ConvertTo-Json, ...).
    /// </summary>
    public sealed class ConsumerHandlerCommandTests : IClassFixture<ModuleSession>
    {
        private const string InvalidConsumerOptions = "InvalidConsumerOptions,SqsDemo.Commands.StartDemoConsumerCommand";

        private readonly ModuleSession _session;

        public ConsumerHandlerCommandTests(ModuleSession session)
        {
            _session = session;
            // A fresh backend (empty broker, empty journal) per test.
            _session.Run("Connect-DemoBackend -Embedded -TimeScale 100 -Seed 23 | Out-Null").NoErrors();
        }

        private JournalEvent[] Journal(string arguments) => _session.Run("Get-DemoJournal " + arguments).NoErrors().Objects<JournalEvent>().ToArray();

        /// <summary>The bodies in a queue (received, hidden for 10 minutes), sorted: a standard queue's order is best effort.</summary>
        private string[] Bodies(string queueVariable) =>
            _session.Run($"Receive-DemoMessage -QueueUrl {queueVariable}.QueueUrl -All -WaitTimeSeconds 1 -VisibilityTimeout 600 | ForEach-Object Body")
                .NoErrors().Output.Select(o => (string)o.BaseObject).OrderBy(b => b, StringComparer.Ordinal).ToArray();

        private QueueStatistics Queue(string environmentVariable) => _session.Run(environmentVariable + " | Get-DemoQueue").NoErrors().Single<QueueStatistics>();

        [Fact]
        public void The_handler_sees_the_parsed_body_as_Message_Data_and_as_underscore_the_receive_count_and_the_consumer()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-sees; $o = New-DemoEnvironment -Name h-sees-out; $body | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null",
                new Hashtable { ["body"] = "{\"id\":\"o1\",\"customer\":\"alice\",\"amount\":5,\"address\":{\"city\":\"Oslo\"},\"lines\":[1,2,3]}" }).NoErrors();

            var records = _session.Run(@"$e | Start-DemoConsumer -ConsumerId seer -MessageLimit 1 -ForwardQueueUrl $o.QueueUrl -Handler {
                    '{0}|{1}|{2}|{3}|{4}|{5}|{6}|{7}|{8}|{9}' -f $Message.Data.customer, $_.Data.amount, $Message.ReceiveCount, $Context.ConsumerId,
                        $Message.BodyId, $Message.Data.address.city, $Message.Data.lines.Count, ($Message.Data.amount -is [long]),
                        $Context.BreakerState, ($null -eq $Context.Dependency)
                }").NoErrors().Objects<ConsumerRecord>().ToArray();

            Assert.Equal(MessageOutcome.Processed, Assert.Single(records).Outcome);
            Assert.Equal(new[] { "alice|5|1|seer|o1|Oslo|3|True|None|True" }, Bodies("$o"));
            Assert.Equal(0, Queue("$e").Visible + Queue("$e").InFlight);
        }

        [Fact]
        public void The_handler_runs_in_a_runspace_of_its_own_that_keeps_its_state_from_message_to_message()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-own; $o = New-DemoEnvironment -Name h-own-out; $e | Send-DemoMessage -Count 3 | Out-Null; $callersOwn = 'secret'").NoErrors();
            _session.Run(@"$e | Start-DemoConsumer -ConsumerId own -MessageLimit 3 -ForwardQueueUrl $o.QueueUrl -Handler {
                    $global:handled++
                    ""$global:handled [$callersOwn]""
                } | Out-Null").NoErrors();
            Assert.Equal(new[] { "1 []", "2 []", "3 []" }, Bodies("$o"));
        }

        [Fact]
        public void Outputs_are_forwarded_as_JSON_bodies_objects_without_an_id_getting_the_inputs_id_and_position()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-json; $o = New-DemoEnvironment -Name h-json-out; $body | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null",
                new Hashtable { ["body"] = "{\"id\":\"o1\",\"n\":1.5}" }).NoErrors();

            _session.Run(@"$e | Start-DemoConsumer -ConsumerId jsoner -MessageLimit 1 -ForwardQueueUrl $o.QueueUrl -Handler {
                    @{ single = 1 }
                    [ordered]@{ b = 'x'; a = 2; flag = $false; none = $null }
                    [pscustomobject]@{ name = 'n'; tags = @('t1', 't2') }
                    'plain text'
                    , @(1, 'two', $true)
                    [ordered]@{ order = [ordered]@{ id = 'inner'; lines = @([ordered]@{ sku = 'a'; qty = 2 }) }; empty = @{} }
                    $null
                    $Message.Data
                } | Out-Null").NoErrors();

            var expected = new[]
            {
                "{\"id\":\"o1-0\",\"single\":1}",
                "{\"id\":\"o1-1\",\"b\":\"x\",\"a\":2,\"flag\":false,\"none\":null}",
                "{\"id\":\"o1-2\",\"name\":\"n\",\"tags\":[\"t1\",\"t2\"]}",
                "plain text",
                "[1,\"two\",true]",
                "{\"id\":\"o1-5\",\"order\":{\"id\":\"inner\",\"lines\":[{\"sku\":\"a\",\"qty\":2}]},\"empty\":{}}",
                // The body's own object, parsed and written back, keeps its id.
                "{\"id\":\"o1\",\"n\":1.5}",
            };
            Assert.Equal(expected.OrderBy(b => b, StringComparer.Ordinal), Bodies("$o"));
            Assert.Equal(7, Journal("-Kind Forwarded -Actor jsoner").Length);
        }

        [Fact]
        public void A_FIFO_forward_takes_its_group_from_the_output_field_and_a_repeat_of_the_input_is_deduplicated()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-fifo; $o = New-DemoEnvironment -Name h-fifo-out -Fifo; $body, $body | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null",
                new Hashtable { ["body"] = "{\"id\":\"order-9\",\"customer\":\"c-7\"}" }).NoErrors();

            _session.Run(@"$e | Start-DemoConsumer -ConsumerId fifoer -MessageLimit 2 -ForwardQueueUrl $o.QueueUrl -ForwardGroupIdField customer -Handler {
                    [ordered]@{ customer = $Message.Data.customer; step = 'charge' }
                } | Out-Null").NoErrors();

            // Handled twice, forwarded twice, but one message: the second send had the same deduplication id.
            Assert.Equal(2, Journal("-Kind Forwarded -Actor fifoer").Length);
            var forwarded = _session.Run("Receive-DemoMessage -QueueUrl $o.QueueUrl -All -WaitTimeSeconds 1").NoErrors().Objects<InspectedMessage>().ToArray();
            var message = Assert.Single(forwarded);
            Assert.Equal("{\"id\":\"order-9-0\",\"customer\":\"c-7\",\"step\":\"charge\"}", message.Body);
            Assert.Equal("c-7", message.MessageGroupId);
        }

        /// <summary>
        /// A throw, Write-Error (a Utility cmdlet, there since the SDK hosts the whole default set),
        /// what Write-Error does ($PSCmdlet.WriteError), and a Core cmdlet's own non-terminating error.
        /// Each stops the handler at once: nothing after it runs.
        /// </summary>
        [Theory]
        [InlineData("throw", "throw \"bad order $($Message.BodyId)\"", "bad order t1")]
        [InlineData("write-error-cmdlet", "Write-Error \"cannot pack $($Message.BodyId)\"", "cannot pack t1")]
        [InlineData("write-error", "function Fail-Order { [CmdletBinding()] param($Id) $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.Exception]::new(\"cannot ship $Id\"), 'CannotShip', 'InvalidOperation', $Id)) }\n Fail-Order $Message.BodyId", "cannot ship t1")]
        [InlineData("cmdlet-error", "Get-Job -Name \"no-job-$($Message.BodyId)\"", "no-job-t1")]
        public void A_thrown_or_written_error_fails_the_message_with_its_text_and_the_message_is_not_deleted(string name, string failure, string said)
        {
            _session.Run($"$e = New-DemoEnvironment -Name h-{name} -VisibilityTimeout 600; $o = New-DemoEnvironment -Name h-{name}-out; $body | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null",
                new Hashtable { ["body"] = "{\"id\":\"t1\"}" }).NoErrors();

            var record = _session.Run("$e | Start-DemoConsumer -ConsumerId failer -MessageLimit 1 -ForwardQueueUrl $o.QueueUrl -Handler { " + failure + "\n throw 'went on past the error' }")
                .NoErrors().Single<ConsumerRecord>();

            Assert.Equal(MessageOutcome.Failed, record.Outcome);
            var failed = Assert.Single(Journal("-Kind HandlerFailed -Actor failer"));
            Assert.StartsWith("The handler failed: ", failed.Error);
            Assert.Contains(said, failed.Error);
            Assert.DoesNotContain("went on", failed.Error);
            Assert.Empty(Journal("-Kind Deleted -Actor failer"));
            Assert.Empty(Journal("-Kind Forwarded -Actor failer"));
            Assert.Equal(1, Queue("$e").InFlight);
        }

        [Fact]
        public void A_handler_that_calls_a_command_that_does_not_exist_fails_the_message_naming_it()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-undefined -VisibilityTimeout 600; $e | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            var record = _session.Run("$e | Start-DemoConsumer -ConsumerId undefined -MessageLimit 1 -Handler { Invoke-NoSuchThing -Id $Message.BodyId }")
                .NoErrors().Single<ConsumerRecord>();

            Assert.Equal(MessageOutcome.Failed, record.Outcome);
            var failed = Assert.Single(Journal("-Kind HandlerFailed -Actor undefined"));
            Assert.Contains("Invoke-NoSuchThing", failed.Error);
            Assert.Contains("not recognized", failed.Error);
            Assert.Equal(1, Queue("$e").InFlight);
        }

        [Fact]
        public void A_declined_key_is_a_DependencyFailed_and_a_HandlerFailed_while_other_keys_are_called_and_forwarded()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-decline -VisibilityTimeout 600; $o = New-DemoEnvironment -Name h-decline-out; "
                         + "$d = New-DemoDependency -Name payments -DeclineKey card-bad; $bodies | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null",
                new Hashtable { ["bodies"] = new[] { "{\"id\":\"p1\",\"card\":\"card-bad\"}", "{\"id\":\"p2\",\"card\":\"card-ok\"}" } }).NoErrors();

            var records = _session.Run(@"$e | Start-DemoConsumer -ConsumerId payer -MessageLimit 2 -Dependency $d -ForwardQueueUrl $o.QueueUrl -Handler {
                    $receipt = $Context.Call($Message.Data.card)
                    [ordered]@{ receipt = $receipt; via = $Context.Dependency }
                }").NoErrors().Objects<ConsumerRecord>().ToArray();

            Assert.Equal(MessageOutcome.Failed, Assert.Single(records, r => r.BodyId == "p1").Outcome);
            Assert.Equal(MessageOutcome.Processed, Assert.Single(records, r => r.BodyId == "p2").Outcome);
            var dependencyFailed = Assert.Single(Journal("-Kind DependencyFailed -Actor payer"));
            Assert.Equal("p1", dependencyFailed.BodyId);
            Assert.Equal(("payments", "card-bad", DependencyOutcome.Declined, "payments declined 'card-bad'."),
                (dependencyFailed.DependencyName, dependencyFailed.DependencyKey, dependencyFailed.DependencyOutcome, dependencyFailed.Error));
            // The dependency's own error, unwrapped from PowerShell's method-call error.
            Assert.Equal("payments declined 'card-bad'.", Assert.Single(Journal("-Kind HandlerFailed -Actor payer")).Error);
            var called = Assert.Single(Journal("-Kind DependencyCalled -Actor payer"));
            Assert.Equal("p2", called.BodyId);
            Assert.Equal(("payments", "card-ok", DependencyOutcome.Ok), (called.DependencyName, called.DependencyKey, called.DependencyOutcome));
            var receipt = called.DependencyReceipt!;
            Assert.Equal(new[] { "{\"id\":\"p2-0\",\"receipt\":\"" + receipt + "\",\"via\":\"payments\"}" }, Bodies("$o"));
            Assert.Equal("2 1 0", _session.Run("'{0} {1} {2}' -f $d.Calls, $d.Declines, $d.UnavailableAnswers").Output.Single().BaseObject);
        }

        [Fact]
        public void BreakerFailureThreshold_opens_the_breaker_after_that_many_failures_and_short_circuits_the_rest()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-breaker -VisibilityTimeout 600; $e | Send-DemoMessage -Count 3 | Out-Null; "
                         + "$d = New-DemoDependency -Name gateway -OutageSeconds 3600").NoErrors();

            // A sampling window of 600 scenario seconds: on a loaded machine the two failing calls can be more than
            // the default 10 (half a second of wall time at x20) apart, and then no window holds both.
            var records = _session.Run(@"$e | Start-DemoConsumer -ConsumerId breaker -MaxMessages 3 -MessageLimit 3 -Dependency $d -BreakerFailureThreshold 2 -BreakerSamplingSeconds 600 -BreakerBreakSeconds 600 -Handler {
                    $Context.Call($Message.BodyId)
                }").NoErrors().Objects<ConsumerRecord>().ToArray();

            Assert.Equal(new[] { MessageOutcome.Failed, MessageOutcome.Failed, MessageOutcome.ShortCircuited }, records.Select(r => r.Outcome));
            var opened = Assert.Single(Journal("-Kind BreakerOpened -Actor breaker"));
            Assert.Equal(("gateway", 600.0), (opened.DependencyName, opened.BreakerOpenSeconds));
            Assert.Equal("gateway", Assert.Single(Journal("-Kind ShortCircuited -Actor breaker")).DependencyName);
            Assert.Equal(2, Journal("-Kind DependencyFailed -Actor breaker").Length);
            Assert.Equal(2L, _session.Run("$d.Calls").Output.Single().BaseObject);
            Assert.Equal(3, Queue("$e").InFlight);
        }

        [Theory]
        [InlineData("-ForwardQueueUrl $o.QueueUrl", "ForwardQueueUrl")]
        [InlineData("-Dependency $d", "Dependency")]
        [InlineData("-Handler { 1 } -Dependency $d -BreakerBreakSeconds 5", "BreakerFailureThreshold")]
        [InlineData("-Handler { 1 } -Dependency $d -BreakerSamplingSeconds 5", "BreakerFailureThreshold")]
        [InlineData("-Handler { 1 } -BreakerFailureThreshold 2", "guards a dependency")]
        [InlineData("-BatchWindowSeconds 5", "give BatchSize")]
        [InlineData("-BatchSize 5 -MaxMessages 5", "leave MaxMessages out")]
        [InlineData("-BatchSize 5 -HeartbeatSeconds 3", "HeartbeatSeconds cannot be used with BatchSize")]
        [InlineData("-Handler { 1 } -ForwardQueueUrl $f.QueueUrl", "ForwardGroupIdField")]
        [InlineData("-Handler { 1 } -ForwardGroupIdField customer", "give ForwardQueueUrl")]
        public void Options_that_cannot_go_together_are_InvalidConsumerOptions_and_nothing_is_received(string arguments, string said)
        {
            _session.Run("$e = New-DemoEnvironment -Name h-invalid; $o = New-DemoEnvironment -Name h-invalid-out; $f = New-DemoEnvironment -Name h-invalid-fifo -Fifo; "
                         + "$d = New-DemoDependency -Name payments; $e | Send-DemoMessage -Count 1 | Out-Null").NoErrors();

            foreach (var asJob in new[] { "", " -AsJob" })
            {
                var error = _session.RunExpectingTerminatingError("$e | Start-DemoConsumer -MessageLimit 1 " + arguments + asJob);
                Assert.Equal(InvalidConsumerOptions, error.FullyQualifiedErrorId);
                Assert.Contains(said, error.Exception.Message);
            }
            Assert.Equal(1, Queue("$e").Visible);
            Assert.Empty(Journal("-Kind ConsumerStarted"));
        }

        [Fact]
        public void New_DemoDependency_refuses_an_outage_start_without_a_length_and_places_a_given_outage_on_the_scenario_clock()
        {
            var error = _session.RunExpectingTerminatingError("New-DemoDependency -Name payments -OutageAfterSeconds 5");
            Assert.Equal("InvalidDependencyOptions,SqsDemo.Commands.NewDemoDependencyCommand", error.FullyQualifiedErrorId);

            var dependency = _session.Run("$before = (Get-DemoBackend).Clock.GetUtcNow(); $d = New-DemoDependency -Name payments -OutageAfterSeconds 10000 -OutageSeconds 20 -DeclineKey a, b; $d")
                .NoErrors().Single<SimulatedDependency>();
            var before = (DateTimeOffset)_session.Run("$before").Output.Single().BaseObject;
            var outage = Assert.Single(dependency.Outages);
            Assert.Equal(TimeSpan.FromSeconds(20), outage.End - outage.Start);
            // From when it was made: a few scenario seconds (tens of milliseconds of wall time here) after $before.
            Assert.InRange((outage.Start - before).TotalSeconds, 10_000, 10_050);
            Assert.False(dependency.IsDown);
            Assert.Equal(new[] { "a", "b" }, dependency.DeclinedKeys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Empty(_session.Run("(New-DemoDependency -Name always-up).Outages").NoErrors().Output);
        }

        [Fact]
        public void A_handler_consumer_runs_as_a_job_that_Receive_Job_reads_and_its_summary_counts_failures()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-job -VisibilityTimeout 600; $o = New-DemoEnvironment -Name h-job-out; $bodies | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null",
                new Hashtable { ["bodies"] = new[] { "{\"id\":\"j1\",\"work\":1}", "{\"id\":\"j2\",\"work\":2}", "{\"id\":\"j3\",\"work\":\"fail\"}" } }).NoErrors();

            var job = _session.Run(@"$e | Start-DemoConsumer -AsJob -ConsumerId hjob -MessageLimit 3 -ForwardQueueUrl $o.QueueUrl -Handler {
                    if ($Message.Data.work -eq 'fail') { throw 'cannot work' }
                    [ordered]@{ doubled = 2 * $Message.Data.work }
                }").NoErrors().Single<Job>();
            Assert.Equal("SqsDemoConsumerJob", job.PSJobTypeName);

            Assert.Equal(JobState.Completed, _session.Run("Wait-Job -Name hjob -Timeout 120").NoErrors().Single<Job>().JobStateInfo.State);
            var records = _session.Run("Receive-Job -Name hjob").NoErrors().Objects<ConsumerRecord>().ToArray();
            Assert.Equal(new[] { "j1:Processed", "j2:Processed", "j3:Failed" }, records.Select(r => r.BodyId + ":" + r.Outcome).OrderBy(s => s, StringComparer.Ordinal));
            Assert.Equal(new[] { "{\"id\":\"j1-0\",\"doubled\":2}", "{\"id\":\"j2-0\",\"doubled\":4}" }, Bodies("$o"));
            Assert.Equal("2 1", _session.Run("$s = (Get-Job -Name hjob).Summary; '{0} {1}' -f $s.Processed, $s.Failed").Output.Single().BaseObject);
            _session.Run("Remove-Job -Name hjob").NoErrors();
        }

        [Fact]
        public void Stop_Job_stops_a_handler_consumer_gracefully()
        {
            _session.Run("$e = New-DemoEnvironment -Name h-stop; $e | Start-DemoConsumer -AsJob -ConsumerId hstop -Handler { $Message.Body } | Out-Null; "
                         + "Wait-DemoJournal -Kind ConsumerStarted -Actor hstop -TimeoutSeconds 600 | Out-Null").NoErrors();
            _session.Run("Stop-Job -Name hstop").NoErrors();

            Assert.Equal("Stopped", _session.Run("(Get-Job -Name hstop).State.ToString()").Output.Single().BaseObject);
            Assert.Equal(ConsumerEnding.Stopped, Assert.Single(Journal("-Kind ConsumerEnded -Actor hstop")).Ending);
            Assert.Empty(_session.Run("Receive-Job -Name hstop").NoErrors().Output);
            _session.Run("Remove-Job -Name hstop").NoErrors();
        }
    }
}

using System;
using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// The edges a review of the handler path found: bodies and outputs SQS or DynamoDB would
    /// refuse, a forward queue that is missing, the POISON rule under a handler, a handler that
    /// will not stop, and the receive count of gathered batches.
    /// </summary>
    public sealed class ConsumerHandlerEdgeTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public ConsumerHandlerEdgeTests(ModuleSession session)
        {
            _session = session;
            _session.Run("Connect-DemoBackend -Embedded -TimeScale 100 -Seed 31 | Out-Null").NoErrors();
        }

        private JournalEvent[] Journal(string arguments) => _session.Run("Get-DemoJournal " + arguments).NoErrors().Objects<JournalEvent>().ToArray();

        [Fact]
        public void With_a_handler_a_body_containing_POISON_is_handled_unless_a_reject_marker_is_given()
        {
            _session.Run(@"$e = New-DemoEnvironment -Name edge-poison -Ledger
                '{""id"":""p1"",""text"":""POISON ivy is a plant""}' | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null
                $e | Start-DemoConsumer -MessageLimit 1 -StoreResults -Handler { $Message.Data.text.Length } | Out-Null").NoErrors();
            Assert.Single(Journal("-Kind ResultStored"));
            Assert.Empty(Journal("-Kind Rejected"));

            _session.Run(@"'{""id"":""p2"",""text"":""POISON again""}' | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null
                $e | Start-DemoConsumer -MessageLimit 1 -RejectPayloadMarker POISON -Handler { 1 } | Out-Null").NoErrors();
            Assert.Equal("p2", Assert.Single(Journal("-Kind Rejected")).BodyId);
        }

        [Fact]
        public void An_empty_body_id_is_not_a_key_the_message_id_is_and_an_id_that_is_not_a_string_still_gets_a_dedup_id()
        {
            _session.Run(@"$e = New-DemoEnvironment -Name edge-ids -Ledger
                $f = New-DemoEnvironment -Name edge-ids-out -Fifo
                '{""id"":"""",""g"":""c1""}' | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null
                $e | Start-DemoConsumer -MessageLimit 1 -StoreResults -ForwardQueueUrl $f.QueueUrl -ForwardGroupIdField g -Handler { '{""id"":null,""g"":""c1""}' } | Out-Null").NoErrors();
            var received = Assert.Single(Journal("-Kind Received"));
            var stored = Assert.Single(Journal("-Kind ResultStored"));
            Assert.Equal(received.MessageId, stored.BodyId);
            Assert.Single(Journal("-Kind Forwarded"));
            Assert.Equal(1, _session.Run("($f | Get-DemoQueue).Visible").NoErrors().Single<int>());
        }

        [Fact]
        public void A_group_id_SQS_would_refuse_is_sent_as_its_hash_and_equal_values_share_a_group()
        {
            _session.Run(@"$e = New-DemoEnvironment -Name edge-group
                $f = New-DemoEnvironment -Name edge-group-out -Fifo -ContentBasedDeduplication
                '{""id"":""a"",""who"":""kundé one""}', '{""id"":""b"",""who"":""kundé one""}' | Send-DemoMessage -QueueUrl $e.QueueUrl | Out-Null
                $e | Start-DemoConsumer -MessageLimit 2 -ForwardQueueUrl $f.QueueUrl -ForwardGroupIdField who -Handler { @{ who = $Message.Data.who } } | Out-Null").NoErrors();
            var groups = _session.Run("Receive-DemoMessage -QueueUrl $f.QueueUrl -All -WaitTimeSeconds 1 | ForEach-Object MessageGroupId").NoErrors().Output.Select(o => (string)o.BaseObject).ToArray();
            Assert.Equal(2, groups.Length);
            Assert.Single(groups.Distinct());
            Assert.Matches("^[0-9a-f]{64}$", groups[0]);
            Assert.Empty(Journal("-Kind HandlerFailed"));
        }

        [Fact]
        public void A_forward_queue_that_does_not_exist_is_refused_before_the_consumer_starts()
        {
            _session.Run("$e = New-DemoEnvironment -Name edge-nofwd; $e | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            var error = _session.RunExpectingTerminatingError("$e | Start-DemoConsumer -MessageLimit 1 -ForwardQueueUrl ($e.QueueUrl + '-missing') -Handler { 1 }");
            Assert.StartsWith("InvalidConsumerOptions", error.FullyQualifiedErrorId);
            Assert.Contains("names no queue", error.Exception.Message);
            Assert.Empty(Journal("-Kind Received"));
        }

        [Fact]
        public void A_forward_queue_deleted_while_the_consumer_runs_stops_the_consumer_instead_of_dead_lettering_every_message()
        {
            _session.Run(@"$e = New-DemoEnvironment -Name edge-gone -MaxReceiveCount 2
                $o = New-DemoEnvironment -Name edge-gone-out
                $e | Send-DemoMessage -Count 3 | Out-Null
                # The first handling takes long enough (in wall time) for the forward queue to be deleted meanwhile.
                $job = $e | Start-DemoConsumer -AsJob -IdleTimeoutSeconds 60 -ForwardQueueUrl $o.QueueUrl -Handler { [System.Threading.Thread]::Sleep(1500); 1 }
                $null = Wait-DemoJournal -Kind Received -TimeoutSeconds 60
                Remove-DemoEnvironment -Name edge-gone-out -Confirm:$false").NoErrors();
            _session.Run("$null = $job | Wait-Job -Timeout 60").NoErrors();
            var ended = Assert.Single(Journal("-Kind ConsumerEnded"));
            Assert.Equal((ConsumerEnding.Faulted, "QueueDoesNotExist"), (ended.Ending, ended.ErrorCode));
            Assert.Empty(Journal("-Kind MovedToDeadLetterQueue"));
            _session.Run("$job | Remove-Job -Force").NoErrors();
        }

        [Fact]
        public void Stop_Job_stops_a_handler_that_will_not_finish_after_the_grace_and_hands_its_message_back()
        {
            _session.Run(@"Connect-DemoBackend -Embedded -TimeScale 200 -Seed 5 | Out-Null
                $e = New-DemoEnvironment -Name edge-stuck
                $e | Send-DemoMessage -Count 1 | Out-Null
                $job = $e | Start-DemoConsumer -AsJob -Handler { while ($true) { [System.Threading.Thread]::Sleep(20) } }
                $null = Wait-DemoJournal -Kind Received -TimeoutSeconds 60").NoErrors();
            _session.Run("$job | Stop-Job").NoErrors();
            var released = Assert.Single(Journal("-Kind Released"));
            Assert.Contains("still running 30s after the stop", released.Reason);
            Assert.Equal(1, _session.Run("($e | Get-DemoQueue).Visible").NoErrors().Single<int>());
            Assert.Equal(ConsumerEnding.Stopped, Assert.Single(Journal("-Kind ConsumerEnded")).Ending);
            _session.Run("$job | Remove-Job").NoErrors();
        }

        [Fact]
        public void A_gathered_batch_counts_each_message_received_once()
        {
            _session.Run(@"$e = New-DemoEnvironment -Name edge-count -ReceiveWaitTime 1 -VisibilityTimeout 300
                $e | Send-DemoMessage -Count 7 | Out-Null
                $job = $e | Start-DemoConsumer -AsJob -BatchSize 5 -BatchWindowSeconds 3 -IdleTimeoutSeconds 10 -Handler { 1 }
                $null = $job | Wait-Job -Timeout 120").NoErrors();
            var received = Journal("-Kind Received").Length;
            Assert.Equal(7, received);
            Assert.Equal(7, _session.Run("$job.Summary.Received").NoErrors().Single<int>());
            _session.Run("$job | Remove-Job").NoErrors();
        }

        [Theory]
        [InlineData("-ForwardQueueUrl $e.QueueUrl", "every output would come back")]
        [InlineData("-ForwardQueueUrl $o.QueueUrl -ForwardGroupIdField g", "standard one")]
        public void Forwarding_options_that_cannot_work_are_refused(string options, string reason)
        {
            _session.Run("$e = New-DemoEnvironment -Name edge-opts; $o = New-DemoEnvironment -Name edge-opts-out").NoErrors();
            var error = _session.RunExpectingTerminatingError("$e | Start-DemoConsumer -MessageLimit 1 -Handler { 1 } " + options);
            Assert.StartsWith("InvalidConsumerOptions", error.FullyQualifiedErrorId);
            Assert.Contains(reason, error.Exception.Message);
        }
    }
}

using System.Linq;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Get-DemoMessageHistory: a message's journal events, in order, typed; by MessageId, piped events, or body id; through a redrive.</summary>
    public sealed class MessageHistoryCommandTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public MessageHistoryCommandTests(ModuleSession session) => _session = session;

        [Fact]
        public void A_crashed_then_processed_message_tells_its_story_in_order_with_its_facts()
        {
            var history = _session.Run(@"
                $h = New-DemoEnvironment -Name hist-crash -VisibilityTimeout 5
                $sent = $h | Send-DemoMessage -Count 1
                $null = $h | Start-DemoConsumer -ConsumerId hist-a -CrashAfterReceive -MessageLimit 1 -ErrorAction SilentlyContinue
                $null = $h | Start-DemoConsumer -ConsumerId hist-b -MessageLimit 1
                $sent | Get-DemoMessageHistory").Single<MessageHistory>();

            Assert.Equal(new[] { JournalEventKind.Sent, JournalEventKind.Received, JournalEventKind.Crashed, JournalEventKind.Received, JournalEventKind.Processed, JournalEventKind.Deleted },
                history.Events.Select(e => e.Kind).Where(k => k != JournalEventKind.LedgerStarted));
            Assert.Equal(history.Events.OrderBy(e => e.Sequence), history.Events);
            Assert.Equal(2, history.ReceiveCount);
            Assert.NotNull(history.SentAt);
            var receives = history.Events.Where(e => e.Kind == JournalEventKind.Received).ToArray();
            Assert.Equal(new int?[] { 1, 2 }, receives.Select(e => e.ReceiptGeneration));
            Assert.All(receives, e => Assert.Equal(5, e.VisibilityTimeoutSeconds));
            Assert.Equal(new[] { "hist-a", "hist-b" }, receives.Select(e => e.Actor));
        }

        [Fact]
        public void Sent_events_piped_in_give_one_history_each_and_a_body_id_finds_its_message()
        {
            var histories = _session.Run(@"
                $hb = New-DemoEnvironment -Name hist-many
                $null = $hb | Send-DemoMessage -Count 3
                '{""id"":""hist-body-1""}' | Send-DemoMessage -QueueUrl $hb.QueueUrl | Out-Null
                Get-DemoJournal -Kind Sent -QueueUrl $hb.QueueUrl | Get-DemoMessageHistory").NoErrors().Objects<MessageHistory>().ToArray();
            Assert.Equal(4, histories.Length);
            Assert.All(histories, h => Assert.Equal(JournalEventKind.Sent, Assert.Single(h.Events).Kind));

            var byBody = _session.Run("Get-DemoMessageHistory -BodyId hist-body-1").Single<MessageHistory>();
            Assert.Equal("hist-body-1", byBody.BodyId);
            Assert.Equal(histories[3].MessageId, byBody.MessageId);
        }

        [Fact]
        public void A_redriven_message_keeps_its_history_under_its_new_id()
        {
            var history = _session.Run(@"
                $hr = New-DemoEnvironment -Name hist-redrive -MaxReceiveCount 1 -VisibilityTimeout 1
                $poison = $hr | Send-DemoMessage -Count 1 -PoisonCount 1
                $null = $hr | Start-DemoConsumer -ConsumerId hist-r -IdleTimeoutSeconds 5
                $null = $hr | Start-DemoRedrive -Wait
                $poison | Get-DemoMessageHistory").Single<MessageHistory>();
            var moved = Assert.Single(history.Events, e => e.Kind == JournalEventKind.MovedToDeadLetterQueue);
            Assert.EndsWith("hist-redrive-dlq", moved.TargetQueueUrl);
            var redriven = Assert.Single(history.Events, e => e.Kind == JournalEventKind.Redriven);
            Assert.Equal(history.MessageId, redriven.SourceMessageId);
            Assert.NotEqual(history.MessageId, redriven.MessageId);
        }

        [Fact]
        public void An_unknown_id_has_an_empty_history_and_an_empty_id_is_refused()
        {
            var unknown = _session.Run("Get-DemoMessageHistory -MessageId no-such-message").Single<MessageHistory>();
            Assert.Empty(unknown.Events);
            Assert.Null(unknown.SentAt);
            var error = _session.RunExpectingTerminatingError("Get-DemoMessageHistory -MessageId ''");
            Assert.StartsWith("ParameterArgumentValidationErrorEmpty", error.FullyQualifiedErrorId);
            Assert.EndsWith(",SqsDemo.Commands.GetDemoMessageHistoryCommand", error.FullyQualifiedErrorId);
        }
    }
}

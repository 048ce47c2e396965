// Issue 19's "a lost DeleteMessage response makes a naive consumer process the message twice and a correct one not",
// with the real example consumers (boto3, its default retries) run as processes through OutsideConsumerSupervisor.
//
// The mechanism, as the real broker and boto3 show it. A lost DeleteMessage response alone duplicates nothing: the
// delete took effect, boto3 retries it after the dropped connection, and SQS answers the retry 200 (deleting a
// message that is gone is fine), so the message is not delivered again (EndpointLostResponseTests shows it). What
// a lost response costs is TIME: the client hears nothing until its read timeout (boto3's default is 60 s) and only
// then retries. A consumer that received a batch holds the rest of it all that while; once their visibility
// timeout (shorter than 60 s, as SQS's default 30 s is) runs out, another consumer receives them and handles them,
// and when the first one gets going again it handles them too, with receipt handles that are no longer the newest
// (its late delete is accepted and deletes nothing more). So here: consumer-1 receives pay-1 and pay-2 in one batch;
// the response to its delete of pay-1 is lost after 60 scenario seconds of silence; pay-2's 20 s visibility runs out
// meanwhile and consumer-2 receives and handles it; consumer-1 then handles pay-2 as well. The naive consumer
// performs pay-2's side effect twice (an unconditional put over the key: the payment provider charged twice); the
// idempotent one finds pay-2 COMPLETED and only deletes it.
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Endpoint.Faults;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Outside
{
    public sealed class LostDeleteResponseTests
    {
        /// <summary>boto3's default read timeout: how long a client waits for a response that never comes (scenario seconds).</summary>
        private const double Boto3ReadTimeoutSeconds = 60;
        /// <summary>The queue's visibility timeout, well inside that wait (scenario seconds).</summary>
        private const int VisibilityTimeout = 20;

        private static string CommandOf(ConsumerProgram program) => "\"" + MotoServer.Python + "\" \"" + program.Script + "\"";

        [Theory]
        [ConsumerData("python-naive")]
        [ConsumerData("python-idempotent")]
        public async Task A_lost_DeleteMessage_response_makes_the_naive_consumer_handle_a_message_twice_and_the_correct_one_once(string name)
        {
            var program = ConsumerProgram.Named(name);
            using var rig = await OutsideRig.StartAsync(visibilityTimeout: VisibilityTimeout);
            await rig.SendAsync("pay-1", "pay-2");
            rig.Endpoint.Faults.Add(new EndpointFaultRule
            {
                Name = "lost-delete", Caller = "consumer-1", Operations = { "DeleteMessage" }, LoseResponse = true, LatencySeconds = Boto3ReadTimeoutSeconds, Count = 1,
            });

            var first = rig.Options(CommandOf(program), "consumer-1");
            first.Knobs["MAX_MESSAGES"] = "2";
            rig.Start(first);
            var batch = await rig.WaitForAsync(e => e.Kind == JournalEventKind.Received && e.Actor == "consumer-1", 2);
            var second = rig.Options(CommandOf(program), "consumer-2");
            rig.Start(second);
            var pay2 = batch.Single(e => e.BodyId == "pay-2").MessageId;
            // Both have handled pay-2: consumer-2 deleted it, consumer-1's late delete (its handle superseded) came after.
            // consumer-2's delete may itself come late on a loaded machine (CI saw DeleteMayNotHaveDeleted); the queue's
            // emptiness at the end says it took effect.
            await rig.WaitForAsync(e => (e.Kind == JournalEventKind.Deleted || e.Kind == JournalEventKind.DeleteMayNotHaveDeleted) && e.Actor == "consumer-2" && e.MessageId == pay2);
            await rig.WaitForAsync(e => (e.Kind == JournalEventKind.Deleted || e.Kind == JournalEventKind.DeleteMayNotHaveDeleted) && e.Actor == "consumer-1" && e.MessageId == pay2);

            var journal = rig.Run.Journal.Snapshot();
            var lost = Assert.Single(journal, e => e.Kind == JournalEventKind.FaultInjected);
            Assert.Equal(("consumer-1", "DeleteMessage", EndpointFaultEffect.LostResponse), (lost.Actor, lost.Operation, lost.FaultEffect));
            var pay1Deleted = Assert.Single(journal, e => e.Kind == JournalEventKind.Deleted && e.MessageId != null && e.MessageId != pay2);
            Assert.True(pay1Deleted.Sequence < lost.Sequence, "The delete of pay-1 took effect before its response was lost.\n" + rig.Dump());
            // consumer-2 received pay-2 while consumer-1 waited for the lost answer: its second delivery.
            var redelivered = Assert.Single(journal, e => e.Kind == JournalEventKind.Received && e.Actor == "consumer-2");
            Assert.Equal((pay2, 2), (redelivered.MessageId, redelivered.ReceiveCount));
            Assert.True(redelivered.Sequence < lost.Sequence, "consumer-2 received pay-2 during consumer-1's wait.\n" + rig.Dump());

            var puts = journal.Where(e => e.Kind == JournalEventKind.TableRequest && e.Operation == "PutItem" && e.TableName == rig.Environment.SideEffectsTable && e.ErrorCode == null).ToArray();
            var effects = await rig.Run.Ledger.ListSideEffectsAsync(rig.Environment.SideEffectsTable!);
            Assert.Equal(new[] { "pay-1", "pay-2" }, effects.Select(e => e.Key).OrderBy(k => k));
            // The naive consumer: pay-2 performed by consumer-2, then again by consumer-1 (3 side effects for 2 messages).
            Assert.Equal(program.Idempotent ? 2 : 3, puts.Length);
            if (!program.Idempotent)
                Assert.Equal(new[] { "consumer-1", "consumer-2" }, puts.Where(p => p.Sequence > pay1Deleted.Sequence).Select(p => p.Actor).OrderBy(a => a));
            // The timeline draws the run with its FaultInjected events among the rest (they belong to no message lane).
            var timeline = SqsDemo.Engine.Timeline.TimelineBuilder.Build(journal);
            Assert.Contains(timeline.Lanes, l => l.MessageIds.Contains(pay2!));
            var depth = await rig.Run.Broker.GetQueueAttributesAsync(rig.Environment.QueueUrl, new[] { "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible" });
            Assert.Equal(("0", "0"), (depth["ApproximateNumberOfMessages"], depth["ApproximateNumberOfMessagesNotVisible"]));
        }
    }
}

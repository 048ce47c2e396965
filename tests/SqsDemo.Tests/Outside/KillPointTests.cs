// Kills from outside, at protocol points, of a real consumer process (the reference boto3 consumer): the
// journal's order of the consumer's own events proves where each kill landed and that nothing of the process
// ran after it.
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Outside;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Outside
{
    public sealed class KillPointTests
    {
        private static JournalEventKind[] KindsOf(JournalEvent[] events) => events.Select(e => e.Kind).ToArray();

        [Fact]
        public async Task Killed_after_receive_the_process_holds_the_message_and_does_nothing_more()
        {
            using var rig = await OutsideRig.StartAsync();
            await rig.SendAsync("k-1");
            var options = rig.Options(OutsideRig.SeedConsumer);
            options.Kills.AfterReceive = true;
            var summary = await OutsideRig.EndedAsync(rig.Start(options));

            Assert.Equal(ConsumerEnding.Crashed, summary.Ending);
            Assert.Equal(new[] { KillPoint.AfterReceive }, summary.Kills);
            Assert.Equal(137, summary.ExitCode); // 128 + SIGKILL
            var events = rig.EventsOf("consumer-1");
            Assert.Equal(new[] { JournalEventKind.ConsumerStarted, JournalEventKind.Received, JournalEventKind.Crashed, JournalEventKind.ConsumerEnded }, KindsOf(events));
            Assert.Equal(events[1].MessageId, events[2].MessageId);
            // Named by its body's id as its receive was, so accounting by body id sees the kill.
            Assert.Equal(("k-1", "k-1"), (events[1].BodyId, events[2].BodyId));
            Assert.Equal(events[1].ReceiveCount, events[2].ReceiveCount);
            Assert.Equal(KillPoint.AfterReceive, events[2].KillPoint);
            Assert.Equal(137, events[3].ExitCode);
        }

        [Fact]
        public async Task Killed_after_its_side_effect_a_correct_consumer_restarted_does_not_apply_it_again()
        {
            // The message comes back after its visibility timeout: 6 s of wall time at x10, well beyond the
            // process's few calls even on a loaded machine.
            using var rig = await OutsideRig.StartAsync(visibilityTimeout: 60);
            await rig.SendAsync("k-2");
            var options = rig.Options(OutsideRig.SeedConsumer);
            options.Kills.AfterSideEffect = true;
            options.RestartOnCrash = true;
            var supervisor = rig.Start(options);
            await rig.WaitForAsync(e => e.Kind == JournalEventKind.Deleted && e.Actor == "consumer-1#2");
            var summary = supervisor.Stop();

            Assert.Equal((ConsumerEnding.Stopped, 1), (summary.Ending, summary.Restarts));
            Assert.Equal(new[] { KillPoint.AfterSideEffect }, summary.Kills);
            // The first process: its side-effect put took effect, then it was killed before marking COMPLETED or deleting.
            var first = rig.EventsOf("consumer-1").Where(e => e.Kind != JournalEventKind.ConsumerRestarted).ToArray();
            var put = System.Array.FindIndex(first, e => e.Kind == JournalEventKind.TableRequest && e.Operation == "PutItem" && e.TableName == rig.Environment.SideEffectsTable);
            Assert.True(put > 0, string.Join(", ", KindsOf(first)));
            Assert.Equal(new[] { JournalEventKind.Crashed, JournalEventKind.ConsumerEnded }, KindsOf(first.Skip(put + 1).ToArray()));
            Assert.Equal(KillPoint.AfterSideEffect, first[put + 1].KillPoint);
            Assert.DoesNotContain(first, e => e.Kind == JournalEventKind.Deleted);
            // The second found the side effect done and only finished the bookkeeping: one put in all.
            var second = rig.EventsOf("consumer-1#2");
            Assert.DoesNotContain(second, e => e.Kind == JournalEventKind.TableRequest && e.Operation == "PutItem");
            Assert.Single(rig.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.TableRequest && e.Operation == "PutItem" && e.TableName == rig.Environment.SideEffectsTable);
        }

        [Fact]
        public async Task Killed_before_its_delete_the_delete_never_happens()
        {
            using var rig = await OutsideRig.StartAsync();
            await rig.SendAsync("k-3");
            var options = rig.Options(OutsideRig.SeedConsumer);
            options.Kills.BeforeDelete = true;
            var summary = await OutsideRig.EndedAsync(rig.Start(options));

            Assert.Equal(new[] { KillPoint.BeforeDelete }, summary.Kills);
            var events = rig.EventsOf("consumer-1");
            var last = KindsOf(events).Reverse().Take(2).Reverse().ToArray();
            Assert.Equal(new[] { JournalEventKind.Crashed, JournalEventKind.ConsumerEnded }, last);
            // It did its work (COMPLETED written) and asked to delete; the delete was never served.
            Assert.Contains(events, e => e.Kind == JournalEventKind.TableRequest && e.Operation == "UpdateItem");
            Assert.DoesNotContain(rig.Run.Journal.Snapshot(), e => e.Kind == JournalEventKind.Deleted);
            var depth = await rig.Run.Broker.GetQueueAttributesAsync(rig.Environment.QueueUrl, new[] { "ApproximateNumberOfMessagesNotVisible" });
            Assert.Equal("1", depth["ApproximateNumberOfMessagesNotVisible"]);
        }

        [Fact]
        public async Task Killed_after_N_messages_it_handled_the_ones_before_and_holds_the_last()
        {
            using var rig = await OutsideRig.StartAsync();
            await rig.SendAsync("k-4", "k-5", "k-6");
            var options = rig.Options(OutsideRig.SeedConsumer);
            options.Knobs["MAX_MESSAGES"] = "1";
            options.Kills.AfterMessages = 2;
            var summary = await OutsideRig.EndedAsync(rig.Start(options));

            Assert.Equal((2, 1), (summary.Received, summary.Deleted));
            var events = rig.EventsOf("consumer-1");
            var received = events.Where(e => e.Kind == JournalEventKind.Received).ToArray();
            var crashed = Assert.Single(events, e => e.Kind == JournalEventKind.Crashed);
            Assert.Equal((received[1].MessageId, KillPoint.AfterMessages), (crashed.MessageId, crashed.KillPoint));
            Assert.True(crashed.Sequence > received[1].Sequence);
        }

        [Fact]
        public async Task A_kill_rate_of_one_kills_at_the_first_message_received()
        {
            using var rig = await OutsideRig.StartAsync();
            await rig.SendAsync("k-7");
            var options = rig.Options(OutsideRig.SeedConsumer);
            options.Kills.Rate = 1;
            var summary = await OutsideRig.EndedAsync(rig.Start(options));
            Assert.Equal(new[] { KillPoint.Rate }, summary.Kills);
            Assert.Equal(JournalEventKind.Received, rig.EventsOf("consumer-1").Last(e => e.Kind != JournalEventKind.Crashed && e.Kind != JournalEventKind.ConsumerEnded).Kind);
        }

        [Fact]
        public async Task The_kill_trigger_is_on_the_endpoint_only_while_a_kill_is_planned()
        {
            using var rig = await OutsideRig.StartAsync(visibilityTimeout: 20);
            await rig.SendAsync("k-9");
            var before = rig.Endpoint.Router.Interceptors.Count;

            var planned = rig.Options(OutsideRig.SeedConsumer, "consumer-1");
            planned.Kills.AfterMessages = 1;
            var killed = rig.Start(planned);
            var whileKilling = rig.Endpoint.Router.Interceptors.OfType<KillTrigger>().Count();
            await OutsideRig.EndedAsync(killed);
            var afterKill = rig.Endpoint.Router.Interceptors.Count;

            var unplanned = rig.Start(rig.Options(OutsideRig.SeedConsumer, "consumer-2"));
            var whileUnplanned = rig.Endpoint.Router.Interceptors.ToArray();
            await rig.WaitForAsync(e => e.Kind == JournalEventKind.Deleted && e.Actor == "consumer-2");
            unplanned.Stop();

            Assert.Equal(1, whileKilling);
            Assert.Equal(before, afterKill);
            Assert.DoesNotContain(whileUnplanned, i => i is KillTrigger);
            Assert.Equal(before, whileUnplanned.Length);
        }
    }
}

using System;
using System.Linq;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Timeline;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>The timeline read from a journal: lanes, receives and their windows, depth, consumers, and grouping of large runs.</summary>
    public sealed class TimelineModelTests
    {
        /// <summary>The dup scenario's shape: a side effect slower than the visibility timeout, two consumers.</summary>
        private static JournalScript Dup() => new JournalScript()
            .Consumer(0.5, JournalEventKind.ConsumerStarted, "consumer-1")
            .Consumer(0.6, JournalEventKind.ConsumerStarted, "consumer-2")
            .Sent(1, "m1", "b1")
            .Received(2, "m1", "b1", "consumer-1", "h1", 1)
            .Received(12.5, "m1", "b1", "consumer-2", "h2", 2)
            .Did(32, JournalEventKind.SideEffect, "m1", "b1", "consumer-1", "h1", 1)
            .Did(32.1, JournalEventKind.Processed, "m1", "b1", "consumer-1", "h1", 1)
            .LateDeleted(32.2, "m1", "consumer-1", "h1")
            .Consumer(32.3, JournalEventKind.ConsumerEnded, "consumer-1", "MessageLimit")
            .Did(42.5, JournalEventKind.SideEffectSkipped, "m1", "b1", "consumer-2", "h2", 2)
            .Did(42.6, JournalEventKind.Processed, "m1", "b1", "consumer-2", "h2", 2)
            .LateDeleted(42.7, "m1", "consumer-2", "h2")
            .Consumer(42.8, JournalEventKind.ConsumerEnded, "consumer-2", "MessageLimit");

        [Fact]
        public void A_duplicate_delivery_is_one_lane_with_two_receives_on_rows_of_their_own()
        {
            var timeline = Timeline.FromJournal(Dup().Events);

            var lane = Assert.Single(timeline.Lanes);
            Assert.Equal("b1", lane.Key);
            Assert.Equal("b1", lane.BodyId);
            Assert.Equal(new[] { "m1" }, lane.MessageIds);
            Assert.Equal(2, lane.Attempts.Count);
            Assert.Equal(2, lane.Rows);

            var first = lane.Attempts[0];
            Assert.Equal("consumer-1", first.Actor);
            Assert.Equal(0, first.Row);
            Assert.Equal(12, first.WindowEnd, 6);
            Assert.Equal(WindowEnd.Expired, first.EndedBy);
            Assert.Equal(32.2, first.HeldUntil!.Value, 6);

            var second = lane.Attempts[1];
            Assert.Equal("consumer-2", second.Actor);
            Assert.Equal(1, second.Row);
            Assert.Equal(22.5, second.WindowEnd, 6);

            Assert.Equal(1, lane.Count(TimelineMarkKind.SideEffect));
            Assert.Equal(1, lane.Count(TimelineMarkKind.SideEffectSkipped));
            var stale = Assert.Single(lane.Marks, m => m.Kind == TimelineMarkKind.StaleHandleDelete);
            Assert.Equal("consumer-1", stale.Actor);
            Assert.Same(second, stale.SupersededBy);
            Assert.Equal(0, stale.Row);
            // consumer-2's handle was the newest: late, but not superseded.
            var late = Assert.Single(lane.Marks, m => m.Kind == TimelineMarkKind.LateDelete);
            Assert.Equal("consumer-2", late.Actor);
            Assert.Equal(1, late.Row);
            Assert.True(lane.Notable);
            Assert.Equal("received twice by 2 consumers, side effect, side effect skipped, late delete, stale-handle delete, deleted", lane.Signature);
        }

        [Fact]
        public void Events_without_a_body_id_join_their_message_s_lane_and_a_redriven_message_stays_on_its_lane()
        {
            var journal = new JournalScript()
                .Sent(1, "m1", "good")
                .Sent(1.1, "m2", "poison")
                .Sent(1.2, "m3", null)
                .Received(2, "m1", "good", "c", "h1", 1)
                .Deleted(2.1, "m1", "c", "h1")
                .Received(2.2, "m2", "poison", "c", "h2", 1)
                .Did(2.3, JournalEventKind.Rejected, "m2", "poison", "c", "h2", 1)
                .Received(2.4, "m3", null, "c", "h3", 1)
                .Deleted(2.5, "m3", "c", "h3")
                .MovedToDeadLetterQueue(12.3, "m2", 1)
                .Redriven(20, "m2-new", "m2")
                .Received(21, "m2-new", "poison", "fixed", "h4", 1)
                .Deleted(21.5, "m2-new", "fixed", "h4");

            var timeline = Timeline.FromJournal(journal.Events);

            Assert.Equal(new[] { "good", "poison", "m3" }, timeline.Lanes.Select(l => l.Key));
            Assert.Null(timeline.Lanes[2].BodyId);
            var good = timeline.Lanes[0];
            Assert.Equal(1, good.Count(TimelineMarkKind.Deleted));
            Assert.Equal(WindowEnd.Deleted, good.Attempts.Single().EndedBy);
            Assert.Equal(2.1, good.Attempts.Single().WindowEnd, 6);

            var poison = timeline.Lanes[1];
            Assert.Equal(new[] { "m2", "m2-new" }, poison.MessageIds);
            Assert.Equal(1, poison.Count(TimelineMarkKind.MovedToDeadLetterQueue));
            Assert.Equal(1, poison.Count(TimelineMarkKind.Redriven));
            var span = Assert.Single(poison.DeadLetterSpans);
            Assert.Equal(12.3, span.Start, 6);
            Assert.Equal(20, span.End!.Value, 6);
            Assert.Equal("q-dlq", span.QueueName);
            Assert.Equal(new[] { "q-dlq" }, timeline.DeadLetterQueueNames);
            Assert.Equal(new[] { "q" }, timeline.QueueNames);
            Assert.Equal(1, timeline.Lanes[2].Count(TimelineMarkKind.Deleted));
        }

        [Fact]
        public void A_forwarded_message_with_a_body_id_of_its_own_links_to_its_source_lane()
        {
            var journal = new JournalScript()
                .Sent(1, "m1", "order-1", "orders")
                .Received(2, "m1", "order-1", "worker", "h1", 1, queue: "orders")
                .Forwarded(2.1, "m1", "order-1", "worker", "h1", 1, "m2", "orders", "payments")
                .At(2.1, JournalEventKind.Sent, "payments", "m2", "worker", body: "order-1-0")
                .Deleted(2.2, "m1", "worker", "h1", "orders");

            var timeline = Timeline.FromJournal(journal.Events);

            Assert.Equal(2, timeline.Lanes.Count);
            Assert.Null(timeline.Lanes[0].SourceKey);
            Assert.Equal("order-1", timeline.Lanes[1].SourceKey);
            Assert.Equal(new[] { "payments" }, timeline.Lanes[1].QueueNames);
        }

        [Fact]
        public void A_heartbeat_moves_the_window_on_and_a_crash_leaves_it_to_run_out()
        {
            var journal = new JournalScript()
                .Sent(0, "m1", "b1")
                .Received(1, "m1", "b1", "c1", "h1", 1)
                .Visibility(8, JournalEventKind.VisibilityExtended, "m1", "c1", "h1", 10)
                .Visibility(16, JournalEventKind.VisibilityExtended, "m1", "c1", "h1", 10)
                .Deleted(20, "m1", "c1", "h1")
                .Sent(30, "m2", "b2")
                .Received(31, "m2", "b2", "c2", "h2", 1)
                .Did(32, JournalEventKind.Crashed, "m2", "b2", "c2", "h2", 1)
                .Received(41.5, "m2", "b2", "c3", "h3", 2, visibility: 5)
                .Visibility(42, JournalEventKind.VisibilityChanged, "m2", "c3", "h3", 0);

            var timeline = Timeline.FromJournal(journal.Events);

            var heartbeat = timeline.Lanes[0].Attempts.Single();
            Assert.Equal(WindowEnd.Deleted, heartbeat.EndedBy);
            Assert.Equal(20, heartbeat.WindowEnd, 6);
            Assert.Equal(26, heartbeat.Deadline!.Value, 6);
            Assert.Equal(2, timeline.Lanes[0].Count(TimelineMarkKind.Heartbeat));
            Assert.Equal("received once, heartbeats, deleted", timeline.Lanes[0].Signature);

            var crashed = timeline.Lanes[1].Attempts[0];
            Assert.Equal(WindowEnd.Expired, crashed.EndedBy);
            Assert.Equal(41, crashed.WindowEnd, 6);
            Assert.Null(crashed.HeldUntil);
            var released = timeline.Lanes[1].Attempts[1];
            Assert.Equal(WindowEnd.Released, released.EndedBy);
            Assert.Equal(42, released.WindowEnd, 6);
            // Not overlapping: one row.
            Assert.Equal(1, timeline.Lanes[1].Rows);
            Assert.Equal("received twice by 2 consumers, crashed, still queued at the end", timeline.Lanes[1].Signature);
        }

        [Fact]
        public void A_receive_without_a_known_timeout_holds_its_window_until_the_next_receive()
        {
            var journal = new JournalScript()
                .Sent(0, "m1", "b1")
                .Received(1, "m1", "b1", "c1", "h1", 1, visibility: null)
                .Received(9, "m1", "b1", "c2", "h2", 2, visibility: null)
                .Deleted(9.5, "m1", "c2", "h2");

            var lane = Timeline.FromJournal(journal.Events).Lanes.Single();

            Assert.Null(lane.Attempts[0].VisibilitySeconds);
            Assert.Equal(9, lane.Attempts[0].WindowEnd, 6);
            Assert.Equal(WindowEnd.Deleted, lane.Attempts[1].EndedBy);
        }

        [Fact]
        public void Depth_is_replayed_from_sends_receives_timeouts_deletes_and_dead_letter_moves()
        {
            var journal = new JournalScript()
                .Sent(0, "a", "A").Sent(0, "b", "B").Sent(0, "c", "C")
                .Received(1, "a", "A", "c1", "ha", 1)
                .Deleted(2, "a", "c1", "ha")
                .Received(3, "b", "B", "c1", "hb", 1, visibility: 5)
                .Received(4, "c", "C", "c2", "hc", 1, visibility: 5)
                .Visibility(6, JournalEventKind.VisibilityExtended, "c", "c2", "hc", 10)
                .MovedToDeadLetterQueue(9, "b", 1)
                .Redriven(12, "b2", "b")
                .Received(13, "c", "C", "c3", "hc2", 2, visibility: 5)
                .LateDeleted(14, "c", "c2", "hc")
                .Deleted(15, "c", "c3", "hc2");

            var depth = Timeline.FromJournal(journal.Events).Depth;

            void Check(double t, int visible, int inFlight, int deadLetter)
            {
                var at = depth.At(t);
                Assert.True((visible, inFlight, deadLetter) == (at.Visible, at.InFlight, at.DeadLetter),
                    $"at {t} s: expected {visible}/{inFlight}/{deadLetter} visible/in flight/DLQ, got {at.Visible}/{at.InFlight}/{at.DeadLetter}");
            }

            Check(0.5, 3, 0, 0);
            Check(1.5, 2, 1, 0);
            Check(2.5, 2, 0, 0);
            Check(4.5, 0, 2, 0);
            Check(8.5, 1, 1, 0);   // b's 5 s ran out at 8; c was extended to 16
            Check(10, 0, 1, 1);    // b moved to the DLQ
            Check(12.5, 1, 1, 0);  // redriven as b2
            Check(13.5, 1, 1, 0);  // c received again (its old handle is superseded)
            Check(14.5, 1, 1, 0);  // the stale-handle delete deleted nothing
            Check(15.5, 1, 0, 0);  // the newest handle's delete did
            Assert.Equal(3, depth.PeakVisible);
            Assert.Equal(2, depth.PeakInFlight);
            Assert.Equal(1, depth.PeakDeadLetter);
        }

        [Fact]
        public void Depth_samples_keep_a_short_peak()
        {
            var journal = new JournalScript()
                .Sent(0, "a", "A")
                .Received(5, "a", "A", "c", "h", 1)
                .Deleted(5.001, "a", "c", "h")
                .Sent(5.002, "b", "B")
                .Sent(5.003, "c", "C")
                .Received(5.004, "b", "B", "c", "hb", 1)
                .Deleted(5.005, "b", "c", "hb")
                .Received(5.006, "c", "C", "c", "hc", 1)
                .Deleted(5.007, "c", "c", "hc")
                .Consumer(10, JournalEventKind.ConsumerEnded, "c");

            var samples = Timeline.FromJournal(journal.Events).Depth.Sample(10, 10);

            Assert.Equal(10, samples.Count);
            Assert.Equal(1, samples[0].Visible);
            Assert.Equal(2, samples[5].Visible);
            Assert.Equal(1, samples[5].InFlight);
            Assert.Equal(0, samples[6].Visible);
        }

        [Fact]
        public void Consumers_alive_rise_and_fall_with_starts_ends_crashes_and_restarts()
        {
            var journal = new JournalScript()
                .Consumer(1, JournalEventKind.ConsumerStarted, "c1")
                .Consumer(2, JournalEventKind.ScaledOut, "autoscaler", "consumers 1 -> 2")
                .Consumer(2, JournalEventKind.ConsumerStarted, "c2")
                .Consumer(3, JournalEventKind.ConsumerStarted, "c3")
                .Consumer(4, JournalEventKind.ConsumerEnded, "c2", "Crashed: chaos")
                .Consumer(4.5, JournalEventKind.ConsumerRestarted, "c2", "incarnation 2")
                .Consumer(4.5, JournalEventKind.ConsumerStarted, "c2")
                .Consumer(9, JournalEventKind.ConsumerEnded, "c1")
                .Consumer(9, JournalEventKind.ConsumerEnded, "c2")
                .Consumer(9, JournalEventKind.ConsumerEnded, "c3");

            var timeline = Timeline.FromJournal(journal.Events);

            Assert.Equal(new[] { 1, 2, 3, 2, 3, 2, 1, 0 }, timeline.Consumers.Points.Select(p => p.Alive));
            Assert.Equal(3, timeline.Consumers.Peak);
            Assert.Equal(new[] { "c1", "c2", "c3" }, timeline.Consumers.Consumers);
            Assert.Equal(new[] { JournalEventKind.ScaledOut, JournalEventKind.ConsumerRestarted }, timeline.RunMarks.Select(m => m.Kind));
            Assert.Empty(timeline.Lanes);
        }

        [Fact]
        public void A_run_that_fits_draws_every_lane_and_groups_none()
        {
            var timeline = Timeline.FromJournal(Dup().Events);
            var selection = timeline.Select(60);
            Assert.Single(selection.Shown);
            Assert.Empty(selection.Groups);
            Assert.Equal(0, selection.Hidden);
            Assert.Throws<ArgumentOutOfRangeException>(() => timeline.Select(0));
        }

        [Fact]
        public void A_large_run_draws_every_kind_of_story_and_counts_the_rest()
        {
            var timeline = Timeline.FromJournal(SyntheticRun.Journal(1000, poisonEvery: 143, crashEvery: 333));
            Assert.Equal(1000, timeline.Lanes.Count);
            var stories = timeline.Lanes.GroupBy(l => l.Signature).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(3, stories.Count);
            Assert.Equal(990, stories["processed once with its side effect"]);

            var selection = timeline.Select(60);

            Assert.Equal(60, selection.Shown.Count);
            Assert.Equal(1000, selection.Total);
            Assert.Equal(940, selection.Hidden);
            // Each story has a lane; the small, notable ones are drawn whole.
            foreach (var story in stories.Keys) Assert.Contains(selection.Shown, l => l.Signature == story);
            Assert.Equal(7, selection.Shown.Count(l => l.Count(TimelineMarkKind.MovedToDeadLetterQueue) == 1));
            Assert.Equal(3, selection.Shown.Count(l => l.Count(TimelineMarkKind.Crashed) == 1));
            var group = Assert.Single(selection.Groups);
            Assert.Equal("processed once with its side effect", group.Signature);
            Assert.Equal(940, group.Hidden);
            Assert.Equal(50, group.Shown);
            // Drawn in time order, and the plain ones spread over the whole run, not its first 50.
            Assert.Equal(selection.Shown.OrderBy(l => l.First).Select(l => l.Number), selection.Shown.Select(l => l.Number));
            var plain = selection.Shown.Where(l => l.Signature == group.Signature).Select(l => l.Number).ToArray();
            Assert.True(plain.Min() < 100 && plain.Max() > 900, "plain lanes drawn: " + string.Join(",", plain));
        }

        [Fact]
        public void More_stories_than_lanes_still_count_every_message()
        {
            var journal = new JournalScript();
            // Message i is received i times: every lane has a story of its own.
            for (var i = 1; i <= 5; i++)
            {
                journal.Sent(i, "m" + i, "b" + i);
                for (var r = 1; r <= i; r++) journal.Received(i + r * 11, "m" + i, "b" + i, "c", "h" + i + "-" + r, r);
            }

            var selection = Timeline.FromJournal(journal.Events).Select(2);

            Assert.Equal(2, selection.Shown.Count);
            Assert.Equal(3, selection.Groups.Count);
            Assert.All(selection.Groups, g => Assert.Equal(0, g.Shown));
            Assert.Equal(5, selection.Shown.Count + selection.Groups.Sum(g => g.Hidden));
        }
    }
}

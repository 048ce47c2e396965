using System;
using System.Linq;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Metrics;
using SqsDemo.Tests.Engine;
using Xunit;

namespace SqsDemo.Tests.Metrics
{
    /// <summary>Metrics computed from a journal written by hand: counts, sizes and the gauges replayed once a minute.</summary>
    public sealed class JournalMetricsTests
    {
        private static MetricSeries Series(JournalScript journal, string metric, MetricStatistic statistic, int period, double end, string queue = "q")
        {
            var events = journal.Events;
            return JournalMetrics.Series(events, events[0].Time - events[0].ScenarioTime, TimeSpan.FromSeconds(end), JournalScript.Url(queue),
                MetricCatalog.Find(metric)!, statistic, period);
        }

        private static JournalScript Sends() => new JournalScript()
            .At(0, JournalEventKind.QueueCreated)
            .At(1, JournalEventKind.Sent, message: "m1", actor: "p", facts: new JournalFacts { MessageSizeBytes = 100 })
            .At(2, JournalEventKind.Sent, message: "m2", actor: "p", facts: new JournalFacts { MessageSizeBytes = 300 })
            .At(61, JournalEventKind.Sent, message: "m3", actor: "p", facts: new JournalFacts { MessageSizeBytes = 50 })
            .At(62, JournalEventKind.ReceivedEmpty, actor: "c")
            .At(63, JournalEventKind.Sent, queue: "other", message: "x1", actor: "p", facts: new JournalFacts { MessageSizeBytes = 7 });

        [Fact]
        public void A_count_is_one_datapoint_per_event_so_Sum_is_the_count_and_each_period_is_stamped_with_its_start()
        {
            var sum = Series(Sends(), "NumberOfMessagesSent", MetricStatistic.Sum, 60, 130);
            Assert.Equal(new[] { 0d, 60d }, sum.Datapoints.Select(d => d.ScenarioSeconds));
            Assert.Equal(new[] { 2d, 1d }, sum.Datapoints.Select(d => d.Value));
            Assert.Equal("Count", sum.Datapoints[0].Unit);
            Assert.Equal(3, sum.PeriodCount);
            Assert.Null(sum.ValueOfPeriod(2));
            Assert.Equal(new[] { 2d, 1d }, Series(Sends(), "NumberOfMessagesSent", MetricStatistic.SampleCount, 60, 130).Datapoints.Select(d => d.Value));
            Assert.Equal(new[] { 1d, 1d }, Series(Sends(), "NumberOfMessagesSent", MetricStatistic.Average, 60, 130).Datapoints.Select(d => d.Value));
            Assert.Equal(new[] { 1d }, Series(Sends(), "NumberOfEmptyReceives", MetricStatistic.Sum, 60, 130).Datapoints.Select(d => d.Value));
            Assert.Equal(new[] { 3d }, Series(Sends(), "NumberOfMessagesSent", MetricStatistic.Sum, 120, 130).Datapoints.Select(d => d.Value));
        }

        [Fact]
        public void SentMessageSize_is_one_datapoint_per_message_in_bytes()
        {
            var journal = Sends();
            Assert.Equal(new[] { 400d, 50d }, Series(journal, "SentMessageSize", MetricStatistic.Sum, 60, 130).Datapoints.Select(d => d.Value));
            Assert.Equal(new[] { 200d, 50d }, Series(journal, "SentMessageSize", MetricStatistic.Average, 60, 130).Datapoints.Select(d => d.Value));
            Assert.Equal(new[] { 100d, 50d }, Series(journal, "SentMessageSize", MetricStatistic.Minimum, 60, 130).Datapoints.Select(d => d.Value));
            Assert.Equal(new[] { 300d, 50d }, Series(journal, "SentMessageSize", MetricStatistic.Maximum, 60, 130).Datapoints.Select(d => d.Value));
            Assert.Equal("Bytes", Series(journal, "SentMessageSize", MetricStatistic.Sum, 60, 130).Datapoints[0].Unit);
        }

        /// <summary>m1 sent and received (in flight until 90), m2 sent with a 100 s delay (delayed until 110), m3 a DLQ arrival.</summary>
        private static JournalScript Gauges() => new JournalScript()
            .At(0, JournalEventKind.QueueCreated)
            .At(10, JournalEventKind.Sent, message: "m1", actor: "p")
            .At(10, JournalEventKind.Sent, message: "m2", actor: "p", facts: new JournalFacts { DelaySeconds = 100 })
            .Received(30, "m1", null, "c", "h1", 1, visibility: 60)
            .At(20, JournalEventKind.QueueCreated, queue: "q-dlq")
            .Sent(40, "p1", null, queue: "q")
            .Received(45, "p1", null, "c", "hp3", 3, visibility: 1)
            .MovedToDeadLetterQueue(150, "p1", 4)
            .Deleted(170, "m2", "c", "h2");

        [Fact]
        public void Gauges_are_the_queue_replayed_from_the_journal_and_read_once_a_minute()
        {
            var journal = Gauges();
            double[] Max(string metric, string queue = "q") =>
                Series(journal, metric, MetricStatistic.Maximum, 60, 180, queue).Datapoints.Select(d => d.Value).ToArray();
            // Samples at 0, 60, 120, 180.
            Assert.Equal(new[] { 0d, 1d, 3d, 1d }, Max("ApproximateNumberOfMessagesVisible"));
            Assert.Equal(new[] { 0d, 1d, 0d, 0d }, Max("ApproximateNumberOfMessagesNotVisible"));
            Assert.Equal(new[] { 0d, 1d, 0d, 0d }, Max("ApproximateNumberOfMessagesDelayed"));
            // p1 was received three times: the poison-pill rule leaves it out of the age.
            Assert.Equal(new[] { 0d, 50d, 110d, 170d }, Max("ApproximateAgeOfOldestMessage"));
            // The DLQ exists from 20; its message's age counts from the move at 150.
            Assert.Equal(new[] { 0d, 0d, 1d }, Max("ApproximateNumberOfMessagesVisible", "q-dlq"));
            Assert.Equal(new[] { 0d, 0d, 30d }, Max("ApproximateAgeOfOldestMessage", "q-dlq"));
        }

        [Fact]
        public void A_delete_with_a_superseded_receipt_handle_leaves_the_message_with_its_latest_receiver()
        {
            // The dup scenario's shape: consumer-1's visibility runs out, consumer-2 receives the message again, and
            // consumer-1's late delete carries the first receive's handle.
            var journal = new JournalScript()
                .At(0, JournalEventKind.QueueCreated)
                .Sent(1, "m1", "b1")
                .Received(2, "m1", "b1", "consumer-1", "h1", 1, visibility: 10)
                .Received(13, "m1", "b1", "consumer-2", "h2", 2, visibility: 100)
                .At(32, JournalEventKind.DeleteMayNotHaveDeleted, message: "m1", actor: "consumer-1", handle: "h1", facts: new JournalFacts { ReceiptGeneration = 1 })
                .At(70, JournalEventKind.Deleted, message: "m1", actor: "consumer-2", handle: "h2", facts: new JournalFacts { ReceiptGeneration = 2 });
            var inFlight = Series(journal, "ApproximateNumberOfMessagesNotVisible", MetricStatistic.Maximum, 10, 80).Datapoints.Select(d => d.Value).ToArray();
            // Samples at 0, 10, ..., 80: in flight from 2 on, and after the stale delete at 32 still (consumer-2's receive); gone at 70.
            Assert.Equal(new[] { 0d, 1, 1, 1, 1, 1, 1, 0, 0 }, inFlight);
            Assert.Equal(new[] { 0d, 0, 0, 0, 0, 0, 0, 0, 0 }, Series(journal, "ApproximateNumberOfMessagesVisible", MetricStatistic.Maximum, 10, 80).Datapoints.Select(d => d.Value));
            // Both deletes count: CloudWatch counts every delete with a valid receipt handle.
            Assert.Equal(2, Series(journal, "NumberOfMessagesDeleted", MetricStatistic.Sum, 60, 80).Datapoints.Sum(d => d.Value));
        }

        [Fact]
        public void A_gauge_over_a_longer_period_averages_its_minute_samples()
        {
            var series = Series(Gauges(), "ApproximateNumberOfMessagesVisible", MetricStatistic.Average, 120, 180);
            Assert.Equal(new[] { 0.5, 2d }, series.Datapoints.Select(d => d.Value));
            Assert.Equal(new[] { 2L, 2L }, series.Datapoints.Select(d => d.SampleCount));
        }

        [Fact]
        public void Off_the_embedded_backend_the_sampled_depths_are_the_gauges_and_an_empty_reading_has_no_old_message()
        {
            // m1 received and never deleted: the journal cannot see SQS move it to the DLQ, the queue's attributes can.
            var journal = new JournalScript()
                .At(0, JournalEventKind.QueueCreated)
                .Sent(1, "m1", "b1")
                .Received(2, "m1", "b1", "c", "h1", 1, visibility: 5)
                .At(60, JournalEventKind.QueueSampled, actor: "metrics", facts: new JournalFacts { VisibleDepth = 1, NotVisibleDepth = 0, DelayedDepth = 0 })
                .At(120, JournalEventKind.QueueSampled, actor: "metrics", facts: new JournalFacts { VisibleDepth = 0, NotVisibleDepth = 0, DelayedDepth = 0 });
            Assert.Equal(new[] { 1d, 0d }, Series(journal, "ApproximateNumberOfMessagesVisible", MetricStatistic.Maximum, 60, 130).Datapoints.Select(d => d.Value));
            Assert.Equal(new[] { 59d, 0d }, Series(journal, "ApproximateAgeOfOldestMessage", MetricStatistic.Maximum, 60, 130).Datapoints.Select(d => d.Value));
        }

        [Fact]
        public void A_period_CloudWatch_does_not_offer_is_refused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Series(Sends(), "NumberOfMessagesSent", MetricStatistic.Sum, 45, 130));
            Assert.True(MetricCatalog.IsValidPeriod(10));
            Assert.True(MetricCatalog.IsValidPeriod(300));
            Assert.False(MetricCatalog.IsValidPeriod(90));
        }
    }
}

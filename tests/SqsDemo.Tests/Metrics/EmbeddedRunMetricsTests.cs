using System;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Alarms;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Metrics;
using SqsDemo.Tests.Broker;
using Xunit;

namespace SqsDemo.Tests.Metrics
{
    /// <summary>Metrics and alarms of a real embedded run, on a clock the test moves.</summary>
    public sealed class EmbeddedRunMetricsTests
    {
        private readonly ManualClock _clock = new ManualClock();
        private readonly DemoRun _run;

        public EmbeddedRunMetricsTests() =>
            _run = DemoRun.CreateEmbedded(_clock, 1, 21, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });

        private double Gauge(string queueUrl, string metric) =>
            JournalMetrics.Series(_run.Journal.Snapshot(), _run.Journal.StartedAt, _run.ScenarioTime, queueUrl, MetricCatalog.Find(metric)!, MetricStatistic.Maximum, 10)
                .Datapoints.Last().Value;

        private async Task<long> Attribute(string queueUrl, string name) =>
            long.Parse((await _run.Broker.GetQueueAttributesAsync(queueUrl, new[] { name }))[name], System.Globalization.CultureInfo.InvariantCulture);

        [Fact]
        public async Task The_replayed_gauges_match_what_the_broker_itself_reports()
        {
            var producer = _run.BrokerFor("producer");
            var consumer = _run.BrokerFor("consumer-1");
            var url = await producer.CreateQueueAsync("orders", null);
            for (var i = 0; i < 6; i++) await producer.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m" + i, DelaySeconds = i == 5 ? 60 : (int?)null });
            var taken = await consumer.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 3, VisibilityTimeout = 30 });
            Assert.Equal(3, taken.Count);
            await consumer.DeleteMessageAsync(url, taken[0].ReceiptHandle);
            await consumer.ChangeMessageVisibilityAsync(url, taken[1].ReceiptHandle, 0);
            _clock.AdvanceSeconds(20);
            await AssertGaugesMatchAsync(url);
            _clock.AdvanceSeconds(20);
            await AssertGaugesMatchAsync(url);
            Assert.Equal(4, Gauge(url, "ApproximateNumberOfMessagesVisible"));
            Assert.Equal(1, Gauge(url, "ApproximateNumberOfMessagesDelayed"));
            Assert.Equal(await ((IQueueAgeMetric)_run.Broker).GetApproximateAgeOfOldestMessageAsync(url), (long)Gauge(url, "ApproximateAgeOfOldestMessage"));
        }

        private async Task AssertGaugesMatchAsync(string url)
        {
            Assert.Equal(await Attribute(url, QueueAttributeName.ApproximateNumberOfMessages), (long)Gauge(url, "ApproximateNumberOfMessagesVisible"));
            Assert.Equal(await Attribute(url, QueueAttributeName.ApproximateNumberOfMessagesNotVisible), (long)Gauge(url, "ApproximateNumberOfMessagesNotVisible"));
            Assert.Equal(await Attribute(url, QueueAttributeName.ApproximateNumberOfMessagesDelayed), (long)Gauge(url, "ApproximateNumberOfMessagesDelayed"));
        }

        [Fact]
        public async Task Empty_receives_and_message_sizes_reach_the_journal()
        {
            var caller = _run.BrokerFor("caller");
            var url = await caller.CreateQueueAsync("sizes", null);
            await caller.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 0 });
            await caller.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "héllo",
                MessageAttributes = new System.Collections.Generic.Dictionary<string, MessageAttributeValue> { ["k"] = new MessageAttributeValue { DataType = "String", StringValue = "vv" } } });
            Assert.Single(_run.Journal.Where(e => e.Kind == JournalEventKind.ReceivedEmpty && e.QueueUrl == url && e.Actor == "caller"));
            // "héllo" is 6 UTF-8 bytes; the attribute adds its name (1), type (6) and value (2).
            Assert.Equal(15, _run.Journal.Where(e => e.Kind == JournalEventKind.Sent).Single().MessageSizeBytes);
        }

        [Fact]
        public async Task An_alarm_on_the_queue_depth_goes_to_ALARM_and_back_to_OK_on_the_runs_clock_and_journals_each_change()
        {
            var producer = _run.BrokerFor("producer");
            var url = await producer.CreateQueueAsync("depth", null);
            var alarm = RunAlarms.Of(_run).Put(new AlarmDefinition("depth-high", MetricCatalog.Find("ApproximateNumberOfMessagesVisible")!, url,
                MetricStatistic.Maximum, 10, 2, ComparisonOperator.GreaterThanThreshold, evaluationPeriods: 2));
            Assert.Equal(AlarmState.INSUFFICIENT_DATA, alarm.State);
            for (var i = 0; i < 5; i++) await producer.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m" + i });
            // Periods [0,10) and [10,20) each see 5 visible: the evaluation at 20 finds 2 of 2 breaching.
            await AdvanceUntilAsync(20, () => alarm.LastEvaluatedScenarioSeconds >= 20);
            Assert.Equal(AlarmState.ALARM, alarm.State);
            await producer.PurgeQueueAsync(url);
            await AdvanceUntilAsync(40, () => alarm.LastEvaluatedScenarioSeconds >= 40);
            Assert.Equal(AlarmState.OK, alarm.State);
            var history = alarm.History;
            Assert.Equal(new[] { (AlarmState.INSUFFICIENT_DATA, AlarmState.ALARM), (AlarmState.ALARM, AlarmState.OK) }, history.Select(h => (h.OldState, h.NewState)));
            Assert.Equal(20, history[0].ScenarioSeconds);
            Assert.StartsWith("Threshold Crossed: 2 out of the last 2 datapoints [5.0", history[0].Reason);
            Assert.Equal(2, _run.Journal.Where(e => e.Kind == JournalEventKind.AlarmStateChanged && e.AlarmName == "depth-high").Count);
            RunAlarms.StopWatching(_run);
        }

        /// <summary>Moves the clock in steps to <paramref name="seconds"/>, then waits (wall time, bounded) for the alarm's loop to have evaluated.</summary>
        private async Task AdvanceUntilAsync(double seconds, Func<bool> evaluated)
        {
            while (_run.ScenarioTime.TotalSeconds < seconds)
            {
                _clock.AdvanceSeconds(5);
                await Task.Yield();
            }
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!evaluated() && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.True(evaluated(), "the alarm was not evaluated at " + seconds + " s");
        }
    }
}

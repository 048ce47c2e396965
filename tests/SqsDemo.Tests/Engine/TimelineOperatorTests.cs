using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using SqsDemo.Engine.Alarms;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Metrics;
using SqsDemo.Engine.Timeline;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>The timeline's operator view: each queue's depth from the metric code, and a band per alarm with its state changes.</summary>
    public sealed class TimelineOperatorTests
    {
        private static XDocument Parse(string html)
        {
            using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
            return XDocument.Load(reader);
        }

        private static string Class(XElement e) => (string?)e.Attribute("class") ?? "";

        /// <summary>30 messages sent in the first 30 s, none received until 150 s; an alarm on the depth fires and clears.</summary>
        private static IReadOnlyList<JournalEvent> OutageJournal()
        {
            var script = new JournalScript().At(0, JournalEventKind.QueueCreated);
            for (var i = 1; i <= 30; i++) script.Sent(i, "m" + i, "b" + i);
            for (var i = 1; i <= 30; i++)
                script.Received(150 + i * 0.1, "m" + i, "b" + i, "consumer-1", "h" + i, 1).Deleted(150.05 + i * 0.1, "m" + i, "consumer-1", "h" + i);
            Alarm(script, 60, AlarmState.INSUFFICIENT_DATA, AlarmState.ALARM, "Threshold Crossed: 1 out of the last 1 datapoints [30.0 (08/12/26 00:00:00)] was greater than the threshold (20.0).");
            Alarm(script, 180, AlarmState.ALARM, AlarmState.OK, "Threshold Crossed: 1 out of the last 1 datapoints [0.0 (08/12/26 00:02:00)] was not greater than the threshold (20.0).");
            return script.At(200, JournalEventKind.Note, actor: "end").Events;
        }

        private static void Alarm(JournalScript script, double at, AlarmState from, AlarmState to, string reason) =>
            script.At(at, JournalEventKind.AlarmStateChanged, actor: "alarm q-depth", detail: "q-depth: " + from + " -> " + to,
                facts: new JournalFacts { AlarmName = "q-depth", OldState = from, NewState = to, Reason = reason });

        [Fact]
        public void The_depth_row_is_the_metric_code_s_series_and_the_alarm_band_follows_its_state_changes()
        {
            var events = OutageJournal();
            var timeline = Timeline.FromJournal(events);
            var page = Parse(TimelineHtml.Render(timeline, new TimelineRenderOptions()));

            var chart = Assert.Single(page.Descendants("svg"), s => (string?)s.Attribute("id") == "metrics-chart");
            var period = OperatorView.PeriodFor(200);
            Assert.Equal(period.ToString(), (string?)chart.Attribute("data-period"));
            // Drawn above the lanes and the journal's own depth chart.
            var order = page.Descendants("svg").Select(s => (string?)s.Attribute("id")).Where(id => id != null).ToList();
            Assert.True(order.IndexOf("metrics-chart") < order.IndexOf("depth-chart") && order.IndexOf("depth-chart") < order.IndexOf("lanes"), string.Join(", ", order));

            var expected = JournalMetrics.Series(events, events[0].Time - events[0].ScenarioTime, TimeSpan.FromSeconds(200), JournalScript.Url("q"),
                MetricCatalog.Find("ApproximateNumberOfMessagesVisible")!, MetricStatistic.Maximum, period);
            var row = Assert.Single(chart.Descendants("g"), g => Class(g) == "metric");
            Assert.Equal("q", (string?)row.Attribute("data-queue"));
            Assert.Equal("30", (string?)row.Attribute("data-peak"));
            var bars = row.Elements("rect").Where(r => Class(r) == "datapoint").ToArray();
            Assert.Equal(expected.Datapoints.Count, bars.Length);
            Assert.Equal(expected.Datapoints.Select(d => d.Value), bars.Select(b => double.Parse(b.Element("title")!.Value.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture)));

            var band = Assert.Single(chart.Descendants("g"), g => Class(g) == "alarm");
            Assert.Equal("q-depth", (string?)band.Attribute("data-alarm"));
            Assert.Equal(new[] { "INSUFFICIENT_DATA", "ALARM", "OK" }, band.Elements("g").Where(g => Class(g) == "alarm-state").Select(g => (string?)g.Attribute("data-state")));
            var changes = band.Elements("g").Where(g => Class(g) == "alarm-change").ToArray();
            Assert.Equal(new[] { "ALARM", "OK" }, changes.Select(c => (string?)c.Attribute("data-to")));
            Assert.Equal(new[] { "60", "180" }, changes.Select(c => (string?)c.Attribute("data-time")));
            Assert.Contains("was greater than the threshold (20.0)", changes[0].Element("title")!.Value);
            Assert.Contains("was not greater than the threshold", changes[1].Element("title")!.Value);
        }

        [Fact]
        public void The_alarm_spans_run_back_to_back_from_the_start_to_the_end_of_the_run()
        {
            var band = Assert.Single(Timeline.FromJournal(OutageJournal()).Operator.Alarms);
            Assert.Equal(new[] { (0.0, 60.0), (60.0, 180.0), (180.0, 200.0) }, band.Spans.Select(s => (s.Start, s.End)));
            Assert.Equal("Unchecked: Initial alarm creation", band.Spans[0].Reason);
            Assert.Equal(AlarmState.OK, band.Spans[2].State);
        }

        [Fact]
        public void A_run_without_queues_or_alarms_draws_no_operator_view()
        {
            var events = new JournalScript().At(1, JournalEventKind.Note, queue: null, actor: "someone").Events;
            var page = Parse(TimelineHtml.Render(Timeline.FromJournal(events), new TimelineRenderOptions()));
            Assert.DoesNotContain(page.Descendants("svg"), s => (string?)s.Attribute("id") == "metrics-chart");
        }

        [Theory]
        [InlineData(50, 10)]
        [InlineData(1200, 10)]
        [InlineData(1201, 30)]
        [InlineData(7200, 60)]
        [InlineData(7201, 300)]
        public void The_period_keeps_a_run_within_120_periods(double end, int period) => Assert.Equal(period, OperatorView.PeriodFor(end));
    }
}

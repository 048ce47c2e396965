using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Engine.Timeline;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>The page a timeline renders to: self-contained, well-formed, every mark labelled, and small for large runs.</summary>
    public sealed class TimelineHtmlTests
    {
        private static XDocument Parse(string html)
        {
            using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
            return XDocument.Load(reader);
        }

        private static XElement[] Marks(XDocument page, string kind) =>
            page.Descendants("g").Where(g => (string?)g.Attribute("class") is string c && c.StartsWith("mk ", StringComparison.Ordinal) && (string?)g.Attribute("data-kind") == kind).ToArray();

        private static IReadOnlyList<JournalEvent> DupJournal() => new JournalScript()
            .Consumer(0.5, JournalEventKind.ConsumerStarted, "consumer-1")
            .Consumer(0.6, JournalEventKind.ConsumerStarted, "consumer-2")
            .Sent(1, "m1", "b1")
            .Received(2, "m1", "b1", "consumer-1", "h1", 1)
            .Received(12.5, "m1", "b1", "consumer-2", "h2", 2)
            .Did(32, JournalEventKind.SideEffect, "m1", "b1", "consumer-1", "h1", 1)
            .LateDeleted(32.2, "m1", "consumer-1", "h1")
            .Did(42.5, JournalEventKind.SideEffectSkipped, "m1", "b1", "consumer-2", "h2", 2)
            .LateDeleted(42.7, "m1", "consumer-2", "h2")
            .Consumer(42.8, JournalEventKind.ConsumerEnded, "consumer-2")
            .Consumer(42.8, JournalEventKind.ConsumerEnded, "consumer-1")
            .Events;

        [Fact]
        public void The_page_is_well_formed_and_draws_each_event_with_its_own_mark_and_details()
        {
            var html = TimelineHtml.Render(Timeline.FromJournal(DupJournal()), new TimelineRenderOptions { Title = "dup <test> & more" });
            var page = Parse(html);

            Assert.Equal("dup <test> & more", page.Descendants("title").First().Value);
            var lane = Assert.Single(page.Descendants("g"), g => (string?)g.Attribute("class") == "lane");
            Assert.Equal("b1", (string?)lane.Attribute("data-body-id"));
            Assert.Equal(new[] { "consumer-1", "consumer-2" }, Marks(page, "received").Select(m => (string?)m.Attribute("data-actor")));
            Assert.Single(Marks(page, "side-effect"));
            Assert.Single(Marks(page, "side-effect-skipped"));
            var stale = Assert.Single(Marks(page, "stale-handle-delete"));
            Assert.Equal("consumer-1", (string?)stale.Attribute("data-actor"));
            Assert.Contains("superseded", stale.Element("title")!.Value);
            Assert.Single(Marks(page, "late-delete"));
            // Every mark has a title (the browser's tooltip) and a shape defined once in the page.
            var defined = page.Descendants("g").Select(g => (string?)g.Attribute("id")).Where(id => id != null).ToHashSet();
            foreach (var mark in page.Descendants("g").Where(g => ((string?)g.Attribute("class") ?? "").StartsWith("mk ", StringComparison.Ordinal)))
            {
                Assert.False(string.IsNullOrWhiteSpace(mark.Element("title")?.Value));
                var href = (string)mark.Element("use")!.Attribute("href")!;
                Assert.Contains(href.TrimStart('#'), defined);
            }
            // The legend names every kind in words, so colour is not the only carrier.
            foreach (TimelineMarkKind kind in Enum.GetValues(typeof(TimelineMarkKind)))
                Assert.Contains(page.Descendants("li"), li => (string?)li.Attribute("data-kind") == TimelineMarkKinds.Id(kind) && li.Value == TimelineMarkKinds.Label(kind));
            Assert.Equal("2", (string?)page.Descendants("svg").Single(s => (string?)s.Attribute("id") == "consumers-chart").Attribute("data-peak"));
            Assert.Contains(page.Descendants("text"), t => t.Value == "40 s");
        }

        /// <summary>An endpoint fault hits a caller's call, not a message: a run mark naming the caller, its tooltip saying which fault did what.</summary>
        [Fact]
        public void An_endpoint_fault_is_a_mark_of_the_caller_it_hit_with_the_fault_kind_in_its_tooltip()
        {
            var journal = new JournalScript()
                .Consumer(0.5, JournalEventKind.ConsumerStarted, "consumer-1")
                .Sent(1, "m1", "b1")
                .At(2, JournalEventKind.FaultInjected, queue: null, actor: "consumer-1", detail: "sqs:ReceiveMessage answered RequestThrottled instead by fault chaos",
                    facts: new JournalFacts { FaultName = "chaos", FaultEffect = SqsDemo.Engine.Endpoint.Faults.EndpointFaultEffect.Error, Operation = "ReceiveMessage", ErrorCode = "RequestThrottled" })
                .At(3, JournalEventKind.FaultInjected, queue: null, actor: "producer-2", detail: "sqs:SendMessage held for 1.5 s by fault slow",
                    facts: new JournalFacts { FaultName = "slow", FaultEffect = SqsDemo.Engine.Endpoint.Faults.EndpointFaultEffect.Latency, Operation = "SendMessage", LatencySeconds = 1.5 })
                .Received(4, "m1", "b1", "consumer-1", "h1", 1)
                .Deleted(5, "m1", "consumer-1", "h1")
                .Consumer(6, JournalEventKind.ConsumerEnded, "consumer-1")
                .Events;

            var page = Parse(TimelineHtml.Render(Timeline.FromJournal(journal), new TimelineRenderOptions()));

            var faults = Marks(page, "fault-injected");
            Assert.Equal(new[] { "consumer-1", "producer-2" }, faults.Select(m => (string?)m.Attribute("data-actor")));
            Assert.Equal("Fault 'chaos' (Error: RequestThrottled) hit consumer-1's ReceiveMessage at 2.00 s", faults[0].Element("title")!.Value);
            Assert.Equal("Fault 'slow' (Latency, 1.5 s) hit producer-2's SendMessage at 3.00 s", faults[1].Element("title")!.Value);
            Assert.Contains(page.Descendants("li"), li => (string?)li.Attribute("data-kind") == "fault-injected" && li.Value.StartsWith("endpoint fault hit a call", StringComparison.Ordinal));
            // Not on a message's lane: the one message's story is untouched.
            var lane = Assert.Single(page.Descendants("g"), g => (string?)g.Attribute("class") == "lane");
            Assert.Equal("b1", (string?)lane.Attribute("data-body-id"));
        }

        [Fact]
        public void The_page_loads_nothing_from_elsewhere()
        {
            var html = TimelineHtml.Render(Timeline.FromJournal(DupJournal()), new TimelineRenderOptions());
            var page = Parse(html);
            Assert.DoesNotContain(page.Descendants(), e => e.Attribute("src") != null);
            Assert.Empty(page.Descendants("link"));
            Assert.All(page.Descendants().Attributes("href"), a => Assert.StartsWith("#", a.Value));
            Assert.DoesNotContain("@import", html);
            Assert.DoesNotContain("url(http", html);
            Assert.DoesNotContain("@font-face", html);
            var script = Assert.Single(page.Descendants("script"));
            Assert.Null(script.Attribute("src"));
        }

        [Fact]
        public void Text_from_the_journal_is_escaped()
        {
            var journal = new JournalScript()
                .Sent(1, "m1", "<script>alert(\"x\")</script>&'")
                .Received(2, "m1", "<script>alert(\"x\")</script>&'", "consumer <1>", "h1", 1)
                .Events;
            var html = TimelineHtml.Render(Timeline.FromJournal(journal), new TimelineRenderOptions());
            var page = Parse(html);
            Assert.Single(page.Descendants("script"));
            var lane = page.Descendants("g").Single(g => (string?)g.Attribute("class") == "lane");
            Assert.Equal("<script>alert(\"x\")</script>&'", (string?)lane.Attribute("data-body-id"));
            Assert.Equal("consumer <1>", (string?)Marks(page, "received").Single().Attribute("data-actor"));
        }

        [Fact]
        public void A_scenario_result_heads_the_page_with_its_verdict_and_checks()
        {
            var result = new ScenarioResult("dup", new[] { new ScenarioCheck("exactly one side effect", true, 1, 1), new ScenarioCheck("nothing lost", false, 0, 3) },
                42, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(44), "Embedded (time x20, seed 42)", 20, DupJournal(), null, Array.Empty<object>());
            var page = Parse(TimelineHtml.Render(Timeline.FromJournal(result.Journal), TimelineRenderOptions.For(result)));

            Assert.Equal("Scenario dup", page.Descendants("h1").Single().Value);
            Assert.Contains("FAILED", page.Descendants("p").First(p => (string?)p.Attribute("class") == "facts").Value);
            var checks = page.Descendants("li").Where(li => (string?)li.Attribute("class") is "pass" or "fail").ToArray();
            Assert.Equal(2, checks.Length);
            Assert.StartsWith("\u2714 PASS exactly one side effect", checks[0].Value);
            Assert.StartsWith("\u2718 FAIL nothing lost", checks[1].Value);
        }

        [Fact]
        public void A_thousand_message_run_stays_small_and_says_what_it_did_not_draw()
        {
            var timeline = Timeline.FromJournal(SyntheticRun.Journal(1000, poisonEvery: 143, crashEvery: 333));
            var html = TimelineHtml.Render(timeline, new TimelineRenderOptions { Title = "backlog" });
            var bytes = Encoding.UTF8.GetByteCount(html);
            Assert.True(bytes < 400_000, $"the page is {bytes:N0} bytes");

            var page = Parse(html);
            Assert.Equal(60, page.Descendants("g").Count(g => (string?)g.Attribute("class") == "lane"));
            var group = Assert.Single(page.Descendants("g"), g => (string?)g.Attribute("class") == "group");
            Assert.Equal("940", (string?)group.Attribute("data-hidden"));
            Assert.Contains(page.Descendants("text"), t => t.Value == "+940 messages like this: processed once with its side effect (50 drawn above)");
            Assert.Equal("1000", (string?)page.Root!.Element("body")!.Attribute("data-messages"));
            Assert.Equal(7, Marks(page, "moved-to-dead-letter-queue").Length);
        }

        [Fact]
        public void MaxLanes_draws_fewer()
        {
            var timeline = Timeline.FromJournal(SyntheticRun.Journal(200, poisonEvery: 50, crashEvery: 1000));
            var page = Parse(TimelineHtml.Render(timeline, new TimelineRenderOptions { MaxLanes = 5 }));
            Assert.Equal(5, page.Descendants("g").Count(g => (string?)g.Attribute("class") == "lane"));
            Assert.Equal(195, page.Descendants("g").Where(g => (string?)g.Attribute("class") == "group").Sum(g => (int)g.Attribute("data-hidden")!));
        }

        [Fact]
        public void An_empty_journal_still_renders_a_page()
        {
            var page = Parse(TimelineHtml.Render(Timeline.FromJournal(Array.Empty<JournalEvent>()), new TimelineRenderOptions()));
            Assert.Equal("0", (string?)page.Root!.Element("body")!.Attribute("data-lanes"));
        }
    }
}

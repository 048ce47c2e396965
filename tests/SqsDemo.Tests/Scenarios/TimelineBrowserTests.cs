using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Scenarios
{
    /// <summary>
    /// Chromium's bursts of work would steal the CPU from tests that run on a fast scenario clock (the chaos
    /// soak runs at x200), and those runs would steal it from the browser's: this collection runs on its own,
    /// after the parallel ones.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class BrowserCollection
    {
        public const string Name = "Browser";
    }

    /// <summary>
    /// The timelines of dup, poison and backpressure, run through hosted PowerShell and rendered in headless
    /// Chromium: the page loads without a console message, its script runs, it shows the lanes and marks the
    /// run's journal calls for, and its screenshot is kept in the test results (TestResults/timeline).
    /// </summary>
    [Collection(BrowserCollection.Name)]
    public sealed class TimelineBrowserTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public TimelineBrowserTests(ModuleSession session) => _session = session;

        private ScenarioResult Run(string script, string file)
        {
            var result = _session.Run(script, new Hashtable { ["timeline"] = file });
            var scenario = result.Single<ScenarioResult>();
            Assert.True(scenario.Passed, $"{scenario.Name} seed {scenario.Seed} failed: " + string.Join("; ", scenario.Checks.Where(c => !c.Passed).Select(c => c.Name)) + scenario.Error
                + string.Join("\n", result.Errors.Select(e => e.ToString())));
            Assert.True(File.Exists(file), "no timeline at " + file);
            return scenario;
        }

        /// <summary>Renders the page, checks what every page must (no console message, its script ran, a real screenshot) and returns its tags.</summary>
        private static (DomTags.Tag[] Tags, string Dom) Render(string html, string name)
        {
            var screenshot = Path.Combine(Chromium.ArtifactsFolder, name + ".png");
            var page = Chromium.Render(html, screenshot);
            File.WriteAllText(Path.Combine(Chromium.ArtifactsFolder, name + ".dom.html"), page.Dom);

            Assert.True(page.Console.Count == 0, "the page wrote to the console:\n" + string.Join("\n", page.Console));
            var tags = DomTags.Parse(page.Dom).ToArray();
            var body = Assert.Single(tags, t => t.Name == "body");
            Assert.True(body["data-ready"] == "1", "the page's script did not run to its end (no data-ready on <body>)");

            Assert.True(File.Exists(screenshot), "no screenshot at " + screenshot);
            var png = File.ReadAllBytes(screenshot);
            Assert.True(png.Length > 20_000, $"the screenshot is {png.Length} bytes: a blank page?");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
            return (tags, page.Dom);
        }

        private static DomTags.Tag[] Lanes(DomTags.Tag[] tags) => tags.Where(t => t.Name == "g" && t.HasClass("lane")).ToArray();

        private static DomTags.Tag[] Marks(DomTags.Tag[] tags, string kind) =>
            tags.Where(t => t.Name == "g" && t.HasClass("mk") && t["data-lane"] != null && t["data-kind"] == kind).ToArray();

        [ChromiumFact]
        public void The_harness_sees_console_errors()
        {
            var html = Path.Combine(Chromium.ArtifactsFolder, "console-check.html");
            File.WriteAllText(html, "<!DOCTYPE html><html><body><p>check</p><script>console.error('deliberate'); missingFunction();</script></body></html>");
            var page = Chromium.Render(html, Path.Combine(Chromium.ArtifactsFolder, "console-check.png"));
            Assert.Contains(page.Console, m => m.Contains("deliberate"));
            Assert.Contains(page.Console, m => m.Contains("missingFunction"));
        }

        [ChromiumFact]
        public void Dup_shows_two_receives_by_different_consumers_one_side_effect_and_the_stale_handle_delete()
        {
            var file = Path.Combine(Chromium.ArtifactsFolder, "dup.html");
            var result = Run("Invoke-DemoScenario -Name dup -Seed 1 -TimelinePath $timeline", file);
            var (tags, _) = Render(file, "dup");

            var lane = Assert.Single(Lanes(tags));
            var received = Marks(tags, "received");
            Assert.Equal(2, received.Length);
            Assert.All(received, m => Assert.Equal(lane["data-lane"], m["data-lane"]));
            Assert.Equal(2, received.Select(m => m["data-actor"]).Distinct().Count());

            var effect = Assert.Single(Marks(tags, "side-effect"));
            Assert.Single(Marks(tags, "side-effect-skipped"));
            var stale = Assert.Single(Marks(tags, "stale-handle-delete"));
            // The first receiver's delete is the stale one: the second receive superseded its handle.
            var firstReceiver = result.Journal.First(e => e.Kind == JournalEventKind.Received).Actor;
            Assert.Equal(firstReceiver, stale["data-actor"]);
            Assert.Equal(lane["data-lane"], effect["data-lane"]);
            Assert.Equal(lane["data-lane"], stale["data-lane"]);
            Assert.Equal(result.Journal.First(e => e.Kind == JournalEventKind.Sent).BodyId, lane["data-body-id"]);
        }

        [ChromiumFact]
        public void Poison_moves_exactly_the_poison_lanes_to_the_DLQ()
        {
            var file = Path.Combine(Chromium.ArtifactsFolder, "poison.html");
            var result = Run("$r = Invoke-DemoScenario -Name poison -Seed 2; $r | Export-DemoTimeline -Path $timeline -Force; $r", file);
            var (tags, _) = Render(file, "poison");

            // The poison messages, as the consumer found them: those it rejected.
            var poison = result.Journal.Where(e => e.Kind == JournalEventKind.Rejected).Select(e => e.BodyId).Distinct().OrderBy(id => id).ToArray();
            Assert.Equal(2, poison.Length);
            var lanes = Lanes(tags);
            Assert.Equal(5, lanes.Length);
            var moved = Marks(tags, "moved-to-dead-letter-queue");
            var movedLanes = moved.Select(m => lanes.Single(l => l["data-lane"] == m["data-lane"])["data-body-id"]).OrderBy(id => id).ToArray();
            Assert.Equal(poison, movedLanes);
        }

        [ChromiumFact]
        public void Backpressure_shows_the_consumers_alive_rising_above_one()
        {
            var file = Path.Combine(Chromium.ArtifactsFolder, "backpressure.html");
            Run("$r = Invoke-DemoScenario -Name backpressure -Seed 3; $r | Export-DemoTimeline -Path $timeline -Force; $r", file);
            var (tags, dom) = Render(file, "backpressure");

            var chart = Assert.Single(tags, t => t.Name == "svg" && t["id"] == "consumers-chart");
            Assert.True(int.Parse(chart["data-peak"]!, CultureInfo.InvariantCulture) > 1, "peak " + chart["data-peak"]);
            // And the line drawn goes above the level of one consumer, read off the y axis's labels (y grows downwards).
            var svg = dom.Substring(chart.Index, dom.IndexOf("</svg>", chart.Index, StringComparison.Ordinal) - chart.Index);
            var labels = Regex.Matches(svg, @"<text[^>]*\by=""(?<y>[\d.]+)""[^>]*text-anchor=""end""[^>]*>(?<v>\d+)</text>")
                .Select(m => (Value: int.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture), Y: double.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture)))
                .OrderBy(l => l.Value).ToArray();
            Assert.True(labels.Length >= 2 && labels[0].Value == 0, "the y axis labels: " + string.Join(", ", labels));
            var top = labels[labels.Length - 1];
            var yOfOne = labels[0].Y - (labels[0].Y - top.Y) / top.Value;
            var line = tags.Single(t => t.Name == "path" && t["data-series"] == "consumers" && t.Index > chart.Index);
            var highest = Regex.Matches(line["d"]!, @"V(?<y>[\d.]+)").Select(m => double.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture)).Min();
            Assert.True(highest + 4 < yOfOne - 1, $"the consumers line tops out at y {highest + 4} (label coordinates), the level of 1 consumer is y {yOfOne}");
            // A run too large to draw whole keeps a lane per kind of story and counts the rest.
            Assert.Equal(60, Lanes(tags).Length);
            Assert.Contains(tags, t => t.Name == "g" && t.HasClass("group") && int.Parse(t["data-hidden"]!, CultureInfo.InvariantCulture) > 0);
        }
    }
}

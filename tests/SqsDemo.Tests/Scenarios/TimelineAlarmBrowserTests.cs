using System.Collections;
using System.IO;
using System.Linq;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Scenarios
{
    /// <summary>
    /// The observability scenario's timeline in headless Chromium: above the lanes, a depth row per queue and a band
    /// per alarm whose change marks are the journal's AlarmStateChanged events, each titled with its StateReason. The
    /// screenshot is kept in the test results (TestResults/timeline/observability.png).
    /// </summary>
    [Collection(BrowserCollection.Name)]
    public sealed class TimelineAlarmBrowserTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public TimelineAlarmBrowserTests(ModuleSession session) => _session = session;

        [ChromiumFact]
        public void Observability_draws_the_queues_depth_and_each_alarm_s_state_changes_above_the_lanes()
        {
            var file = Path.Combine(Chromium.ArtifactsFolder, "observability.html");
            var run = _session.Run("Invoke-DemoScenario -Name observability -Seed 1 -TimelinePath $timeline", new Hashtable { ["timeline"] = file });
            var result = run.Single<ScenarioResult>();
            Assert.True(result.Passed, string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => c.Name)) + result.Error);

            var screenshot = Path.Combine(Chromium.ArtifactsFolder, "observability.png");
            var page = Chromium.Render(file, screenshot);
            Assert.True(page.Console.Count == 0, "the page wrote to the console:\n" + string.Join("\n", page.Console));
            var tags = DomTags.Parse(page.Dom).ToArray();
            Assert.Equal("1", Assert.Single(tags, t => t.Name == "body")["data-ready"]);
            Assert.True(new FileInfo(screenshot).Length > 20_000, "a blank screenshot?");

            var chart = Assert.Single(tags, t => t.Name == "svg" && t["id"] == "metrics-chart");
            Assert.True(chart.Index < Assert.Single(tags, t => t.Name == "svg" && t["id"] == "lanes").Index, "the metrics are drawn above the lanes");
            var depthRows = tags.Where(t => t.Name == "g" && t.HasClass("metric")).Select(t => t["data-queue"]).ToArray();
            Assert.Contains("observability", depthRows);
            Assert.Contains("observability-dlq", depthRows);

            var changes = result.Journal.Where(e => e.Kind == JournalEventKind.AlarmStateChanged).ToArray();
            var marks = tags.Where(t => t.Name == "g" && t.HasClass("alarm-change")).ToArray();
            Assert.Equal(changes.Select(e => (e.AlarmName, e.NewState.ToString())).OrderBy(c => c), marks.Select(m => (m["data-alarm"], m["data-to"])).OrderBy(c => c));
            Assert.Equal(new[] { "observability-age", "observability-depth", "observability-dlq" },
                tags.Where(t => t.Name == "g" && t.HasClass("alarm")).Select(t => t["data-alarm"]).OrderBy(n => n).ToArray());
            // The depth alarm's band runs INSUFFICIENT_DATA, OK, ALARM (the outage), OK (recovery).
            var depth = tags.First(t => t.Name == "g" && t.HasClass("alarm") && t["data-alarm"] == "observability-depth");
            var end = tags.FirstOrDefault(t => t.Index > depth.Index && t.Name == "g" && t.HasClass("alarm"))?.Index ?? int.MaxValue;
            Assert.Equal(new[] { "INSUFFICIENT_DATA", "OK", "ALARM", "OK" },
                tags.Where(t => t.Index > depth.Index && t.Index < end && t.Name == "g" && t.HasClass("alarm-state")).Select(t => t["data-state"]).ToArray());
            var firstAlarm = changes.First(e => e.AlarmName == "observability-depth" && e.NewState == SqsDemo.Engine.Alarms.AlarmState.ALARM);
            Assert.StartsWith("Threshold Crossed", firstAlarm.Reason);
            Assert.Contains(firstAlarm.Reason!.Substring(0, 40), page.Dom);
        }
    }
}

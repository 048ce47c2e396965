using System;
using System.Collections.Generic;
using System.Globalization;
using SqsDemo.Engine.Scenarios;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>What the page says besides the timeline itself, and how many lanes it draws.</summary>
    public sealed class TimelineRenderOptions
    {
        public const int DefaultMaxLanes = 60;

        public string Title { get; set; } = "SqsDemo timeline";
        /// <summary>Short facts under the title (backend, seed, durations).</summary>
        public IList<string> Facts { get; } = new List<string>();
        /// <summary>A scenario's checks, listed under the title.</summary>
        public IList<ScenarioCheck> Checks { get; } = new List<ScenarioCheck>();
        /// <summary>More messages than this are grouped: see <see cref="Timeline.Select"/>.</summary>
        public int MaxLanes { get; set; } = DefaultMaxLanes;

        /// <summary>The options for a scenario result: its name, verdict, seed, backend and checks.</summary>
        public static TimelineRenderOptions For(ScenarioResult result, string? title = null)
        {
            if (result == null) throw new ArgumentNullException(nameof(result));
            var options = new TimelineRenderOptions { Title = title ?? "Scenario " + result.Name };
            options.Facts.Add(result.Passed ? "passed" : "FAILED");
            options.Facts.Add("seed " + result.Seed.ToString(CultureInfo.InvariantCulture));
            options.Facts.Add(result.Backend);
            if (result.Consumer != null) options.Facts.Add("judging the consumer " + result.Consumer);
            options.Facts.Add(result.ScenarioDuration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " scenario seconds in "
                + result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s of wall time");
            if (result.Error != null) options.Facts.Add("error: " + result.Error);
            foreach (var check in result.Checks) options.Checks.Add(check);
            return options;
        }
    }
}

using System;
using System.Globalization;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// How many messages went through in how long, on both clocks: the wall clock is what the machine did; the scenario
    /// clock is what SQS's timeouts and the run's metrics saw. At x1, on an endpoint or AWS, the two agree; on the
    /// embedded backend they differ by the time scale.
    /// </summary>
    public sealed class Throughput
    {
        public Throughput(int count, TimeSpan wallElapsed, TimeSpan scenarioElapsed)
        {
            Count = count;
            WallElapsed = wallElapsed;
            ScenarioElapsed = scenarioElapsed;
        }

        public int Count { get; }
        public TimeSpan WallElapsed { get; }
        public TimeSpan ScenarioElapsed { get; }
        /// <summary>Messages per wall-clock second; 0 when none went through or no time passed.</summary>
        public double PerWallSecond => Rate(Count, WallElapsed);
        /// <summary>Messages per scenario second; 0 when none went through or no time passed.</summary>
        public double PerScenarioSecond => Rate(Count, ScenarioElapsed);

        public static double Rate(int count, TimeSpan elapsed) => count == 0 || elapsed <= TimeSpan.Zero ? 0 : count / elapsed.TotalSeconds;

        /// <summary>"in 0.52 s (192.3 messages/s); 10.4 scenario s (9.6 messages/s)".</summary>
        public string Describe() => string.Format(CultureInfo.InvariantCulture, "in {0:0.###} s ({1:0.#} messages/s); {2:0.###} scenario s ({3:0.#} messages/s)",
            WallElapsed.TotalSeconds, PerWallSecond, ScenarioElapsed.TotalSeconds, PerScenarioSecond);

        public override string ToString() => Count.ToString(CultureInfo.InvariantCulture) + " message(s) " + Describe();
    }
}

using System;
using System.Globalization;

namespace SqsDemo.Engine.Work
{
    /// <summary>How fast a burst went out: what the seeds' producer prints when it has sent, on the wall and the scenario clock.</summary>
    public sealed class SendThroughput
    {
        private readonly Throughput _sent;

        public SendThroughput(string queueUrl, int sent, int failed, TimeSpan elapsed, TimeSpan scenarioElapsed)
        {
            QueueUrl = queueUrl;
            Failed = failed;
            _sent = new Throughput(sent, elapsed, scenarioElapsed);
        }

        public string QueueUrl { get; }
        public int Sent => _sent.Count;
        public int Failed { get; }
        /// <summary>Wall-clock time from the first send to the last answer.</summary>
        public TimeSpan Elapsed => _sent.WallElapsed;
        /// <summary>Scenario time from the first send to the last answer.</summary>
        public TimeSpan ScenarioElapsed => _sent.ScenarioElapsed;
        /// <summary>Messages sent per wall-clock second; 0 when nothing was sent.</summary>
        public double MessagesPerSecond => _sent.PerWallSecond;
        /// <summary>Messages sent per scenario second: the rate the queue's metrics see.</summary>
        public double MessagesPerScenarioSecond => _sent.PerScenarioSecond;

        public override string ToString() => "Sent " + Sent.ToString(CultureInfo.InvariantCulture) + " message(s) " + _sent.Describe()
            + (Failed > 0 ? ", " + Failed.ToString(CultureInfo.InvariantCulture) + " failed" : "");
    }
}

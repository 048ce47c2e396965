using System;
using System.Collections.Generic;
using SqsDemo.Engine.Work;

namespace SqsDemo.Engine.Outside
{
    /// <summary>How an outside consumer ended, over every incarnation, and what the endpoint saw it do.</summary>
    public sealed class OutsideConsumerSummary
    {
        public string ConsumerId { get; set; } = "";
        public string Command { get; set; } = "";
        /// <summary>How the last incarnation ended: Exited (code 0 on its own), Stopped (after SIGTERM), Crashed (killed, or a non-zero exit), Faulted (could not be restarted).</summary>
        public ConsumerEnding Ending { get; set; }
        public string? Reason { get; set; }
        /// <summary>The last incarnation's exit code; null when it never ran.</summary>
        public int? ExitCode { get; set; }
        public int Restarts { get; set; }
        /// <summary>Each kill the scenario made, in order.</summary>
        public List<KillPoint> Kills { get; } = new List<KillPoint>();
        /// <summary>Messages the endpoint gave it, over every incarnation.</summary>
        public int Received { get; set; }
        /// <summary>Messages it deleted, over every incarnation.</summary>
        public int Deleted { get; set; }
        public TimeSpan StartedAt { get; set; }
        public TimeSpan EndedAt { get; set; }
        /// <summary>Wall-clock time from the first start to the end.</summary>
        public TimeSpan WallElapsed { get; set; }
        /// <summary>The messages it deleted, per wall-clock and per scenario second.</summary>
        public Throughput Throughput => new Throughput(Deleted, WallElapsed, EndedAt - StartedAt);
        public bool EndedCleanly => Ending == ConsumerEnding.Exited || Ending == ConsumerEnding.Stopped;

        public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "{0} ended ({1}, exit code {2}): {3} received, {4} deleted {5}, {6} restarts",
            ConsumerId, Ending, ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", Received, Deleted, Throughput.Describe(), Restarts);
    }
}

using System;

namespace SqsDemo.Engine.Work
{
    /// <summary>How one consumer incarnation ended, and what it did.</summary>
    public sealed class ConsumerSummary
    {
        public string ConsumerId { get; set; } = "";
        public ConsumerEnding Ending { get; set; }
        public string? Reason { get; set; }
        public int Received { get; set; }
        public int Processed { get; set; }
        public int Rejected { get; set; }
        public int DuplicatesSkipped { get; set; }
        /// <summary>Messages deleted unapplied because they were older than StaleAfterSeconds.</summary>
        public int StaleSkipped { get; set; }
        /// <summary>Messages left unapplied because the lease guard found their visibility run out.</summary>
        public int LeaseExpired { get; set; }
        /// <summary>Messages its handler failed on.</summary>
        public int Failed { get; set; }
        /// <summary>Messages returned unhandled while its circuit breaker was open.</summary>
        public int ShortCircuited { get; set; }
        /// <summary>Crashes a supervisor restarted from (RestartOnCrash); the counts cover every incarnation.</summary>
        public int Restarts { get; set; }
        public TimeSpan StartedAt { get; set; }
        public TimeSpan EndedAt { get; set; }
        /// <summary>Wall-clock time from the start to the end, over every incarnation.</summary>
        public TimeSpan WallElapsed { get; set; }
        /// <summary>Wall-clock time from the start to the last message processed.</summary>
        public TimeSpan DrainWallElapsed { get; set; }
        /// <summary>Scenario time from the start to the last message processed.</summary>
        public TimeSpan DrainScenarioElapsed { get; set; }
        /// <summary>
        /// The messages it processed, per wall-clock and per scenario second, from its start to the last of them: how
        /// fast it drained its queue (the idle wait that ended it is not counted).
        /// </summary>
        public Throughput Throughput => new Throughput(Processed, DrainWallElapsed, DrainScenarioElapsed);
        /// <summary>Ended by idle timeout, message limit or a requested stop.</summary>
        public bool EndedCleanly => Ending == ConsumerEnding.Idle || Ending == ConsumerEnding.MessageLimit || Ending == ConsumerEnding.Stopped || Ending == ConsumerEnding.Exited;

        public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "{0} ended ({1}): {2} received, {3} processed {4}, {5} rejected, {6} duplicates skipped, {7} stale skipped, {8} lease expired, {9} restarts",
            ConsumerId, Ending, Received, Processed, Throughput.Describe(), Rejected, DuplicatesSkipped, StaleSkipped, LeaseExpired, Restarts);
    }
}

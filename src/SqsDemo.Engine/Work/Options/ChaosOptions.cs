namespace SqsDemo.Engine.Work
{
    /// <summary>The failures the consumer brings on itself, rolled from the seed, and what happens after a crash.</summary>
    public sealed class ChaosOptions
    {
        /// <summary>Chance (0-1) per message of crashing while processing it, rolled from the seed.</summary>
        public double CrashRate { get; set; }
        /// <summary>Crash right after the first receive that returns a message.</summary>
        public bool CrashAfterReceive { get; set; }
        /// <summary>Crash after the side effect, before marking COMPLETED: the window idempotency must cover.</summary>
        public bool CrashAfterSideEffect { get; set; }
        /// <summary>Every <see cref="LongSleepEvery"/>th message takes at least this long: to overrun the visibility timeout on purpose.</summary>
        public double LongSleepSeconds { get; set; }
        public int LongSleepEvery { get; set; }
        /// <summary>After a crash, start a fresh incarnation (empty cache), as ECS restarts a crashed task.</summary>
        public bool RestartOnCrash { get; set; }
        /// <summary>Scenario seconds between a crash and the restart.</summary>
        public double RestartDelaySeconds { get; set; } = 1;

        internal ChaosOptions Clone() => (ChaosOptions)MemberwiseClone();
    }
}

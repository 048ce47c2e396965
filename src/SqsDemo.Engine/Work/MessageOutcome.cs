namespace SqsDemo.Engine.Work
{
    /// <summary>What a consumer did with one message.</summary>
    public enum MessageOutcome
    {
        /// <summary>Processed and deleted.</summary>
        Processed,
        /// <summary>The body carried the reject marker: left undeleted, to return and end in the DLQ.</summary>
        Rejected,
        /// <summary>Already processed (the in-memory cache knew its id): deleted without processing.</summary>
        DuplicateSkipped,
        /// <summary>Older than StaleAfterSeconds when its turn came: deleted without being applied (no ledger row, no side effect).</summary>
        StaleSkipped,
        /// <summary>The consumer crashed holding it: it stays in flight until its visibility timeout ends.</summary>
        Crashed,
        /// <summary>Handed back unprocessed (visibility set to 0): on a graceful stop, or held back behind a failed message of its FIFO group.</summary>
        Released,
        /// <summary>The handler failed on it (threw, or its dependency answered with an error): left undeleted, to come back.</summary>
        Failed,
        /// <summary>The circuit breaker was open: returned without calling the dependency, visible again after the break.</summary>
        ShortCircuited,
        /// <summary>Its visibility ran out before it took effect (the lease guard): not applied, not deleted, left to whoever holds it now.</summary>
        LeaseExpired,
    }

    public static class MessageOutcomeLevels
    {
        /// <summary>The log level a record of this outcome is written at.</summary>
        public static ConsumerLogLevel LevelOf(MessageOutcome outcome)
        {
            switch (outcome)
            {
                case MessageOutcome.Crashed: return ConsumerLogLevel.Error;
                case MessageOutcome.Rejected:
                case MessageOutcome.Failed:
                case MessageOutcome.ShortCircuited:
                case MessageOutcome.LeaseExpired:
                    return ConsumerLogLevel.Warning;
                default: return ConsumerLogLevel.Info;
            }
        }
    }
}

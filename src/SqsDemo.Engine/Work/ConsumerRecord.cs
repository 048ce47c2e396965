using System;

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

    /// <summary>One message handled by a consumer: what the pipeline shows, one per message.</summary>
    public sealed class ConsumerRecord
    {
        public string ConsumerId { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string? BodyId { get; set; }
        public int ReceiveCount { get; set; }
        public MessageOutcome Outcome { get; set; }
        public TimeSpan ScenarioTime { get; set; }
        public string? Detail { get; set; }
    }

    /// <summary>Why a consumer's loop ended.</summary>
    public enum ConsumerEnding
    {
        /// <summary>Nothing received for IdleTimeoutSeconds.</summary>
        Idle,
        /// <summary>MessageLimit messages handled.</summary>
        MessageLimit,
        /// <summary>A stop was requested: in-flight work finished first.</summary>
        Stopped,
        /// <summary>An abrupt crash: nothing ran after it.</summary>
        Crashed,
        /// <summary>An error the consumer could not go on from (e.g. the queue was deleted).</summary>
        Faulted,
        /// <summary>An outside consumer's process ended on its own, with exit code 0.</summary>
        Exited,
    }

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
        /// <summary>Ended by idle timeout, message limit or a requested stop.</summary>
        public bool EndedCleanly => Ending == ConsumerEnding.Idle || Ending == ConsumerEnding.MessageLimit || Ending == ConsumerEnding.Stopped || Ending == ConsumerEnding.Exited;
    }
}

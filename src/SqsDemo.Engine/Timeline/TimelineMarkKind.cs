using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>What a mark on a message's lane stands for: each has its own shape and label in the picture.</summary>
    public enum TimelineMarkKind
    {
        Sent,
        Received,
        /// <summary>A visibility heartbeat extended the message (VisibilityExtended).</summary>
        Heartbeat,
        /// <summary>A ChangeMessageVisibility call that was not a heartbeat (a release, a backoff's, a user's).</summary>
        VisibilityChanged,
        BackedOff,
        Released,
        Crashed,
        Processed,
        Rejected,
        HandlerFailed,
        ShortCircuited,
        SideEffect,
        SideEffectSkipped,
        DuplicateSkipped,
        StaleSkipped,
        Forwarded,
        Deleted,
        /// <summary>A delete with a receipt handle past its visibility timeout that no later receive had superseded.</summary>
        LateDelete,
        /// <summary>A delete with a receipt handle that a later receive of the same message had superseded: it may not delete.</summary>
        StaleHandleDelete,
        DeleteFailed,
        MovedToDeadLetterQueue,
        Redriven,
        Purged,
        RetentionExpired,
    }

    /// <summary>How journal events become lane marks, and the words the picture uses for each kind.</summary>
    public static class TimelineMarkKinds
    {
        /// <summary>The mark a journal event draws on its message's lane, or null when it draws none (it still shows in its receive's details).</summary>
        public static TimelineMarkKind? Of(JournalEventKind kind)
        {
            switch (kind)
            {
                case JournalEventKind.Sent: return TimelineMarkKind.Sent;
                case JournalEventKind.Received: return TimelineMarkKind.Received;
                case JournalEventKind.VisibilityExtended: return TimelineMarkKind.Heartbeat;
                case JournalEventKind.VisibilityChanged: return TimelineMarkKind.VisibilityChanged;
                case JournalEventKind.BackedOff: return TimelineMarkKind.BackedOff;
                case JournalEventKind.Released: return TimelineMarkKind.Released;
                case JournalEventKind.Crashed: return TimelineMarkKind.Crashed;
                case JournalEventKind.Processed: return TimelineMarkKind.Processed;
                case JournalEventKind.Rejected: return TimelineMarkKind.Rejected;
                case JournalEventKind.HandlerFailed: return TimelineMarkKind.HandlerFailed;
                case JournalEventKind.ShortCircuited: return TimelineMarkKind.ShortCircuited;
                case JournalEventKind.SideEffect: return TimelineMarkKind.SideEffect;
                case JournalEventKind.SideEffectSkipped: return TimelineMarkKind.SideEffectSkipped;
                case JournalEventKind.DuplicateSkipped: return TimelineMarkKind.DuplicateSkipped;
                case JournalEventKind.StaleSkipped: return TimelineMarkKind.StaleSkipped;
                case JournalEventKind.Forwarded: return TimelineMarkKind.Forwarded;
                case JournalEventKind.Deleted: return TimelineMarkKind.Deleted;
                case JournalEventKind.DeleteMayNotHaveDeleted: return TimelineMarkKind.LateDelete;
                case JournalEventKind.DeleteFailed: return TimelineMarkKind.DeleteFailed;
                case JournalEventKind.MovedToDeadLetterQueue: return TimelineMarkKind.MovedToDeadLetterQueue;
                case JournalEventKind.Redriven: return TimelineMarkKind.Redriven;
                case JournalEventKind.PurgedMessage: return TimelineMarkKind.Purged;
                case JournalEventKind.RetentionExpired: return TimelineMarkKind.RetentionExpired;
                default: return null;
            }
        }

        /// <summary>The short label of the legend.</summary>
        public static string Label(TimelineMarkKind kind)
        {
            switch (kind)
            {
                case TimelineMarkKind.Sent: return "sent";
                case TimelineMarkKind.Received: return "received (by the consumer named beside it)";
                case TimelineMarkKind.Heartbeat: return "heartbeat: visibility extended";
                case TimelineMarkKind.VisibilityChanged: return "visibility changed";
                case TimelineMarkKind.BackedOff: return "backed off";
                case TimelineMarkKind.Released: return "released on stop";
                case TimelineMarkKind.Crashed: return "consumer crashed holding it";
                case TimelineMarkKind.Processed: return "processed";
                case TimelineMarkKind.Rejected: return "rejected (poison)";
                case TimelineMarkKind.HandlerFailed: return "handler failed";
                case TimelineMarkKind.ShortCircuited: return "short-circuited (breaker open)";
                case TimelineMarkKind.SideEffect: return "side effect performed";
                case TimelineMarkKind.SideEffectSkipped: return "side effect skipped (already done)";
                case TimelineMarkKind.DuplicateSkipped: return "duplicate skipped";
                case TimelineMarkKind.StaleSkipped: return "stale, skipped";
                case TimelineMarkKind.Forwarded: return "forwarded to the next queue";
                case TimelineMarkKind.Deleted: return "deleted";
                case TimelineMarkKind.LateDelete: return "late delete (handle past its visibility timeout)";
                case TimelineMarkKind.StaleHandleDelete: return "stale-handle delete (superseded: may not delete)";
                case TimelineMarkKind.DeleteFailed: return "delete failed";
                case TimelineMarkKind.MovedToDeadLetterQueue: return "moved to the DLQ";
                case TimelineMarkKind.Redriven: return "redriven from the DLQ";
                case TimelineMarkKind.Purged: return "purged";
                case TimelineMarkKind.RetentionExpired: return "retention expired";
                default: return kind.ToString();
            }
        }

        /// <summary>A stable, lower-case id for the kind (CSS class, data-kind): side-effect, stale-handle-delete, ...</summary>
        public static string Id(TimelineMarkKind kind)
        {
            var name = kind.ToString();
            var chars = new System.Text.StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (char.IsUpper(c))
                {
                    if (i > 0) chars.Append('-');
                    chars.Append(char.ToLowerInvariant(c));
                }
                else chars.Append(c);
            }
            return chars.ToString();
        }

        /// <summary>Kinds that tell of something going wrong or being guarded against: lanes with them are drawn first when a run is too large to draw whole.</summary>
        public static bool IsNotable(TimelineMarkKind kind)
        {
            switch (kind)
            {
                case TimelineMarkKind.Sent:
                case TimelineMarkKind.Received:
                case TimelineMarkKind.Processed:
                case TimelineMarkKind.SideEffect:
                case TimelineMarkKind.Deleted:
                case TimelineMarkKind.Forwarded:
                    return false;
                default:
                    return true;
            }
        }
    }
}

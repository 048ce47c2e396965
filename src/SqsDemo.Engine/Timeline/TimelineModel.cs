using System;
using System.Collections.Generic;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>One event drawn on a message's lane. Times are scenario seconds.</summary>
    public sealed class TimelineMark
    {
        internal TimelineMark(TimelineMarkKind kind, JournalEvent source)
        {
            Kind = kind;
            Source = source;
        }

        public TimelineMarkKind Kind { get; internal set; }
        /// <summary>The journal event the mark stands for.</summary>
        public JournalEvent Source { get; }
        public double Time => Source.ScenarioTime.TotalSeconds;
        public string? Actor => Source.Actor;
        /// <summary>The row of the lane it is drawn on: that of its receive, or 0.</summary>
        public int Row { get; internal set; }
        /// <summary>For a stale-handle delete: the receive that superseded the handle.</summary>
        public TimelineAttempt? SupersededBy { get; internal set; }
    }

    /// <summary>How a receive's visibility window ended.</summary>
    public enum WindowEnd
    {
        /// <summary>Deleted with this receive's handle before the timeout ran out.</summary>
        Deleted,
        /// <summary>The visibility timeout ran out: the message was visible to other consumers again.</summary>
        Expired,
        /// <summary>A visibility change to 0 made it visible at once (a release, a backoff of 0).</summary>
        Released,
        /// <summary>A purge removed it.</summary>
        Purged,
        /// <summary>Still in flight when the journal ends.</summary>
        Open,
    }

    /// <summary>
    /// One receive of a message: who got it, and its visibility window (from the receive until a delete,
    /// a visibility change, or the timeout named in the receive's detail, "visibility 10s").
    /// </summary>
    public sealed class TimelineAttempt
    {
        internal TimelineAttempt(JournalEvent received, double? visibilitySeconds)
        {
            Received = received;
            VisibilitySeconds = visibilitySeconds;
            Deadline = visibilitySeconds == null ? (double?)null : received.ScenarioTime.TotalSeconds + visibilitySeconds.Value;
        }

        public JournalEvent Received { get; }
        public double Start => Received.ScenarioTime.TotalSeconds;
        public string? Actor => Received.Actor;
        public string? ReceiptHandle => Received.ReceiptHandle;
        public int ReceiveCount => Received.ReceiveCount;
        /// <summary>The visibility timeout the receive was given, when the journal says (null: unknown).</summary>
        public double? VisibilitySeconds { get; }
        /// <summary>When the visibility timeout runs out, after any heartbeats and visibility changes (null: unknown).</summary>
        public double? Deadline { get; internal set; }
        /// <summary>Where the window bar ends.</summary>
        public double WindowEnd { get; internal set; }
        public WindowEnd EndedBy { get; internal set; }
        /// <summary>
        /// The last thing the receiver did with this receive's handle after the window ended (it was still working while the
        /// message was visible to others again), or null.
        /// </summary>
        public double? HeldUntil { get; internal set; }
        /// <summary>Every journal event of this receive (by its receipt handle), ledger steps and notes too: the window's details.</summary>
        public List<JournalEvent> Events { get; } = new List<JournalEvent>();
        public int Row { get; internal set; }
        internal bool Closed { get; set; }

        /// <summary>The last time this receive occupies on its row.</summary>
        public double Extent => Math.Max(WindowEnd, HeldUntil ?? WindowEnd);
    }

    /// <summary>A stretch a message spent in a dead-letter queue.</summary>
    public sealed class DeadLetterSpan
    {
        internal DeadLetterSpan(double start, string? queueName)
        {
            Start = start;
            QueueName = queueName;
        }

        public double Start { get; }
        /// <summary>When it left the DLQ (a redrive, a delete, a purge), or null: still there when the journal ends.</summary>
        public double? End { get; internal set; }
        public string? QueueName { get; }
    }

    /// <summary>One message's story: everything the journal says happened to one body id (else one MessageId).</summary>
    public sealed class TimelineLane
    {
        internal TimelineLane(string key, string? bodyId)
        {
            Key = key;
            BodyId = bodyId;
        }

        /// <summary>The body id, else the MessageId the lane is keyed by.</summary>
        public string Key { get; }
        public string? BodyId { get; }
        /// <summary>1-based, in the order the messages first appear in the journal.</summary>
        public int Number { get; internal set; }
        /// <summary>Every MessageId the message had (a redrive or a forward makes a new one).</summary>
        public List<string> MessageIds { get; } = new List<string>();
        public List<string> QueueNames { get; } = new List<string>();
        public List<TimelineMark> Marks { get; } = new List<TimelineMark>();
        public List<TimelineAttempt> Attempts { get; } = new List<TimelineAttempt>();
        public List<DeadLetterSpan> DeadLetterSpans { get; } = new List<DeadLetterSpan>();
        /// <summary>Journal events of the message that belong to no receive (notes, ledger steps without a handle).</summary>
        public List<JournalEvent> OtherEvents { get; } = new List<JournalEvent>();
        /// <summary>The lane this message came from, when the journal says so (a forward to a message with a body id of its own).</summary>
        public string? SourceKey { get; internal set; }
        public int Rows { get; internal set; } = 1;
        public double First { get; internal set; }
        public double Last { get; internal set; }
        /// <summary>What happened to it, in words, the same for messages with the same story (large runs group by it).</summary>
        public string Signature { get; internal set; } = "";
        /// <summary>How much there is to see: distinct kinds and notable events weigh most.</summary>
        public int Score { get; internal set; }
        /// <summary>True when a mark tells of trouble or a guard at work (a crash, a DLQ move, a late delete, a skip...).</summary>
        public bool Notable { get; internal set; }

        public int Count(TimelineMarkKind kind)
        {
            var n = 0;
            foreach (var mark in Marks) if (mark.Kind == kind) n++;
            return n;
        }
    }

    /// <summary>Queue depth at one moment, derived from the journal.</summary>
    public struct DepthPoint
    {
        public DepthPoint(double time, int visible, int inFlight, int deadLetter)
        {
            Time = time;
            Visible = visible;
            InFlight = inFlight;
            DeadLetter = deadLetter;
        }

        public double Time { get; }
        /// <summary>Visible in the run's queues (not dead-letter queues).</summary>
        public int Visible { get; }
        /// <summary>In flight in the run's queues (received, not yet deleted or visible again).</summary>
        public int InFlight { get; }
        /// <summary>In the dead-letter queues, visible or in flight.</summary>
        public int DeadLetter { get; }
    }

    /// <summary>How many consumers ran at one moment.</summary>
    public struct ConsumerPoint
    {
        public ConsumerPoint(double time, int alive)
        {
            Time = time;
            Alive = alive;
        }

        public double Time { get; }
        public int Alive { get; }
    }

    /// <summary>An event of the run rather than of one message: a scale-out, a crash, a restart, a purge of a queue, a breaker.</summary>
    public sealed class RunMark
    {
        internal RunMark(JournalEvent source) => Source = source;

        public JournalEvent Source { get; }
        public JournalEventKind Kind => Source.Kind;
        public double Time => Source.ScenarioTime.TotalSeconds;
    }

    /// <summary>Messages not drawn in a large run, counted by what happened to them.</summary>
    public sealed class LaneGroup
    {
        internal LaneGroup(string signature, int hidden, int shown, double first, double last)
        {
            Signature = signature;
            Hidden = hidden;
            Shown = shown;
            First = first;
            Last = last;
        }

        public string Signature { get; }
        /// <summary>Messages with this story that are not drawn.</summary>
        public int Hidden { get; }
        /// <summary>Messages with this story that are drawn.</summary>
        public int Shown { get; }
        /// <summary>The hidden ones' first and last events.</summary>
        public double First { get; }
        public double Last { get; }
    }

    /// <summary>The lanes a picture draws (in time order) and the rest, grouped.</summary>
    public sealed class TimelineSelection
    {
        internal TimelineSelection(IReadOnlyList<TimelineLane> shown, IReadOnlyList<LaneGroup> groups, int total)
        {
            Shown = shown;
            Groups = groups;
            Total = total;
        }

        public IReadOnlyList<TimelineLane> Shown { get; }
        public IReadOnlyList<LaneGroup> Groups { get; }
        public int Total { get; }
        public int Hidden => Total - Shown.Count;
    }
}

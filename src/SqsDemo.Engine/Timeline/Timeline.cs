using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>
    /// A run drawn from its journal: one lane per message, queue depth and consumers alive over
    /// scenario time. Built from the journal alone, so it can be drawn for any run on any backend.
    /// </summary>
    public sealed class Timeline
    {
        internal Timeline(IReadOnlyList<TimelineLane> lanes, QueueDepthSeries depth, ConsumerSeries consumers, IReadOnlyList<RunMark> runMarks,
            IReadOnlyList<string> queueNames, IReadOnlyList<string> deadLetterQueueNames, double end, int eventCount)
        {
            Lanes = lanes;
            Depth = depth;
            Consumers = consumers;
            RunMarks = runMarks;
            QueueNames = queueNames;
            DeadLetterQueueNames = deadLetterQueueNames;
            End = end;
            EventCount = eventCount;
        }

        /// <summary>One per message, in the order they first appear.</summary>
        public IReadOnlyList<TimelineLane> Lanes { get; }
        public QueueDepthSeries Depth { get; }
        public ConsumerSeries Consumers { get; }
        /// <summary>Events of the run rather than of a message: scale-outs, restarts, queue purges, breakers, the producer stopping.</summary>
        public IReadOnlyList<RunMark> RunMarks { get; }
        /// <summary>The run's queues that are not dead-letter queues.</summary>
        public IReadOnlyList<string> QueueNames { get; }
        public IReadOnlyList<string> DeadLetterQueueNames { get; }
        /// <summary>The last event's scenario time, in seconds.</summary>
        public double End { get; }
        public int EventCount { get; }
        /// <summary>The queues' depth as CloudWatch reports it and the alarms' states: an operator's view of the run.</summary>
        public OperatorView Operator { get; private set; } = OperatorView.Empty;

        /// <summary>Builds the timeline of a journal (any order: events are sorted by scenario time, then sequence).</summary>
        public static Timeline FromJournal(IEnumerable<JournalEvent> journal)
        {
            if (journal == null) throw new ArgumentNullException(nameof(journal));
            var events = journal.OrderBy(e => e.ScenarioTime).ThenBy(e => e.Sequence).ToArray();
            var timeline = TimelineBuilder.Build(events);
            timeline.Operator = OperatorView.FromJournal(events);
            return timeline;
        }

        /// <summary>
        /// The lanes to draw when at most <paramref name="maxLanes"/> fit: all of them when they do. Otherwise
        /// every kind of story (<see cref="TimelineLane.Signature"/>) gets a lane first, the notable and rare
        /// ones first and each by its most eventful message; the lanes left are shared out among the stories in
        /// turn, each taking messages spread evenly over its time. The rest are counted per story.
        /// </summary>
        public TimelineSelection Select(int maxLanes)
        {
            if (maxLanes < 1) throw new ArgumentOutOfRangeException(nameof(maxLanes), maxLanes, "At least one lane must be drawn.");
            if (Lanes.Count <= maxLanes)
                return new TimelineSelection(Lanes, Array.Empty<LaneGroup>(), Lanes.Count);

            var stories = Lanes.GroupBy(l => l.Signature, StringComparer.Ordinal)
                .Select(g => g.OrderBy(l => l.First).ThenBy(l => l.Number).ToArray())
                .OrderByDescending(g => g[0].Notable)
                .ThenBy(g => g.Length)
                .ThenByDescending(g => g.Max(l => l.Score))
                .ThenBy(g => g[0].Number)
                .ToArray();

            // Slots per story, dealt one at a time in priority order, round after round.
            var slots = new int[stories.Length];
            var left = maxLanes;
            var dealt = true;
            while (left > 0 && dealt)
            {
                dealt = false;
                for (var i = 0; i < stories.Length && left > 0; i++)
                {
                    if (slots[i] >= stories[i].Length) continue;
                    slots[i]++;
                    left--;
                    dealt = true;
                }
            }

            var shown = new List<TimelineLane>();
            var groups = new List<LaneGroup>();
            for (var i = 0; i < stories.Length; i++)
            {
                var story = stories[i];
                var picked = Pick(story, slots[i]);
                shown.AddRange(picked);
                if (picked.Count < story.Length)
                {
                    var hidden = story.Where(l => !picked.Contains(l)).ToArray();
                    groups.Add(new LaneGroup(story[0].Signature, hidden.Length, picked.Count, hidden.Min(l => l.First), hidden.Max(l => l.Last)));
                }
            }
            return new TimelineSelection(
                shown.OrderBy(l => l.First).ThenBy(l => l.Number).ToArray(),
                groups.OrderByDescending(g => g.Hidden).ThenBy(g => g.Signature, StringComparer.Ordinal).ToArray(),
                Lanes.Count);
        }

        /// <summary>The story's most eventful message, then messages spread evenly over its time order.</summary>
        private static HashSet<TimelineLane> Pick(TimelineLane[] story, int count)
        {
            var picked = new HashSet<TimelineLane>();
            if (count <= 0) return picked;
            var best = story.OrderByDescending(l => l.Score).ThenBy(l => l.Number).First();
            picked.Add(best);
            var rest = story.Where(l => l != best).ToArray();
            var wanted = count - 1;
            for (var k = 0; k < wanted && rest.Length > 0; k++)
            {
                var index = (int)Math.Floor((k + 0.5) * rest.Length / wanted);
                picked.Add(rest[Math.Min(index, rest.Length - 1)]);
            }
            return picked;
        }
    }

    /// <summary>Queue depth over scenario time, derived from the journal's events (not read from the broker).</summary>
    public sealed class QueueDepthSeries
    {
        internal QueueDepthSeries(IReadOnlyList<DepthPoint> points)
        {
            Points = points;
            foreach (var p in points)
            {
                PeakVisible = Math.Max(PeakVisible, p.Visible);
                PeakInFlight = Math.Max(PeakInFlight, p.InFlight);
                PeakDeadLetter = Math.Max(PeakDeadLetter, p.DeadLetter);
            }
        }

        /// <summary>The depth after each change, in time order (several may share a time).</summary>
        public IReadOnlyList<DepthPoint> Points { get; }
        public int PeakVisible { get; }
        public int PeakInFlight { get; }
        public int PeakDeadLetter { get; }

        /// <summary>The depth at <paramref name="time"/>: after every change at or before it.</summary>
        public DepthPoint At(double time)
        {
            var at = new DepthPoint(time, 0, 0, 0);
            foreach (var p in Points)
            {
                if (p.Time > time) break;
                at = p;
            }
            return new DepthPoint(time, at.Visible, at.InFlight, at.DeadLetter);
        }

        /// <summary>
        /// <paramref name="slices"/> equal slices of [0, <paramref name="end"/>], each holding the highest value of each
        /// series within it (so a short peak is not lost), stamped with the slice's start.
        /// </summary>
        public IReadOnlyList<DepthPoint> Sample(int slices, double end)
        {
            if (slices < 1) throw new ArgumentOutOfRangeException(nameof(slices));
            var result = new DepthPoint[slices];
            var width = end > 0 ? end / slices : 1;
            var current = new DepthPoint(0, 0, 0, 0);
            var next = 0;
            for (var s = 0; s < slices; s++)
            {
                var from = s * width;
                var to = s == slices - 1 ? double.PositiveInfinity : from + width;
                int visible = current.Visible, inFlight = current.InFlight, deadLetter = current.DeadLetter;
                while (next < Points.Count && Points[next].Time < to)
                {
                    current = Points[next++];
                    visible = Math.Max(visible, current.Visible);
                    inFlight = Math.Max(inFlight, current.InFlight);
                    deadLetter = Math.Max(deadLetter, current.DeadLetter);
                }
                result[s] = new DepthPoint(from, visible, inFlight, deadLetter);
            }
            return result;
        }
    }

    /// <summary>Consumers alive over scenario time, from ConsumerStarted and ConsumerEnded.</summary>
    public sealed class ConsumerSeries
    {
        internal ConsumerSeries(IReadOnlyList<ConsumerPoint> points, IReadOnlyList<string> consumers)
        {
            Points = points;
            Consumers = consumers;
            foreach (var p in points) Peak = Math.Max(Peak, p.Alive);
        }

        /// <summary>The count after each start or end, in time order.</summary>
        public IReadOnlyList<ConsumerPoint> Points { get; }
        /// <summary>Every consumer id that started, in order.</summary>
        public IReadOnlyList<string> Consumers { get; }
        public int Peak { get; }
    }
}

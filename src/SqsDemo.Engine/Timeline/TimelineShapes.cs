using System.Collections.Generic;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>
    /// The shape and colour of every mark. Each kind has a silhouette of its own, so the picture reads
    /// without colour (printed, or with colour blindness); the colours are Okabe and Ito's palette.
    /// Shapes are drawn around (0,0), within about 6 px, in currentColor.
    /// </summary>
    internal static class TimelineShapes
    {
        public sealed class Shape
        {
            public Shape(string id, string color, string svg, string label)
            {
                Id = id;
                Color = color;
                Svg = svg;
                Label = label;
            }

            public string Id { get; }
            public string Color { get; }
            public string Svg { get; }
            public string Label { get; }
        }

        private const string Star = "M0,-5.8L1.7,-1.8L5.8,-1.8L2.5,0.8L3.6,5L0,2.6L-3.6,5L-2.5,0.8L-5.8,-1.8L-1.7,-1.8Z";

        private static readonly Dictionary<TimelineMarkKind, Shape> Marks = new Dictionary<TimelineMarkKind, Shape>
        {
            [TimelineMarkKind.Sent] = Make(TimelineMarkKind.Sent, "#444444", "<circle r=\"4\" fill=\"currentColor\"/>"),
            [TimelineMarkKind.Received] = Make(TimelineMarkKind.Received, "#0072B2", "<path d=\"M-5.5,-4.5H5.5L0,5.5Z\" fill=\"currentColor\"/>"),
            [TimelineMarkKind.Heartbeat] = Make(TimelineMarkKind.Heartbeat, "#009E73", "<path d=\"M-4.5,2.5L0,-2.5L4.5,2.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.2\"/>"),
            [TimelineMarkKind.VisibilityChanged] = Make(TimelineMarkKind.VisibilityChanged, "#555555", "<path d=\"M0,-5V5M-3,-5H3M-3,5H3\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\"/>"),
            [TimelineMarkKind.BackedOff] = Make(TimelineMarkKind.BackedOff, "#B35900", "<path d=\"M1,-4.5L-3.5,0L1,4.5M5.5,-4.5L1,0L5.5,4.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\"/>"),
            [TimelineMarkKind.Released] = Make(TimelineMarkKind.Released, "#555555", "<path d=\"M-5,4.5H5L0,-5Z\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.6\"/>"),
            [TimelineMarkKind.Crashed] = Make(TimelineMarkKind.Crashed, "#D55E00", "<path d=\"M-4.5,-4.5L4.5,4.5M4.5,-4.5L-4.5,4.5\" stroke=\"currentColor\" stroke-width=\"3\"/>"),
            [TimelineMarkKind.Processed] = Make(TimelineMarkKind.Processed, "#007A5A", "<path d=\"M-4.5,0L-1.2,4L5,-4.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.4\"/>"),
            [TimelineMarkKind.Rejected] = Make(TimelineMarkKind.Rejected, "#B35900", "<circle r=\"4.6\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.8\"/><path d=\"M-3.2,3.2L3.2,-3.2\" stroke=\"currentColor\" stroke-width=\"1.8\"/>"),
            [TimelineMarkKind.HandlerFailed] = Make(TimelineMarkKind.HandlerFailed, "#D55E00", "<path d=\"M0,-5.5L5.5,4.5H-5.5Z\" fill=\"currentColor\"/><path d=\"M0,-2V1.2M0,2.2V3.4\" stroke=\"#fff\" stroke-width=\"1.4\"/>"),
            [TimelineMarkKind.ShortCircuited] = Make(TimelineMarkKind.ShortCircuited, "#CC79A7", "<path d=\"M1.5,-6L-3.5,1H0.5L-1.5,6L4,-1.2H0Z\" fill=\"currentColor\"/>"),
            [TimelineMarkKind.SideEffect] = Make(TimelineMarkKind.SideEffect, "#7B3FA0", "<path d=\"" + Star + "\" fill=\"currentColor\"/>"),
            [TimelineMarkKind.SideEffectSkipped] = Make(TimelineMarkKind.SideEffectSkipped, "#7B3FA0", "<path d=\"" + Star + "\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.4\"/>"),
            [TimelineMarkKind.DuplicateSkipped] = Make(TimelineMarkKind.DuplicateSkipped, "#2B8CBE", "<circle r=\"4.8\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.4\"/><circle r=\"2\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.4\"/>"),
            [TimelineMarkKind.StaleSkipped] = Make(TimelineMarkKind.StaleSkipped, "#8A6D00", "<path d=\"M-4.5,-5H4.5L-4.5,5H4.5Z\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.5\"/>"),
            [TimelineMarkKind.Forwarded] = Make(TimelineMarkKind.Forwarded, "#0072B2", "<path d=\"M-5,0H4.5M1,-3.5L4.5,0L1,3.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\"/>"),
            [TimelineMarkKind.Deleted] = Make(TimelineMarkKind.Deleted, "#222222", "<rect x=\"-4.2\" y=\"-4.2\" width=\"8.4\" height=\"8.4\" fill=\"currentColor\"/>"),
            [TimelineMarkKind.LateDelete] = Make(TimelineMarkKind.LateDelete, "#8B4513", "<rect x=\"-4.5\" y=\"-4.5\" width=\"9\" height=\"9\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.8\"/><path d=\"M0,-2.5V0.5H2.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.4\"/>"),
            [TimelineMarkKind.StaleHandleDelete] = Make(TimelineMarkKind.StaleHandleDelete, "#C00000", "<rect x=\"-5.5\" y=\"-5.5\" width=\"11\" height=\"11\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"2\"/><path d=\"M-3,-3L3,3M3,-3L-3,3\" stroke=\"currentColor\" stroke-width=\"1.8\"/>"),
            [TimelineMarkKind.DeleteFailed] = Make(TimelineMarkKind.DeleteFailed, "#C00000", "<rect x=\"-4.5\" y=\"-4.5\" width=\"9\" height=\"9\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.6\" stroke-dasharray=\"2 1.5\"/>"),
            [TimelineMarkKind.MovedToDeadLetterQueue] = Make(TimelineMarkKind.MovedToDeadLetterQueue, "#8B0000", "<path d=\"M0,-6L6,0L0,6L-6,0Z\" fill=\"currentColor\"/>"),
            [TimelineMarkKind.Redriven] = Make(TimelineMarkKind.Redriven, "#00796B", "<path d=\"M0,5.5V-4M-3.8,-0.5L0,-4.5L3.8,-0.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.2\"/>"),
            [TimelineMarkKind.Purged] = Make(TimelineMarkKind.Purged, "#6B4226", "<path d=\"M-2.8,-5H2.8L5.6,0L2.8,5H-2.8L-5.6,0Z\" fill=\"currentColor\"/>"),
            [TimelineMarkKind.RetentionExpired] = Make(TimelineMarkKind.RetentionExpired, "#666666", "<circle r=\"4.8\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.5\"/><path d=\"M0,-3V0L2.2,1.6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.3\"/>"),
        };

        /// <summary>Run-level marks on the consumers chart (and purges across the lanes).</summary>
        public static readonly Shape ScaledOut = new Shape("scaled-out", "#0072B2",
            "<circle r=\"5.2\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.5\"/><path d=\"M-3,0H3M0,-3V3\" stroke=\"currentColor\" stroke-width=\"1.6\"/>", "autoscaler added a consumer");
        public static readonly Shape Restarted = new Shape("restarted", "#009E73",
            "<path d=\"M3.9,-2.2A4.5,4.5 0 1 0 4.4,1.6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.7\"/><path d=\"M1.4,-4.8L5.2,-4L4.2,-0.4Z\" fill=\"currentColor\"/>", "consumer restarted after a crash");
        public static readonly Shape ProducerStopped = new Shape("producer-stopped", "#444444",
            "<rect x=\"-4.5\" y=\"-4.5\" width=\"3.2\" height=\"9\" fill=\"currentColor\"/><rect x=\"1.3\" y=\"-4.5\" width=\"3.2\" height=\"9\" fill=\"currentColor\"/>", "producer stopped");
        public static readonly Shape BreakerOpened = new Shape("breaker-opened", "#CC79A7",
            "<path d=\"M-6,2H-3L2.5,-3.5M3,2H6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\"/>", "circuit breaker opened");
        public static readonly Shape BreakerHalfOpened = new Shape("breaker-half-opened", "#CC79A7",
            "<path d=\"M-6,2H-3L3,-0.5M3,2H6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\" stroke-dasharray=\"2 1\"/>", "circuit breaker half-open (trial)");
        public static readonly Shape BreakerClosed = new Shape("breaker-closed", "#CC79A7",
            "<path d=\"M-6,2H6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\"/><circle cx=\"-3\" cy=\"2\" r=\"1.4\" fill=\"currentColor\"/><circle cx=\"3\" cy=\"2\" r=\"1.4\" fill=\"currentColor\"/>", "circuit breaker closed");
        public static readonly Shape FaultInjected = new Shape("fault-injected", "#E69F00",
            "<circle r=\"5.4\" fill=\"#fff\" stroke=\"currentColor\" stroke-width=\"1.4\"/><path d=\"M-3.6,-1.6L-1.2,1.6L1.2,-1.6L3.6,1.6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\"/>",
            "endpoint fault hit a call (which caller, which fault, what it did: in its tooltip)");
        public static readonly Shape QueuePurged = new Shape("queue-purged", "#6B4226", Marks[TimelineMarkKind.Purged].Svg, "queue purged");

        public static Shape Of(TimelineMarkKind kind) => Marks[kind];

        public static IEnumerable<Shape> RunShapes => new[] { ScaledOut, Restarted, ProducerStopped, BreakerOpened, BreakerHalfOpened, BreakerClosed, FaultInjected, QueuePurged };

        private static Shape Make(TimelineMarkKind kind, string color, string svg) =>
            new Shape(TimelineMarkKinds.Id(kind), color, svg, TimelineMarkKinds.Label(kind));
    }
}

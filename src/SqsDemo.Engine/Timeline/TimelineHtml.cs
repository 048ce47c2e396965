using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>
    /// Draws a <see cref="Timeline"/> as one self-contained HTML page: inline SVG and CSS, the system's
    /// fonts, and a few lines of script that copy a hovered or focused mark's details into a panel (each
    /// mark also has an SVG title, the browser's own tooltip, which needs no script). Nothing is loaded
    /// from anywhere. The page is also well-formed XML, so tests can read it with an XML parser.
    /// </summary>
    public static partial class TimelineHtml
    {
        private const double Width = 1360;
        private const double Gutter = 176;
        private const double PlotWidth = Width - Gutter - 24;
        private const double RowHeight = 26;
        private const double LanePadding = 5;
        private const double MarkSpacing = 9;
        private const int DepthSlices = 585;

        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        public static string Render(Timeline timeline, TimelineRenderOptions options)
        {
            if (timeline == null) throw new ArgumentNullException(nameof(timeline));
            if (options == null) throw new ArgumentNullException(nameof(options));
            var page = new Page(timeline, options);
            return page.Write();
        }

        private sealed partial class Page
        {
            private readonly Timeline _timeline;
            private readonly TimelineRenderOptions _options;
            private readonly TimelineSelection _selection;
            private readonly double _end;
            private readonly double _tick;
            private readonly StringBuilder _html = new StringBuilder(64 * 1024);
            private readonly HashSet<string> _usedShapes = new HashSet<string>(StringComparer.Ordinal);

            public Page(Timeline timeline, TimelineRenderOptions options)
            {
                _timeline = timeline;
                _options = options;
                _selection = timeline.Select(Math.Max(1, options.MaxLanes));
                // A little room after the last event, for marks set side by side there.
                var span = Math.Max(timeline.End * 1.03, 1);
                _tick = TickStep(span);
                _end = Math.Max(_tick, Math.Ceiling(span / _tick) * _tick);
            }

            private double X(double seconds) => Gutter + Math.Max(0, seconds) / _end * PlotWidth;

            public string Write()
            {
                var lanes = new StringBuilder();
                WriteLanes(lanes);
                var operatorView = new StringBuilder();
                WriteOperator(operatorView);
                var depth = new StringBuilder();
                WriteDepth(depth);
                var consumers = new StringBuilder();
                WriteConsumers(consumers);

                _html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                    .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                    .Append("<meta name=\"generator\" content=\"SqsDemo Export-DemoTimeline\"/>")
                    .Append("<title>").Append(Esc(_options.Title)).Append("</title><style>").Append(Css).Append("</style></head>\n");
                _html.Append("<body data-lanes=\"").Append(_selection.Shown.Count).Append("\" data-messages=\"").Append(_selection.Total).Append("\">\n");
                WriteDefs();
                WriteHeader();
                _html.Append("<div id=\"details\" role=\"status\" aria-live=\"polite\">Hover over or focus (Tab) a mark, a receive's window or a lane's label to read its details here.</div>\n");
                _html.Append(operatorView).Append(depth).Append(consumers).Append(lanes);
                WriteLegend();
                _html.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");
                return _html.ToString();
            }

            private void WriteHeader()
            {
                _html.Append("<header><h1>").Append(Esc(_options.Title)).Append("</h1>");
                var facts = new List<string>(_options.Facts)
                {
                    Count(_selection.Total, "message") + (_selection.Hidden > 0 ? " (" + _selection.Shown.Count.ToString(Invariant) + " drawn)" : ""),
                    Count(_timeline.Consumers.Consumers.Count, "consumer"),
                    Count(_timeline.EventCount, "journal event"),
                };
                _html.Append("<p class=\"facts\">").Append(Esc(string.Join(" · ", facts))).Append("</p>");
                if (_options.Checks.Count > 0)
                {
                    _html.Append("<ul class=\"checks\">");
                    foreach (var check in _options.Checks)
                    {
                        _html.Append("<li class=\"").Append(check.Passed ? "pass" : "fail").Append("\"><span class=\"verdict\">")
                            .Append(check.Passed ? "\u2714 PASS" : "\u2718 FAIL").Append("</span> ").Append(Esc(check.Name));
                        if (!check.Passed || check.Detail != null)
                            _html.Append(" <span class=\"muted\">(expected ").Append(Esc(Convert.ToString(check.Expected, Invariant) ?? ""))
                                .Append(", actual ").Append(Esc(Convert.ToString(check.Actual, Invariant) ?? "")).Append(check.Detail == null ? "" : "; " + Esc(check.Detail)).Append(")</span>");
                        _html.Append("</li>");
                    }
                    _html.Append("</ul>");
                }
                _html.Append("</header>\n");
            }

            private void WriteDefs()
            {
                _html.Append("<svg width=\"0\" height=\"0\" class=\"defs\" aria-hidden=\"true\"><defs>");
                foreach (TimelineMarkKind kind in Enum.GetValues(typeof(TimelineMarkKind)))
                {
                    var shape = TimelineShapes.Of(kind);
                    _html.Append("<g id=\"s-").Append(shape.Id).Append("\">").Append(shape.Svg).Append("</g>");
                }
                foreach (var shape in TimelineShapes.RunShapes)
                    _html.Append("<g id=\"s-").Append(shape.Id).Append("\">").Append(shape.Svg).Append("</g>");
                _html.Append("<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
                    .Append("<rect width=\"6\" height=\"6\" fill=\"#f6dede\"/><path d=\"M0,0V6\" stroke=\"#8B0000\" stroke-width=\"2\"/></pattern>");
                _html.Append("</defs></svg>\n");
            }

            // ---- queue depth ----------------------------------------------------------------

            private void WriteDepth(StringBuilder svg)
            {
                const double top = 30, height = 130;
                var depth = _timeline.Depth;
                var peak = Math.Max(1, Math.Max(depth.PeakVisible, Math.Max(depth.PeakInFlight, depth.PeakDeadLetter)));
                var yMax = NiceCeiling(peak);
                double Y(int value) => top + height - value / (double)yMax * height;
                var total = top + height + 26;

                svg.Append("<section><h2>Queue depth</h2><svg id=\"depth-chart\" class=\"chart\" width=\"").Append(N(Width)).Append("\" height=\"").Append(N(total))
                    .Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(total)).Append("\" role=\"img\" aria-label=\"Queue depth over scenario time\"")
                    .Append(" data-peak-visible=\"").Append(depth.PeakVisible).Append("\" data-peak-in-flight=\"").Append(depth.PeakInFlight)
                    .Append("\" data-peak-dead-letter=\"").Append(depth.PeakDeadLetter).Append("\">");
                WriteYAxis(svg, yMax, Y);
                WriteXAxis(svg, top, top + height, top + height + 14);
                var samples = depth.Sample(DepthSlices, _end);
                var series = new (string Css, string Label, Func<DepthPoint, int> Value, int Peak)[]
                {
                    ("visible", "visible", p => p.Visible, depth.PeakVisible),
                    ("in-flight", "in flight", p => p.InFlight, depth.PeakInFlight),
                    ("dead-letter", "in the DLQ", p => p.DeadLetter, depth.PeakDeadLetter),
                };
                foreach (var s in series)
                {
                    svg.Append("<path class=\"series ").Append(s.Css).Append("\" data-series=\"").Append(s.Css).Append("\" d=\"")
                        .Append(StepPath(samples.Select(p => (p.Time, s.Value(p))).ToArray(), Y)).Append("\"><title>")
                        .Append(Esc(Cap(s.Label) + ": peak " + s.Peak.ToString(Invariant))).Append("</title></path>");
                }
                WritePurgeLines(svg, top, top + height);
                // The key: line style and words, not colour alone.
                var keyX = Gutter + 8.0;
                foreach (var s in series)
                {
                    svg.Append("<g class=\"key\"><path class=\"series ").Append(s.Css).Append("\" d=\"M").Append(N(keyX)).Append(',').Append(N(top - 16)).Append("h26\"/>")
                        .Append("<text x=\"").Append(N(keyX + 30)).Append("\" y=\"").Append(N(top - 12)).Append("\">")
                        .Append(Esc(s.Label + " (peak " + s.Peak.ToString(Invariant) + ")")).Append("</text></g>");
                    keyX += 170;
                }
                svg.Append("</svg><p class=\"caption\">Derived from the journal, not read from the broker: a send adds a visible message; a receive makes it in flight ")
                    .Append("until its delete, a visibility change, or the end of the visibility timeout the receive was given (its \u201cvisibility N s\u201d), moved on by heartbeats; ")
                    .Append("a DLQ move and a redrive carry it between queues; purges and retention remove it. A delete whose receipt handle a later receive superseded ")
                    .Append("is taken as not deleting, as on the embedded broker (real SQS may or may not delete). Delayed messages count as visible at once. ")
                    .Append("Each step is the highest value within its ").Append(Esc(Seconds(_end / DepthSlices))).Append(" slice. ")
                    .Append(Esc(QueuesCaption())).Append("</p></section>\n");
            }

            private string QueuesCaption()
            {
                var queues = _timeline.QueueNames.Count == 0 ? "none" : string.Join(", ", _timeline.QueueNames);
                var dlqs = _timeline.DeadLetterQueueNames.Count == 0 ? "none" : string.Join(", ", _timeline.DeadLetterQueueNames);
                return "Queues: " + queues + "; dead-letter queues: " + dlqs + ".";
            }

            private void WritePurgeLines(StringBuilder svg, double top, double bottom)
            {
                foreach (var mark in _timeline.RunMarks.Where(m => m.Kind == JournalEventKind.Purged))
                {
                    var x = X(mark.Time);
                    svg.Append("<g class=\"run-mark purge\" data-kind=\"queue-purged\" tabindex=\"0\"><title>").Append(Esc(Describe(mark))).Append("</title>")
                        .Append("<path d=\"M").Append(N(x)).Append(',').Append(N(top)).Append('V').Append(N(bottom)).Append("\"/>")
                        .Append("<use href=\"#s-queue-purged\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(top + 2)).Append("\"/></g>");
                    _usedShapes.Add(TimelineShapes.QueuePurged.Id);
                }
            }

            // ---- consumers alive ------------------------------------------------------------

            private void WriteConsumers(StringBuilder svg)
            {
                // Run marks (crashes, restarts, scale-outs, ...) in a strip above the plot.
                const double strip = 16, top = 30, height = 70;
                var consumers = _timeline.Consumers;
                var yMax = NiceCeiling(Math.Max(1, consumers.Peak));
                double Y(int value) => top + height - value / (double)yMax * height;
                var total = top + height + 26;
                svg.Append("<section><h2>Consumers alive (peak ").Append(consumers.Peak).Append(")</h2><svg id=\"consumers-chart\" class=\"chart\" width=\"").Append(N(Width)).Append("\" height=\"").Append(N(total))
                    .Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(total)).Append("\" role=\"img\" aria-label=\"Consumers alive over scenario time\" data-peak=\"")
                    .Append(consumers.Peak).Append("\">");
                WriteYAxis(svg, yMax, Y);
                WriteXAxis(svg, top, top + height, top + height + 14);
                var steps = new List<(double, int)> { (0, 0) };
                steps.AddRange(consumers.Points.Select(p => (p.Time, p.Alive)));
                svg.Append("<path class=\"series consumers\" data-series=\"consumers\" d=\"").Append(StepPath(steps, Y, _timeline.End)).Append("\"><title>")
                    .Append(Esc("Consumers alive: peak " + consumers.Peak.ToString(Invariant) + " (" + string.Join(", ", consumers.Consumers) + ")")).Append("</title></path>");
                svg.Append("<text class=\"peak\" x=\"").Append(N(Gutter - 6)).Append("\" y=\"").Append(N(strip + 4)).Append("\" text-anchor=\"end\">")
                    .Append(Esc("peak " + Count(consumers.Peak, "consumer"))).Append("</text>");

                var lastX = double.NegativeInfinity;
                foreach (var mark in _timeline.RunMarks.Where(m => m.Kind != JournalEventKind.Purged))
                {
                    var shape = RunShape(mark);
                    var x = Math.Max(X(mark.Time), lastX + MarkSpacing);
                    lastX = x;
                    svg.Append("<g class=\"mk run-mark\" data-kind=\"").Append(shape.Id).Append("\" data-actor=\"").Append(Esc(mark.Source.Actor ?? ""))
                        .Append("\" tabindex=\"0\" style=\"color:").Append(shape.Color).Append("\"><title>")
                        .Append(Esc(Describe(mark))).Append("</title><use href=\"#s-").Append(shape.Id).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(strip)).Append("\"/></g>");
                    _usedShapes.Add(shape.Id);
                }
                svg.Append("</svg><p class=\"caption\">From ConsumerStarted and ConsumerEnded in the journal: a crash ends a consumer, a restart starts a fresh incarnation of it. ")
                    .Append("Marks above the chart: crashes, restarts, the autoscaler's scale-outs, the producer stopping, circuit breakers, and the endpoint's faults, each naming the caller it hit.</p></section>\n");
            }

            private static TimelineShapes.Shape RunShape(RunMark mark)
            {
                switch (mark.Kind)
                {
                    case JournalEventKind.Crashed: return TimelineShapes.Of(TimelineMarkKind.Crashed);
                    case JournalEventKind.ConsumerRestarted: return TimelineShapes.Restarted;
                    case JournalEventKind.ScaledOut: return TimelineShapes.ScaledOut;
                    case JournalEventKind.ProducerStopped: return TimelineShapes.ProducerStopped;
                    case JournalEventKind.BreakerOpened: return TimelineShapes.BreakerOpened;
                    case JournalEventKind.BreakerHalfOpened: return TimelineShapes.BreakerHalfOpened;
                    case JournalEventKind.BreakerClosed: return TimelineShapes.BreakerClosed;
                    case JournalEventKind.FaultInjected: return TimelineShapes.FaultInjected;
                    default: return TimelineShapes.QueuePurged;
                }
            }

            private string Describe(RunMark mark)
            {
                var e = mark.Source;
                if (mark.Kind == JournalEventKind.FaultInjected) return DescribeFault(e, mark.Time);
                var what = mark.Kind == JournalEventKind.Purged ? "Queue " + e.QueueName + " purged" : e.Kind.ToString();
                return what + " at " + Seconds(mark.Time) + (e.Actor == null ? "" : " by " + e.Actor) + (e.Detail == null ? "" : ": " + e.Detail);
            }

            /// <summary>"Fault 'chaos' (Error: RequestThrottled) hit consumer-1's SendMessage at 3.2 s", from the event's facts.</summary>
            private string DescribeFault(JournalEvent e, double time)
            {
                var kind = e.FaultEffect?.ToString() ?? "fault";
                if (e.ErrorCode != null) kind += ": " + e.ErrorCode;
                if (e.LatencySeconds is double latency) kind += ", " + latency.ToString("0.###", Invariant) + " s";
                return "Fault '" + e.FaultName + "' (" + kind + ") hit " + (e.Actor ?? "a caller") + "'s " + (e.Operation ?? "call") + " at " + Seconds(time);
            }

            // ---- lanes ----------------------------------------------------------------------

            private void WriteLanes(StringBuilder svg)
            {
                const double axis = 28;
                var lanesHeight = _selection.Shown.Sum(l => l.Rows * RowHeight + 2 * LanePadding);
                var groupsTop = axis + lanesHeight + (_selection.Groups.Count > 0 ? 30 : 0);
                var total = groupsTop + _selection.Groups.Count * 30 + 10;

                svg.Append("<section><h2>Messages</h2><svg id=\"lanes\" class=\"chart\" width=\"").Append(N(Width)).Append("\" height=\"").Append(N(total))
                    .Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(total)).Append("\" role=\"img\" aria-label=\"One lane per message\" data-lane-count=\"")
                    .Append(_selection.Shown.Count).Append("\" data-message-count=\"").Append(_selection.Total).Append("\">");
                WriteXAxis(svg, axis, total - 10, axis - 10);

                var y = axis;
                var numbers = _selection.Shown.ToDictionary(l => l.Key, l => l.Number, StringComparer.Ordinal);
                foreach (var lane in _selection.Shown)
                {
                    var height = lane.Rows * RowHeight + 2 * LanePadding;
                    WriteLane(svg, lane, y, height, numbers);
                    y += height;
                }
                WritePurgeLines(svg, axis, axis + lanesHeight);

                if (_selection.Groups.Count > 0)
                {
                    svg.Append("<text class=\"group-heading\" x=\"8\" y=\"").Append(N(groupsTop - 10)).Append("\">")
                        .Append(Esc("Not drawn: " + _selection.Hidden.ToString("N0", Invariant) + " of " + Count(_selection.Total, "message") + ", by what happened to them:"))
                        .Append("</text>");
                    var gy = groupsTop;
                    foreach (var group in _selection.Groups)
                    {
                        var text = "+" + group.Hidden.ToString("N0", Invariant) + " " + (group.Hidden == 1 ? "message" : "messages") + " like this: " + group.Signature
                            + (group.Shown > 0 ? " (" + group.Shown.ToString(Invariant) + " drawn above)" : " (none drawn)");
                        svg.Append("<g class=\"group\" data-hidden=\"").Append(group.Hidden).Append("\" data-shown=\"").Append(group.Shown).Append("\" data-signature=\"")
                            .Append(Esc(group.Signature)).Append("\" tabindex=\"0\"><title>")
                            .Append(Esc(text + "; their events span " + Seconds(group.First) + " to " + Seconds(group.Last))).Append("</title>")
                            .Append("<rect class=\"group-span\" x=\"").Append(N(X(group.First))).Append("\" y=\"").Append(N(gy + 17)).Append("\" width=\"")
                            .Append(N(Math.Max(2, X(group.Last) - X(group.First)))).Append("\" height=\"6\"/>")
                            .Append("<text x=\"8\" y=\"").Append(N(gy + 12)).Append("\">").Append(Esc(text)).Append("</text></g>");
                        gy += 30;
                    }
                }
                svg.Append("</svg><p class=\"caption\">One lane per message, keyed by its body id (else its MessageId); a redriven message stays on its lane ")
                    .Append("(the redrive gives it a new MessageId). Each receive gets a window bar for its visibility timeout, drawn on a row of its own when it overlaps ")
                    .Append("another. A dashed line after a window: the receiver was still working after the timeout ran out, while the message was visible to others. ")
                    .Append("Marks closer than ").Append(N(MarkSpacing)).Append(" px are set side by side in time order: hover for the exact times. Time is in scenario seconds.")
                    .Append(_selection.Hidden > 0
                        ? " With more than " + Count(_options.MaxLanes, "lane") + " to draw, each kind of story gets a lane first (the notable and rare first), then lanes are shared out among them, spread over time; the rest are counted at the bottom."
                        : "")
                    .Append("</p></section>\n");
            }

            private void WriteLane(StringBuilder svg, TimelineLane lane, double top, double height, Dictionary<string, int> numbers)
            {
                var index = lane.Number.ToString(Invariant);
                svg.Append("<g class=\"lane\" data-lane=\"").Append(index).Append("\" data-key=\"").Append(Esc(lane.Key)).Append("\" data-body-id=\"").Append(Esc(lane.BodyId ?? ""))
                    .Append("\" data-message-ids=\"").Append(Esc(string.Join(" ", lane.MessageIds))).Append("\" data-receives=\"").Append(lane.Count(TimelineMarkKind.Received))
                    .Append("\" data-signature=\"").Append(Esc(lane.Signature)).Append("\">");
                svg.Append("<rect class=\"lane-bg").Append(lane.Number % 2 == 0 ? " even" : "").Append("\" x=\"0\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(Width))
                    .Append("\" height=\"").Append(N(height)).Append("\"/>");

                // The label: number and short key; the title tells the whole story.
                var label = new StringBuilder();
                label.Append("Message #").Append(index).Append(lane.BodyId != null ? ", body id " : ", MessageId ").Append(lane.Key).Append('\n')
                    .Append("MessageIds: ").Append(string.Join(", ", lane.MessageIds)).Append('\n')
                    .Append("Queues: ").Append(string.Join(", ", lane.QueueNames)).Append('\n')
                    .Append("Story: ").Append(lane.Signature);
                string? from = null;
                if (lane.SourceKey != null)
                {
                    from = numbers.TryGetValue(lane.SourceKey, out var n) ? "from #" + n.ToString(Invariant) : "from " + Short(lane.SourceKey);
                    label.Append("\nForwarded from the message with key ").Append(lane.SourceKey);
                }
                svg.Append("<g class=\"lane-label\" tabindex=\"0\"><title>").Append(Esc(label.ToString())).Append("</title><text x=\"8\" y=\"").Append(N(top + LanePadding + 12)).Append("\">")
                    .Append("<tspan class=\"num\">#").Append(index).Append("</tspan> ").Append(Esc(Short(lane.Key))).Append("</text>")
                    .Append("<text class=\"sub\" x=\"8\" y=\"").Append(N(top + LanePadding + 24)).Append("\">")
                    .Append(Esc(Truncate((from == null ? "" : from + " · ") + string.Join(", ", lane.QueueNames), 30))).Append("</text></g>");

                double RowY(int row) => top + LanePadding + row * RowHeight + 17;

                foreach (var span in lane.DeadLetterSpans)
                {
                    var x1 = X(span.Start);
                    var x2 = X(span.End ?? _timeline.End);
                    svg.Append("<rect class=\"dlq-span\" x=\"").Append(N(x1)).Append("\" y=\"").Append(N(RowY(0) - 4)).Append("\" width=\"").Append(N(Math.Max(2, x2 - x1)))
                        .Append("\" height=\"8\" tabindex=\"0\"><title>").Append(Esc("In the dead-letter queue " + (span.QueueName ?? "") + " from " + Seconds(span.Start)
                            + (span.End is double end ? " to " + Seconds(end) : " to the end of the run"))).Append("</title></rect>");
                }

                foreach (var attempt in lane.Attempts) WriteWindow(svg, attempt, RowY(attempt.Row));

                foreach (var row in lane.Marks.GroupBy(m => m.Row))
                {
                    var lastX = double.NegativeInfinity;
                    foreach (var mark in row)
                    {
                        var x = Math.Max(X(mark.Time), lastX + MarkSpacing);
                        lastX = x;
                        WriteMark(svg, lane, mark, x, RowY(mark.Row));
                    }
                }
                svg.Append("</g>");
            }

            private void WriteWindow(StringBuilder svg, TimelineAttempt attempt, double y)
            {
                var x1 = X(attempt.Start);
                var x2 = X(attempt.WindowEnd);
                var text = new StringBuilder();
                text.Append(attempt.Actor ?? "someone").Append(" received it at ").Append(Seconds(attempt.Start)).Append(" (receive #").Append(attempt.ReceiveCount.ToString(Invariant)).Append(')');
                text.Append(attempt.VisibilitySeconds is double v ? ", visibility timeout " + Seconds(v) : ", visibility timeout unknown");
                text.Append(". Window to ").Append(Seconds(attempt.WindowEnd)).Append(": ").Append(WindowEndWords(attempt.EndedBy));
                if (attempt.HeldUntil is double held) text.Append(". Still working on it until ").Append(Seconds(held)).Append(", after the timeout ran out");
                text.Append('.');
                var shown = attempt.Events.Where(e => e.Kind != JournalEventKind.Received).Take(12).ToArray();
                if (shown.Length > 0)
                {
                    text.Append("\nWith this receive's handle:");
                    foreach (var e in shown) text.Append("\n  ").Append(Seconds(e.ScenarioTime.TotalSeconds)).Append(' ').Append(e.Kind).Append(e.Detail == null ? "" : ": " + e.Detail);
                    if (attempt.Events.Count - 1 > shown.Length) text.Append("\n  ...");
                }
                svg.Append("<g class=\"win\" data-actor=\"").Append(Esc(attempt.Actor ?? "")).Append("\" data-ended-by=\"").Append(Id(attempt.EndedBy.ToString())).Append("\" tabindex=\"0\"><title>")
                    .Append(Esc(text.ToString())).Append("</title><rect class=\"window ").Append(Id(attempt.EndedBy.ToString())).Append("\" x=\"").Append(N(x1)).Append("\" y=\"").Append(N(y - 5))
                    .Append("\" width=\"").Append(N(Math.Max(2, x2 - x1))).Append("\" height=\"10\" rx=\"2\"/>");
                if (attempt.HeldUntil is double until && X(until) > x2)
                    svg.Append("<path class=\"held\" d=\"M").Append(N(x2)).Append(',').Append(N(y)).Append('H').Append(N(X(until))).Append("\"/>");
                svg.Append("<text class=\"actor\" x=\"").Append(N(x1 + 7)).Append("\" y=\"").Append(N(y - 8)).Append("\">").Append(Esc(attempt.Actor ?? "")).Append("</text></g>");
            }

            private static string WindowEndWords(WindowEnd end)
            {
                switch (end)
                {
                    case WindowEnd.Deleted: return "deleted in time";
                    case WindowEnd.Expired: return "the visibility timeout ran out, so the message was visible to others again";
                    case WindowEnd.Released: return "made visible again (visibility 0)";
                    case WindowEnd.Purged: return "purged";
                    default: return "still in flight when the journal ends";
                }
            }

            private void WriteMark(StringBuilder svg, TimelineLane lane, TimelineMark mark, double x, double y)
            {
                var shape = TimelineShapes.Of(mark.Kind);
                _usedShapes.Add(shape.Id);
                svg.Append("<g class=\"mk k-").Append(shape.Id).Append("\" data-kind=\"").Append(shape.Id).Append("\" data-lane=\"").Append(lane.Number.ToString(Invariant))
                    .Append("\" data-actor=\"").Append(Esc(mark.Actor ?? "")).Append("\" tabindex=\"0\"><title>").Append(Esc(Describe(mark))).Append("</title><use href=\"#s-")
                    .Append(shape.Id).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\"/></g>");
            }

            private static string Describe(TimelineMark mark)
            {
                var e = mark.Source;
                var text = new StringBuilder();
                text.Append(Cap(TimelineMarkKinds.Label(mark.Kind))).Append(" at ").Append(Seconds(mark.Time));
                if (e.Actor != null) text.Append(" by ").Append(e.Actor);
                if (e.QueueName != null) text.Append(", queue ").Append(e.QueueName);
                if (e.ReceiveCount > 0) text.Append(", receive #").Append(e.ReceiveCount.ToString(Invariant));
                if (e.Detail != null) text.Append(": ").Append(e.Detail);
                if (mark.SupersededBy != null)
                    text.Append(". ").Append(mark.SupersededBy.Actor ?? "another consumer").Append("'s receive at ").Append(Seconds(mark.SupersededBy.Start))
                        .Append(" had superseded this receipt handle, so this delete may not have deleted the message");
                if (e.MessageId != null) text.Append("\nMessageId ").Append(e.MessageId);
                return text.ToString();
            }

            // ---- legend ---------------------------------------------------------------------

            private void WriteLegend()
            {
                _html.Append("<section id=\"legend\"><h2>Legend</h2><ul class=\"legend\">");
                _html.Append("<li><svg width=\"40\" height=\"16\" aria-hidden=\"true\"><rect class=\"window expired\" x=\"2\" y=\"3\" width=\"36\" height=\"10\" rx=\"2\"/></svg>")
                    .Append("a receive's visibility window (until delete, visibility change or timeout)</li>");
                _html.Append("<li><svg width=\"40\" height=\"16\" aria-hidden=\"true\"><path class=\"held\" d=\"M2,8H38\"/></svg>still working after its visibility timeout ran out</li>");
                _html.Append("<li><svg width=\"40\" height=\"16\" aria-hidden=\"true\"><rect class=\"dlq-span\" x=\"2\" y=\"4\" width=\"36\" height=\"8\"/></svg>in a dead-letter queue</li>");
                foreach (TimelineMarkKind kind in Enum.GetValues(typeof(TimelineMarkKind)))
                {
                    var shape = TimelineShapes.Of(kind);
                    var used = _usedShapes.Contains(shape.Id);
                    _html.Append("<li class=\"").Append(used ? "used" : "unused").Append("\" data-kind=\"").Append(shape.Id).Append("\"><svg width=\"40\" height=\"16\" aria-hidden=\"true\" style=\"color:")
                        .Append(shape.Color).Append("\"><use href=\"#s-").Append(shape.Id).Append("\" x=\"20\" y=\"8\"/></svg>").Append(Esc(shape.Label)).Append("</li>");
                }
                foreach (var shape in TimelineShapes.RunShapes)
                {
                    if (!_usedShapes.Contains(shape.Id)) continue;
                    _html.Append("<li class=\"used\" data-kind=\"").Append(shape.Id).Append("\"><svg width=\"40\" height=\"16\" aria-hidden=\"true\" style=\"color:").Append(shape.Color)
                        .Append("\"><use href=\"#s-").Append(shape.Id).Append("\" x=\"20\" y=\"8\"/></svg>").Append(Esc(shape.Label)).Append("</li>");
                }
                _html.Append("</ul><p class=\"caption\">Kinds in grey do not occur in this run. Every mark has its own shape, so the picture reads without colour.</p></section>\n");
            }

            // ---- axes and paths -------------------------------------------------------------

            private void WriteXAxis(StringBuilder svg, double top, double bottom, double labelY)
            {
                svg.Append("<g class=\"axis x\">");
                for (var t = 0.0; t <= _end + _tick / 1000; t += _tick)
                {
                    var x = X(t);
                    svg.Append("<path d=\"M").Append(N(x)).Append(',').Append(N(top)).Append('V').Append(N(bottom)).Append("\"/>")
                        .Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(labelY)).Append("\" text-anchor=\"middle\">").Append(Esc(TickLabel(t))).Append("</text>");
                }
                svg.Append("</g>");
            }

            private static void WriteYAxis(StringBuilder svg, int yMax, Func<int, double> y)
            {
                var step = CountStep(yMax);
                svg.Append("<g class=\"axis y\">");
                for (var v = 0; v <= yMax; v += step)
                {
                    svg.Append("<path d=\"M").Append(N(Gutter)).Append(',').Append(N(y(v))).Append('H').Append(N(Gutter + PlotWidth)).Append("\"/>")
                        .Append("<text x=\"").Append(N(Gutter - 6)).Append("\" y=\"").Append(N(y(v) + 4)).Append("\" text-anchor=\"end\">").Append(v.ToString(Invariant)).Append("</text>");
                }
                svg.Append("</g>");
            }

            /// <summary>A step line through (time, value) points, merged where the value does not change.</summary>
            private string StepPath(IReadOnlyList<(double Time, int Value)> points, Func<int, double> y, double? until = null)
            {
                var path = new StringBuilder();
                if (points.Count == 0) return "M0,0";
                var last = points[0].Value;
                path.Append('M').Append(N(X(points[0].Time))).Append(',').Append(N(y(last)));
                for (var i = 1; i < points.Count; i++)
                {
                    if (points[i].Value == last) continue;
                    path.Append('H').Append(N(X(points[i].Time))).Append('V').Append(N(y(points[i].Value)));
                    last = points[i].Value;
                }
                path.Append('H').Append(N(until is double u ? X(u) : Gutter + PlotWidth));
                return path.ToString();
            }

            private string TickLabel(double t) => (_tick < 1 ? t.ToString("0.0", Invariant) : t.ToString("0", Invariant)) + " s";
        }

        private static double TickStep(double end)
        {
            foreach (var step in new[] { 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 43200, 86400 })
                if (end / step <= 14) return step;
            return Math.Ceiling(end / 14 / 86400) * 86400;
        }

        /// <summary>The top of a count axis: the value rounded up to 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten.</summary>
        private static int NiceCeiling(int value)
        {
            if (value <= 5) return Math.Max(1, value);
            var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
            foreach (var f in new[] { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
                if (f * magnitude >= value && Math.Abs(f * magnitude - Math.Round(f * magnitude)) < 1e-9) return (int)Math.Round(f * magnitude);
            return value;
        }

        /// <summary>A step of 1, 2 or 5 times a power of ten that puts at most five ticks on the axis.</summary>
        private static int CountStep(int top)
        {
            for (var magnitude = 1; ; magnitude *= 10)
                foreach (var f in new[] { 1, 2, 5 })
                    if (top / (double)(f * magnitude) <= 5) return f * magnitude;
        }

        private static string N(double value) => Math.Round(value, 1).ToString("0.#", Invariant);

        private static string Seconds(double value) => value.ToString(value < 10 ? "0.00" : "0.0", Invariant) + " s";

        private static string Count(int n, string noun) => n.ToString("N0", Invariant) + " " + noun + (n == 1 ? "" : "s");

        private static string Cap(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        private static string Short(string key) => key.Length <= 13 ? key : key.Substring(0, 8) + "\u2026";

        private static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max - 1) + "\u2026";

        private static string Id(string pascal)
        {
            var text = new StringBuilder(pascal.Length + 4);
            for (var i = 0; i < pascal.Length; i++)
            {
                if (char.IsUpper(pascal[i]) && i > 0) text.Append('-');
                text.Append(char.ToLowerInvariant(pascal[i]));
            }
            return text.ToString();
        }

        /// <summary>Escapes text for XML and HTML alike (element content and double-quoted attributes); drops characters XML forbids.</summary>
        internal static string Esc(string text)
        {
            var result = new StringBuilder(text.Length + 16);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': result.Append("&amp;"); break;
                    case '<': result.Append("&lt;"); break;
                    case '>': result.Append("&gt;"); break;
                    case '"': result.Append("&quot;"); break;
                    case '\'': result.Append("&#39;"); break;
                    default:
                        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') result.Append('\uFFFD');
                        else if (c == '\uFFFE' || c == '\uFFFF') result.Append('\uFFFD');
                        else result.Append(c);
                        break;
                }
            }
            return result.ToString();
        }

        private static readonly string TimelineColors = string.Concat(
            Enum.GetValues(typeof(TimelineMarkKind)).Cast<TimelineMarkKind>().Select(k => ".k-" + TimelineShapes.Of(k).Id + "{color:" + TimelineShapes.Of(k).Color + "}"));

        // Kept free of '<' and '&' so the page stays well-formed XML.
        private static readonly string Css =
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;margin:16px;color:#1b1b1b;background:#fff}" +
            "h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:14px 0 4px}" +
            ".facts,.caption,.muted{color:#555;font-size:12px}.caption{max-width:1320px;margin:2px 0 8px}" +
            ".checks{list-style:none;padding:0;margin:6px 0;font-size:13px;columns:2;max-width:1320px}.checks li{margin:1px 0}" +
            ".verdict{font-weight:600;font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace}.pass .verdict{color:#007A5A}.fail .verdict{color:#C00000}" +
            "#details{position:sticky;top:0;z-index:2;background:#fffbe6;border:1px solid #e6d9a8;padding:5px 8px;font-size:12px;white-space:pre-wrap;max-width:1320px;min-height:16px}" +
            ".defs{position:absolute}svg.chart{display:block;font-size:11px}svg text{fill:#333}" +
            ".axis path{stroke:#e4e4e4;stroke-width:1}.axis text{fill:#777;font-size:10px}" +
            ".series{fill:none;stroke-width:2}.series.visible{stroke:#0072B2}.series.in-flight{stroke:#E69F00;stroke-dasharray:6 3}" +
            ".series.dead-letter{stroke:#8B0000;stroke-dasharray:2 2;stroke-width:2.4}.series.consumers{stroke:#009E73;stroke-width:2.2}" +
            ".peak{font-weight:600}.key text{font-size:11px}" +
            ".lane-bg{fill:#fff}.lane-bg.even{fill:#f6f7f9}.lane-label text{font-size:12px}.lane-label .num{font-weight:600}.lane-label .sub{fill:#777;font-size:10px}" +
            ".window{fill:#d6e8f7;stroke:#0072B2;stroke-width:1}.window.deleted{fill:#dcefe6;stroke:#007A5A}.window.released{fill:#eee;stroke:#777}" +
            ".held{stroke:#D55E00;stroke-width:2;stroke-dasharray:4 3;fill:none}.actor{font-size:10px;fill:#0b4f7c}" +
            ".dlq-span{fill:url(#hatch);stroke:#8B0000;stroke-width:.8}.group text{font-size:12px}.group-heading{font-size:12px;font-weight:600}" +
            ".group-span{fill:#ccc}.run-mark.purge path{stroke:#6B4226;stroke-width:1.5;stroke-dasharray:5 3}.run-mark.purge{color:#6B4226}" +
            ".mk{cursor:default}.mk:focus,.win:focus,.lane-label:focus,.group:focus,.dlq-span:focus{outline:2px solid #000}" +
            ".legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12px;max-width:1320px}.legend li{display:flex;align-items:center;gap:4px}" +
            ".legend li.unused{color:#aaa}.legend li.unused svg{opacity:.35}" +
            TimelineColors;

        // Copies the hovered or focused element's title into the details panel; marks the page ready for tests.
        private const string Script =
            "(function(){var panel=document.getElementById('details');" +
            "function show(ev){var el=ev.target;while(el){if(el.querySelector){var t=el.querySelector(':scope > title');if(t){panel.textContent=t.textContent;return;}}el=el.parentNode;}}" +
            "document.addEventListener('mouseover',show);document.addEventListener('focusin',show);" +
            "document.body.setAttribute('data-ready','1');})();";
    }
}

using System;
using System.Linq;
using System.Text;
using SqsDemo.Engine.Alarms;
using SqsDemo.Engine.Metrics;

namespace SqsDemo.Engine.Timeline
{
    /// <summary>The operator's view above the lanes: each queue's depth as CloudWatch reports it, then a band per alarm.</summary>
    public static partial class TimelineHtml
    {
        private sealed partial class Page
        {
            private const double MetricRowHeight = 40;
            private const double AlarmRowHeight = 18;
            private const double OperatorRowGap = 8;

            private static string StateColor(AlarmState state) =>
                state == AlarmState.ALARM ? "#C00000" : state == AlarmState.OK ? "#009E73" : "#9a9a9a";

            private void WriteOperator(StringBuilder svg)
            {
                var view = _timeline.Operator;
                if (view.Depth.Count == 0 && view.Alarms.Count == 0) return;
                const double top = 22;
                var rows = view.Depth.Count * (MetricRowHeight + OperatorRowGap) + view.Alarms.Count * (AlarmRowHeight + OperatorRowGap);
                var bottom = top + rows;
                var total = bottom + 20;
                var period = view.Depth.Count > 0 ? view.Depth[0].PeriodSeconds : 0;
                svg.Append("<section><h2>Metrics and alarms</h2><svg id=\"metrics-chart\" class=\"chart\" width=\"").Append(N(Width)).Append("\" height=\"").Append(N(total))
                    .Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(total)).Append("\" role=\"img\" aria-label=\"Queue depth metrics and alarm states over scenario time\"")
                    .Append(" data-period=\"").Append(period).Append("\" data-alarms=\"").Append(view.Alarms.Count).Append("\">");
                WriteXAxis(svg, top, bottom, bottom + 14);
                var y = top;
                foreach (var series in view.Depth)
                {
                    WriteMetricRow(svg, series, y);
                    y += MetricRowHeight + OperatorRowGap;
                }
                foreach (var band in view.Alarms)
                {
                    WriteAlarmBand(svg, band, y);
                    y += AlarmRowHeight + OperatorRowGap;
                }
                svg.Append("</svg><p class=\"caption\">Each queue's ApproximateNumberOfMessagesVisible, Maximum per ").Append(period).Append(" s period, as Get-DemoMetric ")
                    .Append("computes it (the queue's own attributes where they were sampled, else the journal replayed and read once a minute); a gap is a period with no datapoint. ")
                    .Append("Then one band per alarm (New-DemoAlarm), in words and colour: OK, ALARM, INSUFFICIENT_DATA (grey); each diamond is a state change, its title the StateReason.</p></section>\n");
            }

            private void WriteMetricRow(StringBuilder svg, MetricSeries series, double top)
            {
                var name = Environments.QueueAddress.NameOf(series.QueueUrl);
                var peak = series.Datapoints.Count == 0 ? 0 : series.Datapoints.Max(d => d.Value);
                var scale = Math.Max(1, peak);
                svg.Append("<g class=\"metric\" data-metric=\"").Append(Esc(series.Metric.Name)).Append("\" data-queue=\"").Append(Esc(name)).Append("\" data-peak=\"")
                    .Append(N(peak)).Append("\" data-datapoints=\"").Append(series.Datapoints.Count).Append("\">")
                    .Append("<text x=\"8\" y=\"").Append(N(top + 14)).Append("\">").Append(Esc(Truncate(name, 26))).Append("</text>")
                    .Append("<text class=\"sub\" x=\"8\" y=\"").Append(N(top + 28)).Append("\" style=\"fill:#777;font-size:10px\">").Append(Esc("visible, peak " + N(peak))).Append("</text>")
                    .Append("<path d=\"M").Append(N(Gutter)).Append(',').Append(N(top + MetricRowHeight)).Append('H').Append(N(Gutter + PlotWidth)).Append("\" style=\"stroke:#bbb\"/>");
                foreach (var point in series.Datapoints)
                {
                    var x = X(point.ScenarioSeconds);
                    var width = Math.Max(1, X(point.ScenarioSeconds + series.PeriodSeconds) - x - 0.5);
                    var height = point.Value / scale * (MetricRowHeight - 4);
                    svg.Append("<rect class=\"datapoint\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(top + MetricRowHeight - height)).Append("\" width=\"").Append(N(width))
                        .Append("\" height=\"").Append(N(height)).Append("\" style=\"fill:#0072B2;fill-opacity:.55\"><title>")
                        .Append(Esc(name + ": " + series.Metric.Name + " " + series.Statistic + " " + N(point.Value) + " in " + Seconds(point.ScenarioSeconds) + " to " + Seconds(point.ScenarioSeconds + series.PeriodSeconds)
                            + " (" + point.SampleCount.ToString(Invariant) + " sample" + (point.SampleCount == 1 ? "" : "s") + ")"))
                        .Append("</title></rect>");
                }
                svg.Append("</g>");
            }

            private void WriteAlarmBand(StringBuilder svg, AlarmBand band, double top)
            {
                svg.Append("<g class=\"alarm\" data-alarm=\"").Append(Esc(band.Name)).Append("\" data-changes=\"").Append(band.Changes.Count).Append("\">")
                    .Append("<text x=\"8\" y=\"").Append(N(top + 13)).Append("\">").Append(Esc(Truncate("alarm " + band.Name, 26))).Append("<title>")
                    .Append(Esc("Alarm " + band.Name + (band.Queue == null ? "" : " on " + band.Queue))).Append("</title></text>");
                foreach (var span in band.Spans)
                {
                    var x = X(span.Start);
                    var width = Math.Max(0.5, X(span.End) - x);
                    var state = span.State.ToString();
                    svg.Append("<g class=\"alarm-state\" data-state=\"").Append(state).Append("\" tabindex=\"0\"><title>")
                        .Append(Esc(band.Name + ": " + state + " from " + Seconds(span.Start) + " to " + Seconds(span.End) + ". " + span.Reason)).Append("</title>")
                        .Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(AlarmRowHeight))
                        .Append("\" style=\"fill:").Append(StateColor(span.State)).Append(";fill-opacity:.28;stroke:").Append(StateColor(span.State)).Append("\"/>");
                    if (width > 8 * state.Length)
                        svg.Append("<text x=\"").Append(N(x + 4)).Append("\" y=\"").Append(N(top + 13)).Append("\" style=\"font-size:10px\">").Append(state).Append("</text>");
                    svg.Append("</g>");
                }
                foreach (var change in band.Changes)
                {
                    var x = X(change.ScenarioSeconds);
                    var mid = top + AlarmRowHeight / 2;
                    svg.Append("<g class=\"alarm-change\" data-alarm=\"").Append(Esc(band.Name)).Append("\" data-from=\"").Append(change.OldState).Append("\" data-to=\"").Append(change.NewState)
                        .Append("\" data-time=\"").Append(N(change.ScenarioSeconds)).Append("\" tabindex=\"0\"><title>")
                        .Append(Esc(band.Name + ": " + change.OldState + " -> " + change.NewState + " at " + Seconds(change.ScenarioSeconds) + ". " + change.Reason)).Append("</title>")
                        .Append("<path d=\"M").Append(N(x)).Append(',').Append(N(mid - 6)).Append("l5,6l-5,6l-5,-6z\" style=\"fill:").Append(StateColor(change.NewState))
                        .Append(";stroke:#1b1b1b;stroke-width:.8\"/></g>");
                }
                svg.Append("</g>");
            }
        }
    }
}

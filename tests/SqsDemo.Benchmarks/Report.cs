using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SqsDemo.Benchmarks
{
    /// <summary>Whether a figure met its target; <see cref="None"/> for figures without one (context for the others).</summary>
    public enum Verdict
    {
        None,
        Pass,
        Miss,
    }

    /// <summary>One line of a benchmark's table: what was measured, the figure, the target and the verdict.</summary>
    public sealed class Row
    {
        public Row(string benchmark, string figure, string target = "", Verdict verdict = Verdict.None)
        {
            Benchmark = benchmark;
            Figure = figure;
            Target = target;
            Verdict = verdict;
        }

        public string Benchmark { get; }
        public string Figure { get; }
        public string Target { get; }
        public Verdict Verdict { get; }

        /// <summary>A row with a "at least" target.</summary>
        public static Row AtLeast(string benchmark, double value, double target, string format, string unit = "") =>
            new Row(benchmark, Format(value, format) + unit, ">= " + Format(target, format) + unit, value >= target ? Verdict.Pass : Verdict.Miss);

        /// <summary>A row with an "under" target.</summary>
        public static Row Under(string benchmark, double value, double target, string format, string unit = "") =>
            new Row(benchmark, Format(value, format) + unit, "< " + Format(target, format) + unit, value < target ? Verdict.Pass : Verdict.Miss);

        /// <summary>A row with a "within" target (at most).</summary>
        public static Row AtMost(string benchmark, double value, double target, string format, string unit = "") =>
            new Row(benchmark, Format(value, format) + unit, "<= " + Format(target, format) + unit, value <= target ? Verdict.Pass : Verdict.Miss);

        public static Row Info(string benchmark, double value, string format, string unit = "") => new Row(benchmark, Format(value, format) + unit);

        public static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A titled table of rows, printed as Markdown (readable in a terminal, and pasted as is into the
    /// README): benchmark | figure | target | verdict.
    /// </summary>
    public sealed class Table
    {
        public Table(string title, string? note = null)
        {
            Title = title;
            Note = note;
        }

        public string Title { get; }
        /// <summary>How the figures were taken (sizes, repetitions), printed under the table.</summary>
        public string? Note { get; set; }
        public List<Row> Rows { get; } = new List<Row>();

        public Table Add(Row row)
        {
            Rows.Add(row);
            return this;
        }

        public int Misses => Rows.Count(r => r.Verdict == Verdict.Miss);

        public void Print(TextWriter output)
        {
            output.WriteLine();
            output.WriteLine("### " + Title);
            output.WriteLine();
            var header = new[] { "benchmark", "figure", "target", "verdict" };
            var cells = Rows.Select(r => new[] { r.Benchmark, r.Figure, r.Target.Length == 0 ? "-" : r.Target, VerdictText(r.Verdict) }).ToList();
            var widths = Enumerable.Range(0, header.Length).Select(i => Math.Max(header[i].Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            output.WriteLine(Line(header, widths));
            output.WriteLine("|" + string.Join("|", widths.Select((w, i) => i == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
            foreach (var row in cells) output.WriteLine(Line(row, widths));
            if (!string.IsNullOrEmpty(Note))
            {
                output.WriteLine();
                output.WriteLine(Note);
            }
            output.Flush();
        }

        private static string Line(string[] cells, int[] widths) =>
            "| " + string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |";

        private static string VerdictText(Verdict verdict) => verdict switch
        {
            Verdict.Pass => "PASS",
            Verdict.Miss => "MISS",
            _ => "-",
        };
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SqsDemo.Tests.Hosting;

namespace SqsDemo.Tests.Broker
{
    /// <summary>One row of docs/sqs-rules.md's table "Where each backend stands".</summary>
    public sealed class SqsRuleRow
    {
        public SqsRuleRow(int line, string rule, string source, string embedded, string moto, IReadOnlyList<string> proofs)
        {
            Line = line;
            Rule = rule;
            Source = source;
            Embedded = embedded;
            Moto = moto;
            Proofs = proofs;
        }

        public int Line { get; }
        public string Rule { get; }
        public string Source { get; }
        /// <summary>"yes" or "no".</summary>
        public string Embedded { get; }
        /// <summary>"yes", "no" or "not measured".</summary>
        public string Moto { get; }
        /// <summary>Class.Method names: test methods, or probes (SqsRuleProbes.Name).</summary>
        public IReadOnlyList<string> Proofs { get; }

        public IEnumerable<string> Probes => Proofs.Where(p => p.StartsWith(ProbePrefix, StringComparison.Ordinal)).Select(p => p.Substring(ProbePrefix.Length));

        public const string ProbePrefix = "SqsRuleProbes.";

        public override string ToString() => "docs/sqs-rules.md line " + Line + " (" + Rule + ")";
    }

    /// <summary>Reads the table of docs/sqs-rules.md: | Rule | AWS source | Embedded | Moto | Proved by |.</summary>
    public static class SqsRulesDocument
    {
        public const string TableHeading = "## Where each backend stands";
        private static readonly Regex Proof = new Regex("`([A-Za-z0-9_]+\\.[A-Za-z0-9_]+)`", RegexOptions.CultureInvariant);

        public static string PathOnDisk => Path.Combine(RepoPaths.Root, "docs", "sqs-rules.md");

        public static IReadOnlyList<SqsRuleRow> Rows()
        {
            var lines = File.ReadAllLines(PathOnDisk);
            var start = Array.IndexOf(lines, TableHeading);
            if (start < 0) throw new InvalidDataException("docs/sqs-rules.md has no heading '" + TableHeading + "'.");
            var rows = new List<SqsRuleRow>();
            var seenHeader = false;
            for (var i = start + 1; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.StartsWith("## ", StringComparison.Ordinal)) break;
                if (!line.StartsWith("|", StringComparison.Ordinal)) continue;
                var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                if (!seenHeader) { seenHeader = true; continue; }
                if (cells.All(c => c.Trim('-', ':').Length == 0)) continue;
                if (cells.Length != 5) throw new InvalidDataException("docs/sqs-rules.md line " + (i + 1) + " has " + cells.Length + " cells, not 5.");
                rows.Add(new SqsRuleRow(i + 1, cells[0], cells[1], cells[2], cells[3], Proof.Matches(cells[4]).Cast<Match>().Select(m => m.Groups[1].Value).ToList()));
            }
            return rows;
        }
    }
}

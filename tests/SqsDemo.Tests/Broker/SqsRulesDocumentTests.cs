using System;
using System.Linq;
using System.Reflection;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// docs/sqs-rules.md's table is checked: every test it names exists, the embedded column says
    /// "yes" only where a test that runs on the embedded broker proves the rule, and the moto column
    /// says "yes" or "no" only where a moto run measures it (the measurement itself is compared in
    /// <see cref="SqsRuleProbeTests"/>).
    /// </summary>
    public sealed class SqsRulesDocumentTests
    {
        private static readonly Assembly Tests = typeof(SqsRulesDocumentTests).Assembly;

        private static MethodInfo? Find(string proof)
        {
            var dot = proof.IndexOf('.');
            var type = Tests.GetTypes().SingleOrDefault(t => t.Name == proof.Substring(0, dot));
            return type?.GetMethod(proof.Substring(dot + 1), BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance);
        }

        private static bool IsTest(MethodInfo method) => method.GetCustomAttributes<FactAttribute>(inherit: true).Any();

        private static bool RunsOnEmbedded(string proof, MethodInfo method) =>
            proof.StartsWith(SqsRuleRow.ProbePrefix, StringComparison.Ordinal)
            || (IsTest(method) && (method.DeclaringType!.Namespace == typeof(SqsRulesDocumentTests).Namespace || method.Name.EndsWith("_on_embedded", StringComparison.Ordinal)));

        private static bool RunsOnMoto(string proof, MethodInfo method) =>
            proof.StartsWith(SqsRuleRow.ProbePrefix, StringComparison.Ordinal) || (IsTest(method) && method.Name.EndsWith("_on_moto", StringComparison.Ordinal));

        [Fact]
        public void Every_test_the_rules_table_names_exists_and_every_probe_is_in_the_table()
        {
            var rows = SqsRulesDocument.Rows();
            Assert.True(rows.Count >= 20, "The table has only " + rows.Count + " rows.");
            foreach (var row in rows)
            {
                Assert.True(row.Proofs.Count > 0, row + " names no test.");
                foreach (var proof in row.Proofs)
                {
                    var method = Find(proof);
                    Assert.True(method != null, row + " names " + proof + ", which does not exist.");
                    Assert.True(IsTest(method!) || proof.StartsWith(SqsRuleRow.ProbePrefix, StringComparison.Ordinal), row + " names " + proof + ", which is not a test.");
                }
                Assert.False(string.IsNullOrWhiteSpace(row.Source), row + " names no AWS source.");
            }
            var cited = rows.SelectMany(r => r.Probes).ToHashSet(StringComparer.Ordinal);
            var uncited = SqsRuleProbes.All.Keys.Where(p => !cited.Contains(p)).ToList();
            Assert.True(uncited.Count == 0, "Probes not in docs/sqs-rules.md's table: " + string.Join(", ", uncited));
        }

        [Fact]
        public void The_embedded_column_says_yes_only_where_a_test_on_the_embedded_broker_proves_the_rule()
        {
            foreach (var row in SqsRulesDocument.Rows())
            {
                Assert.True(row.Embedded == "yes" || row.Embedded == "no", row + ": the embedded column is '" + row.Embedded + "', not yes or no.");
                var proved = row.Proofs.Any(p => Find(p) is MethodInfo m && RunsOnEmbedded(p, m));
                Assert.True(row.Embedded == (proved ? "yes" : "no"), row + ": the embedded column says " + row.Embedded + " but " + (proved ? "a test on the embedded broker proves it." : "no test on the embedded broker proves it."));
            }
        }

        [Fact]
        public void The_moto_column_is_measured_where_it_says_yes_or_no()
        {
            foreach (var row in SqsRulesDocument.Rows())
            {
                var measured = row.Proofs.Any(p => Find(p) is MethodInfo m && RunsOnMoto(p, m));
                if (!measured)
                {
                    Assert.True(row.Moto == "not measured", row + ": no moto run measures it, so the moto column must say 'not measured'.");
                    continue;
                }
                Assert.True(row.Moto == "yes" || row.Moto == "no", row + ": the moto column is '" + row.Moto + "', not yes or no.");
                if (!row.Probes.Any()) Assert.True(row.Moto == "yes", row + ": only a passing *_on_moto test measures it, so moto must say yes.");
            }
        }
    }
}

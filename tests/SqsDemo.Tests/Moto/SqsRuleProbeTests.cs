using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Clock;
using SqsDemo.Tests.Broker;
using Xunit;
using Xunit.Abstractions;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// Runs <see cref="SqsRuleProbes"/> on the embedded broker (each must pass) and on moto through
    /// the AWS adapter, where each outcome is measured and must match docs/sqs-rules.md's moto column.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class SqsRuleProbeTests
    {
        private readonly MotoServer _moto;
        private readonly ITestOutputHelper _output;

        public SqsRuleProbeTests(MotoServer moto, ITestOutputHelper output)
        {
            _moto = moto;
            _output = output;
        }

        public static IEnumerable<object[]> Probes => SqsRuleProbes.All.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(Probes))]
        public async Task Rule_probe_passes_on_embedded(string probe)
        {
            var clock = new ScaledTimeProvider(10);
            var broker = new EmbeddedBroker(clock, 42, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
            using var under = new BrokerUnderTest("embedded", broker, clock, isMoto: false);
            await SqsRuleProbes.All[probe](under);
        }

        private static string Flat(string message)
        {
            var flat = string.Join(" ", message.Split(new[] { '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            return flat.Length <= 400 ? flat : flat.Substring(0, 400) + "...";
        }

        [MotoFact]
        public async Task Moto_outcomes_of_the_rule_probes_match_the_rules_documents_moto_column()
        {
            var measured = new SortedDictionary<string, string?>(StringComparer.Ordinal);
            using (var under = new BrokerUnderTest("moto", AwsBroker.ForEndpoint(_moto.Endpoint, MotoServer.Region), TimeProvider.System, isMoto: true))
            {
                foreach (var probe in SqsRuleProbes.All)
                {
                    try
                    {
                        await probe.Value(under);
                        measured[probe.Key] = null;
                    }
                    catch (Exception e)
                    {
                        measured[probe.Key] = e.GetType().Name + ": " + Flat(e.Message);
                    }
                }
            }
            foreach (var pair in measured) _output.WriteLine(pair.Key + ": " + (pair.Value == null ? "yes" : "no (" + pair.Value + ")"));

            var wrong = new List<string>();
            foreach (var row in SqsRulesDocument.Rows())
            {
                foreach (var probe in row.Probes)
                {
                    var actual = measured[probe] == null ? "yes" : "no";
                    if (actual != row.Moto) wrong.Add(row + ": the table says moto " + row.Moto + ", measured " + actual + (measured[probe] is string why ? " (" + why + ")" : ""));
                }
            }
            Assert.True(wrong.Count == 0, "docs/sqs-rules.md's moto column differs from moto:\n" + string.Join("\n", wrong));
            _output.WriteLine(measured.Count(p => p.Value == null).ToString(CultureInfo.InvariantCulture) + " of " + measured.Count + " probes pass on moto.");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// Every rule probe of docs/sqs-rules.md through HTTP: the AWS SDK for .NET (JSON protocol, via the AWS adapter)
    /// against the endpoint must see exactly what the embedded broker does in process.
    /// </summary>
    public sealed class EndpointRuleProbeTests
    {
        public static IEnumerable<object[]> Probes => SqsRuleProbes.All.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(Probes))]
        public async Task Rule_probe_passes_through_the_endpoint(string probe)
        {
            using var endpoint = new RunningEndpoint();
            using var under = new BrokerUnderTest("endpoint", endpoint.SdkBroker(), endpoint.Run.Clock, isMoto: false);
            await SqsRuleProbes.All[probe](under);
        }
    }
}

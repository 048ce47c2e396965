using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Work;

namespace SqsDemo.Tests.Outages
{
    /// <summary>
    /// SqsDemo's own endpoint serving an embedded run (its queues and tables outlive a restart of the
    /// server), a <see cref="FaultProxy"/> in front of it, and a consumer's backend that reaches the
    /// endpoint only through the proxy, as Connect-DemoBackend -EndpointUrl would.
    /// </summary>
    public sealed class OutageRig : IDisposable
    {
        public const string Region = "us-east-1";
        public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

        private readonly AwsBroker _broker;
        private readonly DynamoDbLedger _ledger;

        /// <param name="timeScale">The served run's clock: visibility timeouts run this much faster than wall time.</param>
        public OutageRig(double timeScale = 5)
        {
            Served = DemoRun.CreateEmbedded(timeScale, 20, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
            Endpoint = DemoEndpoint.Start(Served, 0);
            Proxy = new FaultProxy(Endpoint.Port);
            _broker = AwsBroker.ForEndpoint(Proxy.Uri, Region);
            _ledger = DynamoDbLedger.ForEndpoint(Proxy.Uri, Region);
            Consuming = DemoRun.CreateRemote(BackendKind.Endpoint, "through a fault proxy", _broker, _ledger, 20);
        }

        /// <summary>The run the endpoint serves: what is really in the queues and tables.</summary>
        public DemoRun Served { get; }
        public DemoEndpoint Endpoint { get; private set; }
        public FaultProxy Proxy { get; }
        /// <summary>The consumer's backend: the endpoint through the proxy, on the wall clock.</summary>
        public DemoRun Consuming { get; }
        public LedgerTables Tables { get; } = LedgerTables.For("outage");
        public string QueueUrl { get; private set; } = "";

        /// <summary>The queue (visibility in served seconds) and the ledger tables, made on the served run; the URL as the consumer's backend names it.</summary>
        public async Task CreateAsync(int visibilityTimeout = 10, bool ledger = true)
        {
            await Served.Broker.CreateQueueAsync("outage", new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = visibilityTimeout.ToString(CultureInfo.InvariantCulture) });
            if (ledger) await Served.Ledger.CreateTablesAsync(Tables);
            QueueUrl = await Consuming.Broker.GetQueueUrlAsync("outage");
        }

        /// <summary>Sends <paramref name="count"/> bodies with ids prefix-1..n on the served run; returns the ids.</summary>
        public async Task<IReadOnlyList<string>> SendAsync(string prefix, int count)
        {
            var servedUrl = await Served.Broker.GetQueueUrlAsync("outage");
            var ids = Enumerable.Range(1, count).Select(i => prefix + "-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            foreach (var id in ids)
                await Served.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = servedUrl, MessageBody = "{\"id\":\"" + id + "\",\"work\":1}" });
            return ids;
        }

        public ConsumerOptions Options(double maxOutageSeconds) => new ConsumerOptions
        {
            ConsumerId = "rider",
            QueueUrl = QueueUrl,
            Receive = { WaitTimeSeconds = 2, MaxMessages = 5, MaxOutageSeconds = maxOutageSeconds },
            Work = { RejectPayloadMarker = null },
            Ledger = { StatusTable = Tables.StatusTable, SideEffectsTable = Tables.SideEffectsTable },
        };

        /// <summary>Stops the server and starts it again on the same run (state kept), on its port if it is free again.</summary>
        public void RestartServer(TimeSpan down)
        {
            var port = Endpoint.Port;
            Endpoint.Stop();
            Thread.Sleep(down);
            try
            {
                Endpoint = DemoEndpoint.Start(Served, port);
            }
            catch (EndpointStartException)
            {
                Endpoint = DemoEndpoint.Start(Served, 0);
            }
            Proxy.TargetPort = Endpoint.Port;
        }

        public IReadOnlyList<JournalEvent> Events(JournalEventKind kind) => Consuming.Journal.Where(e => e.Kind == kind);

        /// <summary>Waits for a condition the consumer makes true; the limit is only a safety net.</summary>
        public static async Task Until(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("Waited in vain for " + what);
                await Task.Delay(20);
            }
        }

        public void Dispose()
        {
            Proxy.Dispose();
            Endpoint.Stop();
            _broker.Dispose();
            _ledger.Dispose();
        }
    }
}

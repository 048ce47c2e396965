using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Metrics;
using Xunit;

namespace SqsDemo.Tests.Metrics
{
    /// <summary>
    /// Off the embedded backend the gauges are the queues' own attributes, sampled on the run's clock: here a run of the
    /// Endpoint kind (the wall clock) over a broker that another actor, unjournaled, also changes.
    /// </summary>
    public sealed class QueueAttributeSamplerTests
    {
        [Fact]
        public async Task The_gauges_of_a_remote_run_are_its_queues_attributes_sampled_on_its_clock()
        {
            var embedded = DemoRun.CreateEmbedded(20, 3);
            var remote = DemoRun.CreateRemote(BackendKind.Endpoint, "sampled", embedded.Broker, embedded.Ledger);
            var url = await remote.BrokerFor("producer").CreateQueueAsync(remote.NamePrefix + "sampled", null);
            // Sent behind the journal's back, as another process would: the replay cannot know them, the attributes do.
            for (var i = 0; i < 4; i++) await embedded.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m" + i });
            QueueAttributeSampler.Start(remote, TimeSpan.FromSeconds(1));
            try
            {
                var samples = await remote.Journal.WaitForAsync(e => e.Kind == JournalEventKind.QueueSampled && e.QueueUrl == url, 2, TimeSpan.FromSeconds(60), CancellationToken.None);
                Assert.True(samples.Count >= 2, "the sampler read the queue " + samples.Count + " time(s)");
                Assert.All(samples, s => Assert.Equal(4, s.VisibleDepth));
                var visible = JournalMetrics.Series(remote.Journal.Snapshot(), remote.Journal.StartedAt, remote.ScenarioTime, url,
                    MetricCatalog.Find("ApproximateNumberOfMessagesVisible")!, MetricStatistic.Maximum, 1);
                Assert.NotEmpty(visible.Datapoints);
                Assert.All(visible.Datapoints, d => Assert.Equal(4, d.Value));
            }
            finally
            {
                QueueAttributeSampler.Stop(remote);
            }
        }
    }
}

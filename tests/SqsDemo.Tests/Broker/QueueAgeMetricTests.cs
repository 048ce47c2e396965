using System.Threading.Tasks;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// docs/sqs-rules.md, "Queues": ApproximateAgeOfOldestMessage is a CloudWatch metric, outside the
    /// attribute map; Get-DemoQueue and backlog scenarios still read it (QueueStatistics.OldestAgeSeconds)
    /// through <see cref="SqsDemo.Engine.Broker.IQueueAgeMetric"/>, also behind the journaling decorator.
    /// </summary>
    public sealed class QueueAgeMetricTests : BrokerTestBase
    {
        [Fact]
        public async Task QueueStatistics_reports_the_oldest_message_age_from_the_metric_directly_and_through_the_journal()
        {
            var url = await CreateQueue("backlog");
            Assert.Equal(0, (await QueueStatistics.ReadAsync(Broker, url, null)).OldestAgeSeconds);
            await Send(url);
            Clock.AdvanceSeconds(90);
            await Send(url);
            var stats = await QueueStatistics.ReadAsync(Broker, url, null);
            Assert.Equal(90, stats.OldestAgeSeconds);
            Assert.Equal(2, stats.Visible);

            var journaled = new JournalingBroker(Broker, new EventJournal(Clock), new ReceiptHandleTracker(), Clock, "test");
            Assert.Equal(90, (await QueueStatistics.ReadAsync(journaled, url, null)).OldestAgeSeconds);
        }
    }
}

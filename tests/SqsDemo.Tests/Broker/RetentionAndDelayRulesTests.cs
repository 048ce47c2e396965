using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Retention and delay".</summary>
    public sealed class RetentionAndDelayRulesTests : BrokerTestBase
    {
        [Fact]
        public async Task Messages_older_than_the_retention_period_disappear_whether_visible_or_not()
        {
            var url = await CreateQueue("q", (QueueAttributeName.MessageRetentionPeriod, "60"));
            var visibleId = await Send(url, "visible");
            var inFlightId = await Send(url, "in flight");
            await Receive(url, 1); // "visible" goes in flight... strict order: the first one
            Clock.AdvanceSeconds(30);
            var lateId = await Send(url, "late");
            Clock.AdvanceSeconds(30); // the first two are 60 s old
            Assert.Equal(1, await Visible(url));
            Assert.Equal(0, await InFlight(url));
            var expired = NotificationsOf(BrokerNotificationKind.RetentionExpired);
            Assert.Equal(new[] { visibleId, inFlightId }, expired.ConvertAll(n => n.MessageId));
            Assert.Equal(lateId, (await ReceiveOne(url)).MessageId);
        }

        [Fact]
        public async Task Shortening_the_retention_period_applies_to_messages_already_queued()
        {
            var url = await CreateQueue("q");
            await Send(url);
            Clock.AdvanceSeconds(120);
            await Broker.SetQueueAttributesAsync(url, Attributes((QueueAttributeName.MessageRetentionPeriod, "60")));
            Assert.Equal(0, await Visible(url));
        }

        [Fact]
        public async Task Delayed_messages_are_invisible_until_their_delay_ends_and_count_as_Delayed()
        {
            var url = await CreateQueue("q");
            await Send(url, "later", delaySeconds: 30);
            Assert.Equal(1, await Delayed(url));
            Assert.Equal(0, await Visible(url));
            Assert.Empty(await Receive(url));
            Clock.AdvanceSeconds(30);
            Assert.Equal(0, await Delayed(url));
            Assert.Equal("later", (await ReceiveOne(url)).Body);
        }

        [Fact]
        public async Task The_queue_DelaySeconds_applies_when_the_message_has_none_and_a_message_delay_overrides_it()
        {
            var url = await CreateQueue("q", (QueueAttributeName.DelaySeconds, "20"));
            await Send(url, "queue delay");
            await Send(url, "no delay", delaySeconds: 0);
            Assert.Equal("no delay", (await ReceiveOne(url)).Body);
            Clock.AdvanceSeconds(20);
            Assert.Equal("queue delay", (await ReceiveOne(url)).Body);
        }
    }
}

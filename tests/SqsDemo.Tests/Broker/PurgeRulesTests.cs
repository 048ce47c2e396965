using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>docs/sqs-rules.md, "Purge".</summary>
    public sealed class PurgeRulesTests : BrokerTestBase
    {
        [Fact]
        public async Task Purge_deletes_all_messages_including_in_flight_and_delayed_at_once()
        {
            var url = await CreateQueue("q");
            var ids = await SendMany(url, 5);
            ids.Add(await Send(url, "delayed", delaySeconds: 60));
            var inFlight = await Receive(url, 2);
            await Broker.PurgeQueueAsync(url);
            Assert.Equal(0, await Visible(url));
            Assert.Equal(0, await InFlight(url));
            Assert.Equal(0, await Delayed(url));
            Assert.Equal(ids.OrderBy(x => x), NotificationsOf(BrokerNotificationKind.PurgedMessage).Select(n => n.MessageId).OrderBy(x => x));
            await Broker.DeleteMessageAsync(url, inFlight[0].ReceiptHandle); // deleting a purged message is fine
            Clock.AdvanceSeconds(120);
            Assert.Empty(await Receive(url));
        }

        [Fact]
        public async Task Second_purge_within_60_seconds_fails_PurgeQueueInProgress()
        {
            var url = await CreateQueue("q");
            await Broker.PurgeQueueAsync(url);
            Clock.AdvanceSeconds(59);
            var error = await AssertSqsError(SqsErrorCode.PurgeQueueInProgress, () => Broker.PurgeQueueAsync(url));
            Assert.Contains("Only one PurgeQueue operation on q is allowed every 60 seconds", error.Message);
            Clock.AdvanceSeconds(1);
            await Broker.PurgeQueueAsync(url);
        }

        [Fact]
        public async Task Messages_sent_during_the_60_second_purge_window_may_also_be_deleted()
        {
            var deletedInWindow = 0;
            for (var seed = 1; seed <= 6; seed++)
            {
                var clock = new ManualClock();
                var notes = new List<BrokerNotificationEventArgs>();
                var broker = new EmbeddedBroker(clock, seed, new EmbeddedBrokerOptions { ShortPollSampleRate = 1 });
                broker.Notified += (_, e) => { lock (notes) notes.Add(e); };
                var url = await broker.CreateQueueAsync("q", null);
                await broker.PurgeQueueAsync(url);
                var sent = new List<string>();
                for (var second = 0; second < 70; second++)
                {
                    clock.AdvanceSeconds(1);
                    sent.Add((await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "s" + second })).MessageId);
                }
                clock.AdvanceSeconds(1);
                var purged = notes.Where(n => n.Kind == BrokerNotificationKind.PurgedMessage).Select(n => n.MessageId).ToList();
                // The purge completes at one moment within the window: what was sent before it is gone, what came after stays.
                Assert.Equal(sent.Take(purged.Count), purged);
                Assert.InRange(purged.Count, 0, 60);
                var remaining = await broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.ApproximateNumberOfMessages });
                Assert.Equal((70 - purged.Count).ToString(), remaining[QueueAttributeName.ApproximateNumberOfMessages]);
                deletedInWindow += purged.Count;
            }
            Assert.True(deletedInWindow > 0, "no seed deleted a message sent during the purge window");
        }
    }
}

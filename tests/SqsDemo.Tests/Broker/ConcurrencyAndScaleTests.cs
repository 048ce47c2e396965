using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>Thread safety, notifications outside locks, and a backlog sanity check.</summary>
    public sealed class ConcurrencyAndScaleTests : BrokerTestBase
    {
        [Fact]
        public async Task Concurrent_producers_and_consumers_deliver_every_message_exactly_once_without_duplicates_configured()
        {
            var url = await CreateQueue("q", (QueueAttributeName.VisibilityTimeout, "600"));
            const int producers = 4, perProducer = 2_000;
            var received = new ConcurrentBag<string>();
            var sending = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                for (var i = 0; i < perProducer; i++) await Send(url, p + ":" + i);
            })).ToArray();
            var consuming = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (received.Count < producers * perProducer)
                {
                    var messages = await Receive(url, 10);
                    if (messages.Count == 0)
                    {
                        await Task.Yield();
                        if (sending.All(t => t.IsCompleted) && await Visible(url) == 0) break;
                        continue;
                    }
                    foreach (var m in messages)
                    {
                        received.Add(m.Body);
                        await Broker.DeleteMessageAsync(url, m.ReceiptHandle);
                    }
                }
            })).ToArray();
            await Within(Task.WhenAll(sending).ContinueWith(_ => true));
            await Within(Task.WhenAll(consuming).ContinueWith(_ => true));
            Assert.Equal(producers * perProducer, received.Count);
            Assert.Equal(producers * perProducer, received.Distinct().Count());
            Assert.Equal(0, await InFlight(url));
        }

        [Fact]
        public async Task Notifications_are_raised_outside_the_queue_lock()
        {
            var url = await CreateQueue("q", (QueueAttributeName.MessageRetentionPeriod, "60"));
            var observed = new List<int>();
            Broker.Notified += (_, e) =>
            {
                // Another thread using the same queue inside the handler would deadlock if the lock were held.
                var visible = Task.Run(() => Visible(url)).Wait(TimeSpan.FromSeconds(10));
                lock (observed) observed.Add(visible ? 1 : 0);
            };
            await Send(url);
            Clock.AdvanceSeconds(60);
            await Visible(url);
            Assert.Equal(new[] { 1 }, observed);
        }

        [Fact]
        public async Task A_backlog_of_100000_messages_can_be_received_and_deleted()
        {
            var url = await CreateQueue("backlog");
            const int total = 100_000;
            var body = new string('x', 1024);
            for (var i = 0; i < total / 10; i++)
                await Broker.SendMessageBatchAsync(url, Enumerable.Range(0, 10).Select(j => new SendMessageBatchRequestEntry { Id = "e" + j, MessageBody = body }).ToList());
            Assert.Equal(total, await Visible(url));
            var done = 0;
            while (true)
            {
                var messages = await Receive(url, 10);
                if (messages.Count == 0) break;
                var result = await Broker.DeleteMessageBatchAsync(url, messages.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = "d" + i, ReceiptHandle = m.ReceiptHandle }).ToList());
                Assert.Empty(result.Failed);
                done += messages.Count;
            }
            Assert.Equal(total, done);
            Assert.Equal(0, await Visible(url));
            Assert.Equal(0, await InFlight(url));
        }
    }
}

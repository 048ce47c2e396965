using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// An embedded broker on a manual clock. By default strict order and full short polls, so
    /// tests of other rules are deterministic; ordering and sampling tests choose their own options.
    /// </summary>
    public abstract class BrokerTestBase
    {
        protected static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

        protected BrokerTestBase()
        {
            Clock = new ManualClock();
            Broker = NewBroker(Clock, 42, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
        }

        protected ManualClock Clock { get; }
        protected EmbeddedBroker Broker { get; private set; }
        protected ConcurrentQueue<BrokerNotificationEventArgs> Notifications { get; } = new ConcurrentQueue<BrokerNotificationEventArgs>();

        protected EmbeddedBroker NewBroker(ManualClock clock, int seed, EmbeddedBrokerOptions options)
        {
            var broker = new EmbeddedBroker(clock, seed, options);
            broker.Notified += (_, e) => Notifications.Enqueue(e);
            return broker;
        }

        protected void UseBroker(int seed, EmbeddedBrokerOptions options) => Broker = NewBroker(Clock, seed, options);

        protected List<BrokerNotificationEventArgs> NotificationsOf(BrokerNotificationKind kind) => Notifications.Where(n => n.Kind == kind).ToList();

        protected Task<string> CreateQueue(string name, params (string Name, string Value)[] attributes) =>
            Broker.CreateQueueAsync(name, attributes.ToDictionary(a => a.Name, a => a.Value));

        protected static IReadOnlyDictionary<string, string> Attributes(params (string Name, string Value)[] attributes) =>
            attributes.ToDictionary(a => a.Name, a => a.Value);

        protected async Task<string> Send(string url, string body = "hello", int? delaySeconds = null)
        {
            var result = await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = body, DelaySeconds = delaySeconds });
            return result.MessageId;
        }

        protected async Task<List<string>> SendMany(string url, int count, string prefix = "m")
        {
            var ids = new List<string>();
            for (var i = 0; i < count; i++) ids.Add(await Send(url, prefix + i.ToString(CultureInfo.InvariantCulture)));
            return ids;
        }

        /// <summary>A receive without waiting (short poll).</summary>
        protected async Task<IReadOnlyList<Message>> Receive(string url, int max = 10, int? visibility = null) =>
            await Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = max, VisibilityTimeout = visibility, WaitTimeSeconds = 0 });

        protected async Task<Message> ReceiveOne(string url, int? visibility = null)
        {
            var messages = await Receive(url, 1, visibility);
            return Assert.Single(messages);
        }

        protected async Task<int> Count(string url, string attribute)
        {
            var attributes = await Broker.GetQueueAttributesAsync(url, new[] { attribute });
            return int.Parse(attributes[attribute], CultureInfo.InvariantCulture);
        }

        protected Task<int> Visible(string url) => Count(url, QueueAttributeName.ApproximateNumberOfMessages);
        protected Task<int> InFlight(string url) => Count(url, QueueAttributeName.ApproximateNumberOfMessagesNotVisible);
        protected Task<int> Delayed(string url) => Count(url, QueueAttributeName.ApproximateNumberOfMessagesDelayed);

        protected async Task<string> Arn(string url) =>
            (await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.QueueArn }))[QueueAttributeName.QueueArn];

        protected static string RedrivePolicy(string dlqArn, object maxReceiveCount) =>
            maxReceiveCount is string text
                ? "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + text + "\"}"
                : "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + Convert.ToString(maxReceiveCount, CultureInfo.InvariantCulture) + "}";

        protected static async Task<SqsException> AssertSqsError(string errorCode, Func<Task> action)
        {
            var error = await Assert.ThrowsAsync<SqsException>(action);
            Assert.Equal(errorCode, error.ErrorCode);
            return error;
        }

        protected static async Task<T> Within<T>(Task<T> task)
        {
            var finished = await Task.WhenAny(task, Task.Delay(Generous));
            Assert.True(finished == task, "The operation did not complete within " + Generous.TotalSeconds + " s.");
            return await task;
        }
    }
}

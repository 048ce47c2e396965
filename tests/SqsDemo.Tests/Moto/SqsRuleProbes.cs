// The probes of docs/sqs-rules.md's table "Where each backend stands": each is one rule, written
// once against IBroker, asserting what AWS does (as documented, or as recorded against AWS). They
// run on the embedded broker (SqsRuleProbeTests: every one must pass) and on moto through the AWS
// adapter (where each outcome is measured and compared with the table's moto column).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using Xunit;
using SdkAttribute = Amazon.SQS.Model.MessageAttributeValue;
using SdkCheck = Amazon.SQS.Internal.ValidationResponseHandler;

namespace SqsDemo.Tests.Moto
{
    public static class SqsRuleProbes
    {
        /// <summary>Every probe, by name (the names docs/sqs-rules.md's table cites as SqsRuleProbes.Name).</summary>
        public static IReadOnlyDictionary<string, Func<BrokerUnderTest, Task>> All { get; } = typeof(SqsRuleProbes)
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Task) && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType == typeof(BrokerUnderTest))
            .ToDictionary(m => m.Name, m => (Func<BrokerUnderTest, Task>)m.CreateDelegate(typeof(Func<BrokerUnderTest, Task>)), StringComparer.Ordinal);

        private static async Task<SqsException> Fails(string errorCode, Func<Task> action)
        {
            var error = await Assert.ThrowsAsync<SqsException>(action);
            Assert.Equal(errorCode, error.ErrorCode);
            return error;
        }

        private static Task<string> Fifo(BrokerUnderTest b, string prefix, bool contentBased = true, params (string, string)[] more) =>
            b.CreateQueue(b.NewName(prefix) + ".fifo", new[] { (QueueAttributeName.FifoQueue, "true") }
                .Concat(contentBased ? new[] { (QueueAttributeName.ContentBasedDeduplication, "true") } : Array.Empty<(string, string)>())
                .Concat(more).ToArray());

        private static Task<SendMessageResult> SendFifo(BrokerUnderTest b, string url, string body, string group = "g", string? dedup = null) =>
            b.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = body, MessageGroupId = group, MessageDeduplicationId = dedup });

        /// <summary>What the AWS SDK for .NET computes (and checks responses against).</summary>
        public static string SdkMd5(IDictionary<string, MessageAttributeValue> attributes) =>
            SdkCheck.CalculateMD5(attributes.ToDictionary(a => a.Key, a => new SdkAttribute
            {
                DataType = a.Value.DataType,
                StringValue = a.Value.StringValue,
                BinaryValue = a.Value.BinaryValue == null ? null : new MemoryStream(a.Value.BinaryValue),
            }));

        // ---- Queues ------------------------------------------------------------------------------------

        public static async Task QueueDeletedRecently(BrokerUnderTest b)
        {
            var name = b.NewName("recent");
            await b.Broker.DeleteQueueAsync(await b.CreateQueue(name));
            await Fails(SqsErrorCode.QueueDeletedRecently, () => b.CreateQueue(name));
        }

        public static async Task StandardQueueCreatedWithFifoQueueFalseFails(BrokerUnderTest b)
        {
            var error = await Fails(SqsErrorCode.InvalidAttributeName, () => b.CreateQueue(b.NewName("plain"), (QueueAttributeName.FifoQueue, "false")));
            Assert.Equal("Unknown Attribute FifoQueue.", error.Message);
        }

        public static async Task FifoQueueTypeCannotChange(BrokerUnderTest b)
        {
            var url = await Fifo(b, "type");
            await b.Broker.SetQueueAttributesAsync(url, new Dictionary<string, string> { [QueueAttributeName.FifoQueue] = "true" });
            var error = await Fails(SqsErrorCode.InvalidAttributeValue, () => b.Broker.SetQueueAttributesAsync(url, new Dictionary<string, string> { [QueueAttributeName.FifoQueue] = "false" }));
            Assert.Equal("Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.", error.Message);
        }

        public static async Task FifoOnlyAttributesOnAStandardQueueFail(BrokerUnderTest b)
        {
            var error = await Fails(SqsErrorCode.InvalidAttributeName, () => b.CreateQueue(b.NewName("plain"), (QueueAttributeName.DeduplicationScope, "queue")));
            Assert.Equal("You can specify the DeduplicationScope only when FifoQueue is set to true.", error.Message);
        }

        public static async Task GetQueueAttributesAllIsExactlySqsAttributes(BrokerUnderTest b)
        {
            var all = await b.Broker.GetQueueAttributesAsync(await b.CreateQueue(b.NewName("all")), new[] { QueueAttributeName.All });
            Assert.Equal(new[]
            {
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible",
                "CreatedTimestamp", "DelaySeconds", "LastModifiedTimestamp", "MaximumMessageSize", "MessageRetentionPeriod",
                "QueueArn", "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled", "VisibilityTimeout",
            }, all.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("true", all[QueueAttributeName.SqsManagedSseEnabled]);
        }

        public static async Task ApproximateAgeOfOldestMessageIsNotAQueueAttribute(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("age"));
            await Fails(SqsErrorCode.InvalidAttributeName, () => b.Broker.GetQueueAttributesAsync(url, new[] { "ApproximateAgeOfOldestMessage" }));
        }

        // ---- Sending -----------------------------------------------------------------------------------

        public static async Task EmptyBodyIsRejected(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("empty"));
            await Fails(SqsErrorCode.MissingParameter, () => b.Send(url, ""));
        }

        public static async Task InvalidCharactersAreRejected(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("chars"));
            await Fails(SqsErrorCode.InvalidMessageContents, () => b.Send(url, "bell \u0007"));
        }

        public static async Task OversizedMessageIsRejectedInAwsWording(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("size"), (QueueAttributeName.MaximumMessageSize, "1024"));
            await b.Send(url, new string('a', 1024));
            var error = await Fails(SqsErrorCode.InvalidParameterValue, () => b.Send(url, new string('a', 1025)));
            Assert.Equal("One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.", error.Message);
        }

        public static async Task MessageOverOneMiBIsRejected(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("mib"));
            await Fails(SqsErrorCode.InvalidParameterValue, () => b.Send(url, new string('a', SqsLimits.MaxMessageSizeBytes + 1)));
        }

        public static async Task EmptyStringAttributeIsRejectedInAwsWording(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("attr"));
            var error = await Fails(SqsErrorCode.InvalidParameterValue, () => b.Broker.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "x",
                MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["note"] = new MessageAttributeValue { DataType = "String", StringValue = "" } },
            }));
            Assert.Equal("Message (user) attribute 'note' must contain a non-empty value of type 'String'.", error.Message);
        }

        public static async Task Md5OfMessageAttributesIsSqsEncoding(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("md5"));
            var attributes = new Dictionary<string, MessageAttributeValue>
            {
                ["zeta"] = new MessageAttributeValue { DataType = "String", StringValue = "ünïcode" },
                ["count"] = new MessageAttributeValue { DataType = "Number", StringValue = "42" },
                ["blob"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new byte[] { 0, 1, 255 } },
            };
            var expected = SdkMd5(attributes);
            var sent = await b.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", MessageAttributes = attributes });
            Assert.Equal(expected, sent.MD5OfMessageAttributes);
            Assert.Equal(expected, (await b.ReceiveOne(url, "the message")).MD5OfMessageAttributes);
        }

        // ---- Receiving and visibility --------------------------------------------------------------------

        public static async Task WaitTimeSecondsOutOfRangeInAwsWording(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("wait"));
            var error = await Fails(SqsErrorCode.InvalidParameterValue, () => b.Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 21 }));
            Assert.Equal("Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.", error.Message);
        }

        public static async Task StandardVisibilityChangeAcceptsAnExpiredHandle(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("expired"), (QueueAttributeName.VisibilityTimeout, "1"));
            await b.Send(url, "work");
            var message = await b.ReceiveOne(url, "the receive");
            await b.Wait(1.5);
            await b.Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 30);
            Assert.Empty(await b.Receive(url)); // hidden again
        }

        public static async Task StandardVisibilityChangeWithAnOlderHandleSucceeds(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("older"), (QueueAttributeName.VisibilityTimeout, "1"));
            await b.Send(url, "work");
            var first = await b.ReceiveOne(url, "the first receive");
            await b.ReceiveOne(url, "the second receive", visibility: 30);
            await b.Broker.ChangeMessageVisibilityAsync(url, first.ReceiptHandle, 0);
        }

        public static async Task VisibilityChangeOnADeletedMessageFails(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("deleted"));
            await b.Send(url, "work");
            var message = await b.ReceiveOne(url, "the receive");
            await b.Broker.DeleteMessageAsync(url, message.ReceiptHandle);
            var error = await Fails(SqsErrorCode.InvalidParameterValue, () => b.Broker.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 10));
            Assert.Equal("Value " + message.ReceiptHandle + " for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.", error.Message);
        }

        public static async Task ReceiveReportsSenderIdAndAwsTraceHeader(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("system"));
            const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
            await b.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "x", AwsTraceHeader = trace });
            var message = await b.ReceiveOne(url, "the message");
            Assert.False(string.IsNullOrEmpty(message.SenderId));
            Assert.Equal(trace, message.AwsTraceHeader);
        }

        // ---- Dead-letter queues and move tasks ---------------------------------------------------------------

        public static async Task DeadLetteredMessageGainsDeadLetterQueueSourceArn(BrokerUnderTest b)
        {
            var dlq = await b.CreateQueue(b.NewName("dlq"));
            var source = await b.CreateQueue(b.NewName("source"), (QueueAttributeName.VisibilityTimeout, "1"),
                (QueueAttributeName.RedrivePolicy, BrokerUnderTest.RedrivePolicy(await b.Arn(dlq), 1)));
            await b.Send(source, "poison");
            await b.ReceiveOne(source, "the first receive");
            var moved = await b.Until(async () =>
            {
                await b.Receive(source);
                return (await b.Receive(dlq)).FirstOrDefault();
            }, "the move to the DLQ");
            Assert.Equal(await b.Arn(source), moved.DeadLetterQueueSourceArn);
        }

        public static async Task ListDeadLetterSourceQueuesListsTheSources(BrokerUnderTest b)
        {
            var dlq = await b.CreateQueue(b.NewName("dlq"));
            var policy = BrokerUnderTest.RedrivePolicy(await b.Arn(dlq), 3);
            var sources = new[] { await b.CreateQueue(b.NewName("a"), (QueueAttributeName.RedrivePolicy, policy)), await b.CreateQueue(b.NewName("b"), (QueueAttributeName.RedrivePolicy, policy)) };
            var page = await b.Broker.ListDeadLetterSourceQueuesAsync(dlq, maxResults: 1);
            var url = Assert.Single(page.QueueUrls);
            Assert.NotNull(page.NextToken);
            var rest = await b.Broker.ListDeadLetterSourceQueuesAsync(dlq, maxResults: 1, nextToken: page.NextToken);
            Assert.Equal(sources.OrderBy(s => s, StringComparer.Ordinal), new[] { url }.Concat(rest.QueueUrls).OrderBy(s => s, StringComparer.Ordinal));
        }

        public static async Task MessageMoveTasksAreImplemented(BrokerUnderTest b)
        {
            var dlq = await b.CreateQueue(b.NewName("dlq"));
            await b.CreateQueue(b.NewName("source"), (QueueAttributeName.RedrivePolicy, BrokerUnderTest.RedrivePolicy(await b.Arn(dlq), 3)));
            var handle = await b.Broker.StartMessageMoveTaskAsync(await b.Arn(dlq), null, null);
            Assert.False(string.IsNullOrEmpty(handle));
        }

        // ---- Purge ----------------------------------------------------------------------------------------

        public static async Task SecondPurgeWithin60SecondsFails(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("purge"));
            await b.Broker.PurgeQueueAsync(url);
            await Fails(SqsErrorCode.PurgeQueueInProgress, () => b.Broker.PurgeQueueAsync(url));
        }

        // ---- FIFO -----------------------------------------------------------------------------------------

        public static async Task FifoBatchWithoutMessageGroupIdFailsTheWholeRequest(BrokerUnderTest b)
        {
            var url = await Fifo(b, "batch");
            var error = await Fails(SqsErrorCode.InvalidParameterValue, () => b.Broker.SendMessageBatchAsync(url, new[]
            {
                new SendMessageBatchRequestEntry { Id = "ok", MessageBody = "a", MessageGroupId = "g" },
                new SendMessageBatchRequestEntry { Id = "bad", MessageBody = "b" },
            }));
            Assert.Equal("The request must contain the parameter MessageGroupId.", error.Message);
            Assert.Empty(await b.Receive(url));
        }

        public static async Task FifoBatchWithoutDeduplicationIdFailsTheWholeRequest(BrokerUnderTest b)
        {
            var url = await Fifo(b, "batch", contentBased: false);
            await Fails(SqsErrorCode.InvalidParameterValue, () => b.Broker.SendMessageBatchAsync(url, new[]
            {
                new SendMessageBatchRequestEntry { Id = "ok", MessageBody = "a", MessageGroupId = "g", MessageDeduplicationId = "d" },
                new SendMessageBatchRequestEntry { Id = "bad", MessageBody = "b", MessageGroupId = "g" },
            }));
            Assert.Empty(await b.Receive(url));
        }

        public static async Task FifoInFlightMessageBlocksOnlyTheMessagesBehindIt(BrokerUnderTest b)
        {
            var url = await Fifo(b, "blocks", true, (QueueAttributeName.VisibilityTimeout, "1"));
            foreach (var body in new[] { "m0", "m1", "m2" }) await SendFifo(b, url, body);
            var received = await b.Receive(url, 10);
            Assert.Equal(new[] { "m0", "m1", "m2" }, received.Select(m => m.Body));
            await b.Broker.ChangeMessageVisibilityAsync(url, received[1].ReceiptHandle, 30);
            await b.Wait(1.5);
            Assert.Equal(new[] { "m0" }, (await b.Receive(url, 10)).Select(m => m.Body));
        }

        public static async Task FifoReceiveTakesAGroupTogetherNotSendOrder(BrokerUnderTest b)
        {
            var url = await Fifo(b, "groups");
            await SendFifo(b, url, "a1", "A");
            await SendFifo(b, url, "b1", "B");
            await SendFifo(b, url, "a2", "A");
            Assert.Equal(new[] { "a1", "a2", "b1" }, (await b.Receive(url, 10)).Select(m => m.Body));
        }

        public static async Task FifoDeduplicationIsRememberedAfterDelete(BrokerUnderTest b)
        {
            var url = await Fifo(b, "dedup", contentBased: false);
            await SendFifo(b, url, "pay", dedup: "order-1");
            var message = await b.ReceiveOne(url, "the message");
            await b.Broker.DeleteMessageAsync(url, message.ReceiptHandle);
            await SendFifo(b, url, "pay again", dedup: "order-1");
            Assert.Empty(await b.Receive(url));
        }

        public static async Task FifoDeduplicatedSendReturnsTheOriginalMessageId(BrokerUnderTest b)
        {
            var url = await Fifo(b, "dedup", contentBased: false);
            var first = await SendFifo(b, url, "pay", dedup: "order-1");
            var again = await SendFifo(b, url, "pay", dedup: "order-1");
            Assert.Equal(first.MessageId, again.MessageId);
        }

        public static async Task FifoSequenceNumberOnSendAndReceive(BrokerUnderTest b)
        {
            var url = await Fifo(b, "seq");
            var sent = await SendFifo(b, url, "x");
            Assert.False(string.IsNullOrEmpty(sent.SequenceNumber));
            var message = await b.ReceiveOne(url, "the message");
            Assert.Equal(sent.SequenceNumber, message.SequenceNumber);
            Assert.Equal("g", message.MessageGroupId);
            Assert.False(string.IsNullOrEmpty(message.MessageDeduplicationId));
        }

        public static async Task FifoQueueDelayApplies(BrokerUnderTest b)
        {
            var url = await Fifo(b, "delay", true, (QueueAttributeName.DelaySeconds, "2"));
            await SendFifo(b, url, "later");
            Assert.Empty(await b.Receive(url));
            await b.ReceiveOne(url, "the delayed message");
        }

        public static async Task FifoDeleteWithAnExpiredHandleFails(BrokerUnderTest b)
        {
            var url = await Fifo(b, "expired", true, (QueueAttributeName.VisibilityTimeout, "1"));
            await SendFifo(b, url, "x");
            var message = await b.ReceiveOne(url, "the message");
            await b.Wait(1.5);
            var error = await Fails(SqsErrorCode.InvalidParameterValue, () => b.Broker.DeleteMessageAsync(url, message.ReceiptHandle));
            Assert.EndsWith("The receipt handle has expired.", error.Message);
        }
    }
}

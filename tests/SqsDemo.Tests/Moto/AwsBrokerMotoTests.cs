// Differential tests: each broker rule below is written once, as a body taking a BrokerUnderTest,
// and run against the embedded broker (on a scaled clock, 10 scenario seconds per wall second)
// and against AwsBroker talking to moto (wall clock: visibility timeouts of 1-2 s, waits on
// conditions with bounded timeouts).
//
// Rules moto 5.2.1 breaks (docs/sqs-rules.md is the reference; the embedded broker keeps them;
// its table's moto column is measured by SqsRuleProbeTests, which runs more probes than these).
// Each was seen here against moto; where a rule below meets one, it asserts it on the embedded
// broker only (marked "moto ..." at the spot):
//   - PurgeQueueInProgress: a second PurgeQueue within 60 s succeeds instead of failing
//     (the purge rule runs on the embedded broker only).
//   - QueueDeletedRecently: re-creating a queue name right after deleting it succeeds.
//   - DeadLetterQueueSourceArn: a message moved by a redrive policy does not gain it.
//   - Batch limits: DeleteMessageBatch and ChangeMessageVisibilityBatch accept 11 entries
//     (no TooManyEntriesInBatchRequest) and repeated entry ids (no BatchEntryIdsNotDistinct);
//     SendMessageBatch enforces both.
//   - FIFO: no SequenceNumber, neither in SendMessage's result nor on received messages; a
//     deduplicated send returns a new MessageId instead of the original one (it is not delivered,
//     as it should not be).
//   - SendMessageBatch per-entry failures: SenderFault is the string "true", not a boolean (the SDK
//     copes), and the DelaySeconds message shows a wrong value, HTML-escaped ("Value 1800 for
//     parameter DelaySeconds ... &gt;= 0"); the code (InvalidParameterValue) is right, and only
//     codes are compared.
//   - CreatedTimestamp / LastModifiedTimestamp are fractional epoch seconds ("1795439098.764152");
//     SQS reports whole seconds.
// Moto keeps, as AWS does: QueueAlreadyExists on different attributes; QueueDoesNotExist (sent as
// AWS.SimpleQueueService.NonExistentQueue, which AwsBroker maps); a new receipt handle and a higher
// ApproximateReceiveCount per receive; visibility timeouts (queue and per receive) and
// ChangeMessageVisibility 0; lazy DLQ moves at receive time keeping MessageId, body, attributes
// and receive count; ReceiptHandleIsInvalid per batch entry; EmptyBatchRequest; FIFO order within
// a group and a group held back while one of its messages is in flight.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Clock;
using Xunit;
using Xunit.Abstractions;

namespace SqsDemo.Tests.Moto
{
    /// <summary>A broker and the clock it runs on, with bounded waits in that clock's time.</summary>
    public sealed class BrokerUnderTest : IDisposable
    {
        private static readonly TimeSpan WallCap = TimeSpan.FromSeconds(30);

        public BrokerUnderTest(string name, IBroker broker, TimeProvider clock, bool isMoto, Func<DateTimeOffset, DateTimeOffset>? stamp = null)
        {
            Name = name;
            Broker = broker;
            Clock = clock;
            IsMoto = isMoto;
            _stamp = stamp ?? (t => t);
        }

        private readonly Func<DateTimeOffset, DateTimeOffset> _stamp;

        /// <summary>
        /// A time of <see cref="Clock"/> as the broker's message timestamps give it: the same, except through the
        /// endpoint, which gives them in its caller's wall time (SqsDemo.Engine.Endpoint.CallerTime).
        /// </summary>
        public DateTimeOffset Stamp(DateTimeOffset clockTime) => _stamp(clockTime);

        public string Name { get; }
        public IBroker Broker { get; }
        public TimeProvider Clock { get; }
        public bool IsMoto { get; }

        /// <summary>Queue names unique per test (moto keeps its queues for the whole run).</summary>
        public string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        public Task Wait(double seconds) => Task.Delay(TimeSpan.FromSeconds(seconds), Clock);

        /// <summary>Polls <paramref name="probe"/> every 0.1 s (broker time) until it returns a value; fails after <paramref name="timeoutSeconds"/> (broker time) or 30 s of wall time.</summary>
        public async Task<T> Until<T>(Func<Task<T?>> probe, string what, double timeoutSeconds = 10) where T : class
        {
            var start = Clock.GetUtcNow();
            var wall = Stopwatch.StartNew();
            while (true)
            {
                var value = await probe();
                if (value != null) return value;
                if ((Clock.GetUtcNow() - start).TotalSeconds > timeoutSeconds || wall.Elapsed > WallCap)
                    throw new Xunit.Sdk.XunitException(Name + ": " + what + " did not happen within " + timeoutSeconds + " s.");
                await Task.Delay(TimeSpan.FromSeconds(0.1), Clock);
            }
        }

        public void Dispose() => (Broker as IDisposable)?.Dispose();

        // Helpers the rules share.

        public Task<string> CreateQueue(string name, params (string Name, string Value)[] attributes) =>
            Broker.CreateQueueAsync(name, attributes.ToDictionary(a => a.Name, a => a.Value));

        public async Task<string> Arn(string url) =>
            (await Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.QueueArn }))[QueueAttributeName.QueueArn];

        public async Task<int> Count(string url, string attribute)
        {
            var attributes = await Broker.GetQueueAttributesAsync(url, new[] { attribute });
            return int.Parse(attributes[attribute], CultureInfo.InvariantCulture);
        }

        public Task<IReadOnlyList<Message>> Receive(string url, int max = 10, int? visibility = null) =>
            Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = max, WaitTimeSeconds = 0, VisibilityTimeout = visibility });

        /// <summary>Short polls until a message comes back.</summary>
        public Task<Message> ReceiveOne(string url, string what, int? visibility = null, double timeoutSeconds = 10) =>
            Until(async () => (await Receive(url, 1, visibility)).FirstOrDefault(), what, timeoutSeconds);

        public async Task<string> Send(string url, string body)
        {
            var result = await Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = body });
            return result.MessageId;
        }

        public static string RedrivePolicy(string dlqArn, int maxReceiveCount) =>
            "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + maxReceiveCount.ToString(CultureInfo.InvariantCulture) + "}";
    }

    /// <summary>A fact for the embedded broker's FIFO queues: skipped while the embedded broker does not support them yet.</summary>
    public sealed class EmbeddedFifoFactAttribute : FactAttribute
    {
        private static readonly Lazy<string?> Unsupported = new Lazy<string?>(() =>
        {
            var broker = new EmbeddedBroker(TimeProvider.System, 1);
            try
            {
                broker.CreateQueueAsync("probe.fifo", new Dictionary<string, string> { [QueueAttributeName.FifoQueue] = "true" }).GetAwaiter().GetResult();
                return null;
            }
            catch (SqsException e) when (e.ErrorCode == SqsErrorCode.UnsupportedOperation)
            {
                return "The embedded broker does not support FIFO queues yet: " + e.Message;
            }
        });

        public EmbeddedFifoFactAttribute()
        {
            if (Unsupported.Value is string reason) Skip = reason;
        }
    }

    [Collection(MotoCollection.Name)]
    public sealed class AwsBrokerMotoTests
    {
        private const double EmbeddedScale = 10;
        private readonly MotoServer _moto;
        private readonly ITestOutputHelper _output;

        public AwsBrokerMotoTests(MotoServer moto, ITestOutputHelper output)
        {
            _moto = moto;
            _output = output;
        }

        private static async Task OnEmbedded(Func<BrokerUnderTest, Task> rule)
        {
            var clock = new ScaledTimeProvider(EmbeddedScale);
            var broker = new EmbeddedBroker(clock, 42, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
            using var under = new BrokerUnderTest("embedded", broker, clock, isMoto: false);
            await rule(under);
        }

        private async Task OnMoto(Func<BrokerUnderTest, Task> rule)
        {
            using var under = new BrokerUnderTest("moto", AwsBroker.ForEndpoint(_moto.Endpoint, MotoServer.Region), TimeProvider.System, isMoto: true);
            await rule(under);
        }

        private static async Task<SqsException> AssertSqsError(string errorCode, Func<Task> action)
        {
            var error = await Assert.ThrowsAsync<SqsException>(action);
            Assert.Equal(errorCode, error.ErrorCode);
            return error;
        }

        private static string Md5Hex(string text)
        {
            using var md5 = MD5.Create();
            return string.Concat(md5.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        // ---- Rule: create, look up, send, receive, delete, delete the queue -------------------------------

        [Fact] public Task Send_receive_delete_on_embedded() => OnEmbedded(SendReceiveDelete);
        [MotoFact] public Task Send_receive_delete_on_moto() => OnMoto(SendReceiveDelete);

        internal static async Task SendReceiveDelete(BrokerUnderTest b)
        {
            var name = b.NewName("basic");
            var url = await b.CreateQueue(name, (QueueAttributeName.VisibilityTimeout, "2"));
            Assert.Equal(url, await b.Broker.GetQueueUrlAsync(name));
            Assert.Contains(url, await b.Broker.ListQueuesAsync(name));
            Assert.Equal("2", (await b.Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.All }))[QueueAttributeName.VisibilityTimeout]);

            var before = b.Clock.GetUtcNow();
            var sent = await b.Broker.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "hello",
                MessageAttributes = new Dictionary<string, MessageAttributeValue>
                {
                    ["kind"] = new MessageAttributeValue { DataType = "String", StringValue = "greeting" },
                    ["n"] = new MessageAttributeValue { DataType = "Number", StringValue = "42" },
                    ["blob"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new byte[] { 1, 2, 3 } },
                },
            });
            Assert.False(string.IsNullOrEmpty(sent.MessageId));
            Assert.Equal(Md5Hex("hello"), sent.MD5OfMessageBody);

            var message = await b.ReceiveOne(url, "the first receive");
            var after = b.Clock.GetUtcNow();
            Assert.Equal(sent.MessageId, message.MessageId);
            Assert.Equal("hello", message.Body);
            Assert.Equal(Md5Hex("hello"), message.MD5OfBody);
            Assert.False(string.IsNullOrEmpty(message.ReceiptHandle));
            Assert.Equal(1, message.ApproximateReceiveCount);
            Assert.InRange(message.SentTimestamp, b.Stamp(before).AddSeconds(-5), b.Stamp(after).AddSeconds(5));
            Assert.NotNull(message.ApproximateFirstReceiveTimestamp);
            Assert.InRange(message.ApproximateFirstReceiveTimestamp!.Value, b.Stamp(before).AddSeconds(-5), b.Stamp(after).AddSeconds(5));
            Assert.Null(message.MessageGroupId);
            Assert.Null(message.DeadLetterQueueSourceArn);
            Assert.Equal("greeting", message.MessageAttributes["kind"].StringValue);
            Assert.Equal("Number", message.MessageAttributes["n"].DataType);
            Assert.Equal("42", message.MessageAttributes["n"].StringValue);
            Assert.Equal(new byte[] { 1, 2, 3 }, message.MessageAttributes["blob"].BinaryValue);

            Assert.Equal(1, await b.Count(url, QueueAttributeName.ApproximateNumberOfMessagesNotVisible));
            await b.Broker.DeleteMessageAsync(url, message.ReceiptHandle);
            Assert.Equal(0, await b.Count(url, QueueAttributeName.ApproximateNumberOfMessagesNotVisible));
            Assert.Equal(0, await b.Count(url, QueueAttributeName.ApproximateNumberOfMessages));
            Assert.Empty(await b.Receive(url));
            // A long poll on an empty queue waits, then returns nothing (AwsBroker sends it on its long-poll client).
            var waitStart = b.Clock.GetUtcNow();
            Assert.Empty(await b.Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }));
            Assert.True((b.Clock.GetUtcNow() - waitStart).TotalSeconds >= 0.9, b.Name + ": the 1 s long poll returned early.");

            await b.Broker.DeleteQueueAsync(url);
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => b.Broker.GetQueueUrlAsync(name));
        }

        // ---- Rule: each receive increments ApproximateReceiveCount and issues a new receipt handle --------

        [Fact] public Task Receive_count_and_handles_on_embedded() => OnEmbedded(ReceiveCountAndHandles);
        [MotoFact] public Task Receive_count_and_handles_on_moto() => OnMoto(ReceiveCountAndHandles);

        internal static async Task ReceiveCountAndHandles(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("count"), (QueueAttributeName.VisibilityTimeout, "1"));
            var id = await b.Send(url, "again");
            var first = await b.ReceiveOne(url, "the first receive");
            var second = await b.ReceiveOne(url, "the redelivery after the 1 s visibility timeout");
            Assert.Equal(id, first.MessageId);
            Assert.Equal(id, second.MessageId);
            Assert.Equal(1, first.ApproximateReceiveCount);
            Assert.Equal(2, second.ApproximateReceiveCount);
            Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
            Assert.Equal(first.ApproximateFirstReceiveTimestamp, second.ApproximateFirstReceiveTimestamp);
            Assert.Equal(first.SentTimestamp, second.SentTimestamp);

            await b.Broker.DeleteMessageAsync(url, second.ReceiptHandle);
            await b.Wait(1.5);
            Assert.Empty(await b.Receive(url));
        }

        // ---- Rule: a received message is invisible for the visibility timeout, then comes back --------------

        [Fact] public Task Visibility_timeout_on_embedded() => OnEmbedded(VisibilityTimeout);
        [MotoFact] public Task Visibility_timeout_on_moto() => OnMoto(VisibilityTimeout);

        internal static async Task VisibilityTimeout(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("visibility"), (QueueAttributeName.VisibilityTimeout, "30"));
            var id = await b.Send(url, "work");

            // The receive's own timeout (2 s) overrides the queue's 30 s.
            var received = await b.ReceiveOne(url, "the first receive", visibility: 2);
            var receivedAt = b.Clock.GetUtcNow();
            Assert.Empty(await b.Receive(url));
            Assert.Equal(1, await b.Count(url, QueueAttributeName.ApproximateNumberOfMessagesNotVisible));

            var back = await b.ReceiveOne(url, "the message's return after its visibility timeout", visibility: 30);
            var elapsed = (b.Clock.GetUtcNow() - receivedAt).TotalSeconds;
            Assert.Equal(id, back.MessageId);
            Assert.True(elapsed >= 1.5, b.Name + ": the message came back after " + elapsed + " s, before its 2 s visibility timeout.");

            // ChangeMessageVisibility 0 returns it at once.
            await b.Broker.ChangeMessageVisibilityAsync(url, back.ReceiptHandle, 0);
            var third = Assert.Single(await b.Receive(url));
            Assert.Equal(id, third.MessageId);
            Assert.Equal(3, third.ApproximateReceiveCount);
            Assert.NotEqual(received.ReceiptHandle, third.ReceiptHandle);
        }

        // ---- Rule: a redrive policy moves a message to the DLQ when a receive would exceed maxReceiveCount --

        [Fact] public Task Dead_letter_move_on_embedded() => OnEmbedded(DeadLetterMove);
        [MotoFact] public Task Dead_letter_move_on_moto() => OnMoto(DeadLetterMove);

        internal static async Task DeadLetterMove(BrokerUnderTest b)
        {
            var dlq = await b.CreateQueue(b.NewName("orders-dlq"));
            var dlqArn = await b.Arn(dlq);
            var source = await b.CreateQueue(b.NewName("orders"),
                (QueueAttributeName.VisibilityTimeout, "1"),
                (QueueAttributeName.RedrivePolicy, BrokerUnderTest.RedrivePolicy(dlqArn, 2)));
            var sourceArn = await b.Arn(source);

            using (var policy = JsonDocument.Parse((await b.Broker.GetQueueAttributesAsync(source, new[] { QueueAttributeName.RedrivePolicy }))[QueueAttributeName.RedrivePolicy]))
            {
                Assert.Equal(dlqArn, policy.RootElement.GetProperty("deadLetterTargetArn").GetString());
                var max = policy.RootElement.GetProperty("maxReceiveCount");
                Assert.Equal("2", max.ValueKind == JsonValueKind.String ? max.GetString() : max.GetRawText());
            }

            var sent = await b.Broker.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = source,
                MessageBody = "poison",
                MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["kind"] = new MessageAttributeValue { DataType = "String", StringValue = "bad" } },
            });
            Assert.Equal(1, (await b.ReceiveOne(source, "the 1st receive")).ApproximateReceiveCount);
            Assert.Equal(2, (await b.ReceiveOne(source, "the 2nd receive")).ApproximateReceiveCount);

            // The 3rd receive would exceed maxReceiveCount 2: the message moves instead of being delivered.
            var moved = await b.Until(async () =>
            {
                var again = await b.Receive(source);
                Assert.Empty(again); // never delivered a 3rd time from the source
                return (await b.Receive(dlq)).FirstOrDefault();
            }, "the move to the DLQ");

            Assert.Equal(sent.MessageId, moved.MessageId);
            Assert.Equal("poison", moved.Body);
            Assert.Equal("bad", moved.MessageAttributes["kind"].StringValue);
            Assert.Equal(3, moved.ApproximateReceiveCount); // 2 in the source, +1 now
            if (!b.IsMoto) Assert.Equal(sourceArn, moved.DeadLetterQueueSourceArn); // moto does not set it
            Assert.Equal(0, await b.Count(source, QueueAttributeName.ApproximateNumberOfMessages));
            Assert.Equal(0, await b.Count(source, QueueAttributeName.ApproximateNumberOfMessagesNotVisible));
        }

        // ---- Rule: batches report per-entry failures in Failed; request-level errors throw -----------------

        [Fact] public Task Batch_failures_on_embedded() => OnEmbedded(BatchFailures);
        [MotoFact] public Task Batch_failures_on_moto() => OnMoto(BatchFailures);

        internal static async Task BatchFailures(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("batch"), (QueueAttributeName.VisibilityTimeout, "30"));

            var sent = await b.Broker.SendMessageBatchAsync(url, new[]
            {
                new SendMessageBatchRequestEntry { Id = "a", MessageBody = "one" },
                new SendMessageBatchRequestEntry { Id = "b", MessageBody = "two", DelaySeconds = 901 },
                new SendMessageBatchRequestEntry { Id = "c", MessageBody = "three" },
            });
            Assert.Equal(new[] { "a", "c" }, sent.Successful.Select(s => s.Id).OrderBy(id => id));
            Assert.Equal(Md5Hex("one"), sent.Successful.Single(s => s.Id == "a").MD5OfMessageBody);
            var failedSend = Assert.Single(sent.Failed);
            Assert.Equal("b", failedSend.Id);
            Assert.Equal(SqsErrorCode.InvalidParameterValue, failedSend.Code);
            Assert.True(failedSend.SenderFault);

            var messages = new List<Message>();
            await b.Until(async () =>
            {
                messages.AddRange(await b.Receive(url));
                return messages.Count >= 2 ? messages : null;
            }, "receiving both sent messages");
            Assert.Equal(new[] { "one", "three" }, messages.Select(m => m.Body).OrderBy(x => x, StringComparer.Ordinal));

            var visibility = await b.Broker.ChangeMessageVisibilityBatchAsync(url, new[]
            {
                new ChangeMessageVisibilityBatchRequestEntry { Id = "ok", ReceiptHandle = messages[0].ReceiptHandle, VisibilityTimeout = 60 },
                new ChangeMessageVisibilityBatchRequestEntry { Id = "bad", ReceiptHandle = "not-a-receipt-handle", VisibilityTimeout = 60 },
            });
            Assert.Equal(new[] { "ok" }, visibility.Successful);
            var failedVisibility = Assert.Single(visibility.Failed);
            Assert.Equal("bad", failedVisibility.Id);
            Assert.Equal(SqsErrorCode.ReceiptHandleIsInvalid, failedVisibility.Code);
            Assert.True(failedVisibility.SenderFault);

            var deleted = await b.Broker.DeleteMessageBatchAsync(url, new[]
            {
                new DeleteMessageBatchRequestEntry { Id = "first", ReceiptHandle = messages[0].ReceiptHandle },
                new DeleteMessageBatchRequestEntry { Id = "bogus", ReceiptHandle = "not-a-receipt-handle" },
                new DeleteMessageBatchRequestEntry { Id = "second", ReceiptHandle = messages[1].ReceiptHandle },
            });
            Assert.Equal(new[] { "first", "second" }, deleted.Successful.OrderBy(id => id, StringComparer.Ordinal));
            var failedDelete = Assert.Single(deleted.Failed);
            Assert.Equal("bogus", failedDelete.Id);
            Assert.Equal(SqsErrorCode.ReceiptHandleIsInvalid, failedDelete.Code);
            Assert.Equal(0, await b.Count(url, QueueAttributeName.ApproximateNumberOfMessagesNotVisible));

            // Request-level errors.
            await AssertSqsError(SqsErrorCode.EmptyBatchRequest, () => b.Broker.SendMessageBatchAsync(url, Array.Empty<SendMessageBatchRequestEntry>()));
            await AssertSqsError(SqsErrorCode.TooManyEntriesInBatchRequest, () => b.Broker.SendMessageBatchAsync(url,
                Enumerable.Range(0, 11).Select(i => new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = "m" + i }).ToList()));
            if (!b.IsMoto) // moto accepts 11 entries in DeleteMessageBatch and ChangeMessageVisibilityBatch
            {
                await AssertSqsError(SqsErrorCode.TooManyEntriesInBatchRequest, () => b.Broker.DeleteMessageBatchAsync(url,
                    Enumerable.Range(0, 11).Select(i => new DeleteMessageBatchRequestEntry { Id = "e" + i, ReceiptHandle = "h" + i }).ToList()));
            }
            await AssertSqsError(SqsErrorCode.BatchEntryIdsNotDistinct, () => b.Broker.SendMessageBatchAsync(url, new[]
            {
                new SendMessageBatchRequestEntry { Id = "same", MessageBody = "x" },
                new SendMessageBatchRequestEntry { Id = "same", MessageBody = "y" },
            }));
        }

        // ---- Rule: a missing queue is QueueDoesNotExist, whatever the call -----------------------------------

        [Fact] public Task Queue_does_not_exist_on_embedded() => OnEmbedded(QueueDoesNotExist);
        [MotoFact] public Task Queue_does_not_exist_on_moto() => OnMoto(QueueDoesNotExist);

        internal static async Task QueueDoesNotExist(BrokerUnderTest b)
        {
            var missingName = b.NewName("missing");
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => b.Broker.GetQueueUrlAsync(missingName));

            var url = await b.CreateQueue(b.NewName("doomed"));
            var missingUrl = url.Substring(0, url.LastIndexOf('/') + 1) + missingName;
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => b.Send(missingUrl, "lost"));
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => b.Receive(missingUrl));
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => b.Broker.GetQueueAttributesAsync(missingUrl, new[] { QueueAttributeName.All }));

            await b.Broker.DeleteQueueAsync(url);
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => b.Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.QueueArn }));
            await AssertSqsError(SqsErrorCode.QueueDoesNotExist, () => b.Broker.PurgeQueueAsync(url));
        }

        // ---- Rule: creating an existing queue returns it with the same attributes, fails with different ones --

        [Fact] public Task Queue_already_exists_on_embedded() => OnEmbedded(QueueAlreadyExists);
        [MotoFact] public Task Queue_already_exists_on_moto() => OnMoto(QueueAlreadyExists);

        internal static async Task QueueAlreadyExists(BrokerUnderTest b)
        {
            var name = b.NewName("exists");
            var url = await b.CreateQueue(name, (QueueAttributeName.VisibilityTimeout, "30"));
            Assert.Equal(url, await b.CreateQueue(name, (QueueAttributeName.VisibilityTimeout, "30")));
            await AssertSqsError(SqsErrorCode.QueueAlreadyExists, () => b.CreateQueue(name, (QueueAttributeName.VisibilityTimeout, "60")));
            Assert.Equal("30", (await b.Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.VisibilityTimeout }))[QueueAttributeName.VisibilityTimeout]);
        }

        // ---- Rule: a second purge within 60 s fails PurgeQueueInProgress (moto breaks it: embedded only) ------

        [Fact] public Task Purge_in_progress_on_embedded() => OnEmbedded(PurgeInProgress);

        internal static async Task PurgeInProgress(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("purge"));
            await b.Send(url, "a");
            await b.Send(url, "b");
            await b.Broker.PurgeQueueAsync(url);
            await AssertSqsError(SqsErrorCode.PurgeQueueInProgress, () => b.Broker.PurgeQueueAsync(url));
        }

        // ---- Rule: FIFO: strict order within a group, a group is blocked while one of its messages is in flight --

        [EmbeddedFifoFact] public Task Fifo_order_on_embedded() => OnEmbedded(FifoOrderWithinGroup);
        [MotoFact] public Task Fifo_order_on_moto() => OnMoto(FifoOrderWithinGroup);

        internal static async Task FifoOrderWithinGroup(BrokerUnderTest b)
        {
            var url = await b.CreateQueue(b.NewName("orders") + ".fifo",
                (QueueAttributeName.FifoQueue, "true"),
                (QueueAttributeName.ContentBasedDeduplication, "true"),
                (QueueAttributeName.VisibilityTimeout, "30"));
            var sent = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                foreach (var group in new[] { "A", "B" })
                {
                    var body = group + i.ToString(CultureInfo.InvariantCulture);
                    var result = await b.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = body, MessageGroupId = group });
                    if (!b.IsMoto) Assert.False(string.IsNullOrEmpty(result.SequenceNumber)); // moto reports none
                    sent.Add(body);
                }
            }

            // While A's first message is in flight, no later A message is delivered.
            var head = await b.ReceiveOne(url, "the head of the queue");
            Assert.Equal("A0", head.Body);
            Assert.Equal("A", head.MessageGroupId);
            var others = await b.Receive(url, 10);
            Assert.DoesNotContain(others, m => m.MessageGroupId == "A");
            foreach (var m in others) await b.Broker.ChangeMessageVisibilityAsync(url, m.ReceiptHandle, 0);
            await b.Broker.DeleteMessageAsync(url, head.ReceiptHandle);

            var delivered = new List<Message> { head };
            await b.Until(async () =>
            {
                foreach (var m in await b.Receive(url, 10))
                {
                    delivered.Add(m);
                    await b.Broker.DeleteMessageAsync(url, m.ReceiptHandle);
                }
                return delivered.Count >= sent.Count ? delivered : null;
            }, "receiving all FIFO messages");

            foreach (var group in new[] { "A", "B" })
            {
                var ofGroup = delivered.Where(m => m.MessageGroupId == group).ToList();
                Assert.Equal(sent.Where(s => s.StartsWith(group, StringComparison.Ordinal)), ofGroup.Select(m => m.Body));
                if (b.IsMoto) continue; // moto reports no SequenceNumber
                var sequence = ofGroup.Select(m => decimal.Parse(m.SequenceNumber!, CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(sequence.OrderBy(n => n), sequence);
            }
            Assert.Equal(sent.Count, delivered.Count);
        }

        // ---- Rule: ListDeadLetterSourceQueues names the queues whose redrive policy targets a queue ----------
        // (paging by MaxResults is a probe of docs/sqs-rules.md's table: moto ignores it)

        [Fact] public Task Dead_letter_source_queues_on_embedded() => OnEmbedded(DeadLetterSourceQueues);
        [MotoFact] public Task Dead_letter_source_queues_on_moto() => OnMoto(DeadLetterSourceQueues);

        internal static async Task DeadLetterSourceQueues(BrokerUnderTest b)
        {
            var dlq = await b.CreateQueue(b.NewName("dlq"));
            var policy = BrokerUnderTest.RedrivePolicy(await b.Arn(dlq), 3);
            var sources = new List<string>
            {
                await b.CreateQueue(b.NewName("a"), (QueueAttributeName.RedrivePolicy, policy)),
                await b.CreateQueue(b.NewName("b"), (QueueAttributeName.RedrivePolicy, policy)),
            };
            var listed = await b.Broker.ListDeadLetterSourceQueuesAsync(dlq);
            Assert.Equal(sources.OrderBy(u => u, StringComparer.Ordinal), listed.QueueUrls.OrderBy(u => u, StringComparer.Ordinal));
            Assert.Null(listed.NextToken);
            Assert.Empty((await b.Broker.ListDeadLetterSourceQueuesAsync(sources[0])).QueueUrls);
        }

        // ---- The adapter on its own -------------------------------------------------------------------------

        [Fact]
        public async Task An_unreachable_endpoint_fails_fast_with_a_clear_SqsException()
        {
            var endpoint = new Uri("http://127.0.0.1:" + MotoServer.FreePort().ToString(CultureInfo.InvariantCulture) + "/");
            using var broker = AwsBroker.ForEndpoint(endpoint, MotoServer.Region);
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<SqsException>(() => broker.GetQueueUrlAsync("anything"));
            clock.Stop();
            Assert.Equal(AwsBrokerErrorCode.EndpointUnreachable, error.ErrorCode);
            Assert.Contains(endpoint.Authority, error.Message);
            Assert.False(error.SenderFault);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "The failure took " + clock.Elapsed.TotalSeconds + " s.");
            _output.WriteLine(error.ErrorCode + ": " + error.Message + " (" + clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s)");
        }

        [Fact]
        public async Task An_endpoint_that_never_answers_fails_at_the_call_deadline()
        {
            // Accepts connections (the kernel completes them from the backlog) and never answers.
            var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                var endpoint = new Uri("http://127.0.0.1:" + ((System.Net.IPEndPoint)silent.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture) + "/");
                using var broker = AwsBroker.ForEndpoint(endpoint, MotoServer.Region, TimeSpan.FromSeconds(1));
                var clock = Stopwatch.StartNew();
                var error = await Assert.ThrowsAsync<SqsException>(() => broker.ListQueuesAsync(null));
                clock.Stop();
                Assert.Equal(AwsBrokerErrorCode.EndpointUnreachable, error.ErrorCode);
                Assert.Contains(endpoint.Authority, error.Message);
                Assert.Contains("did not answer", error.Message);
                Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
                _output.WriteLine(error.ErrorCode + ": " + error.Message + " (" + clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s)");
            }
            finally
            {
                silent.Stop();
            }
        }

        [Fact]
        public async Task A_cancelled_call_throws_OperationCanceledException_not_SqsException()
        {
            var endpoint = new Uri("http://127.0.0.1:" + MotoServer.FreePort().ToString(CultureInfo.InvariantCulture) + "/");
            using var broker = AwsBroker.ForEndpoint(endpoint, MotoServer.Region);
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => broker.GetQueueUrlAsync("anything", cancel.Token));
        }

        [Theory]
        [InlineData("AWS.SimpleQueueService.NonExistentQueue", SqsErrorCode.QueueDoesNotExist)]
        [InlineData("QueueDoesNotExist", SqsErrorCode.QueueDoesNotExist)]
        [InlineData("com.amazonaws.sqs#QueueDoesNotExist", SqsErrorCode.QueueDoesNotExist)]
        [InlineData("QueueAlreadyExists", SqsErrorCode.QueueAlreadyExists)]
        [InlineData("QueueNameExists", SqsErrorCode.QueueAlreadyExists)]
        [InlineData("AWS.SimpleQueueService.QueueDeletedRecently", SqsErrorCode.QueueDeletedRecently)]
        [InlineData("AWS.SimpleQueueService.PurgeQueueInProgress", SqsErrorCode.PurgeQueueInProgress)]
        [InlineData("ReceiptHandleIsInvalid", SqsErrorCode.ReceiptHandleIsInvalid)]
        [InlineData("InvalidIdFormat", SqsErrorCode.ReceiptHandleIsInvalid)]
        [InlineData("AWS.SimpleQueueService.EmptyBatchRequest", SqsErrorCode.EmptyBatchRequest)]
        [InlineData("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", SqsErrorCode.TooManyEntriesInBatchRequest)]
        [InlineData("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", SqsErrorCode.BatchEntryIdsNotDistinct)]
        [InlineData("AWS.SimpleQueueService.InvalidBatchEntryId", SqsErrorCode.InvalidBatchEntryId)]
        [InlineData("AWS.SimpleQueueService.BatchRequestTooLong", SqsErrorCode.BatchRequestTooLong)]
        [InlineData("AWS.SimpleQueueService.UnsupportedOperation", SqsErrorCode.UnsupportedOperation)]
        [InlineData("InvalidAttributeName", SqsErrorCode.InvalidAttributeName)]
        [InlineData("InvalidAttributeValue", SqsErrorCode.InvalidAttributeValue)]
        [InlineData("InvalidParameterValue", SqsErrorCode.InvalidParameterValue)]
        [InlineData("MissingParameter", SqsErrorCode.MissingParameter)]
        [InlineData("InvalidMessageContents", SqsErrorCode.InvalidMessageContents)]
        [InlineData("OverLimit", SqsErrorCode.OverLimit)]
        [InlineData("ResourceNotFoundException", SqsErrorCode.ResourceNotFound)]
        [InlineData("AWS.SimpleQueueService.MessageNotInflight", "MessageNotInflight")]
        [InlineData("RequestThrottled", "RequestThrottled")]
        public void SDK_error_codes_map_to_the_embedded_brokers_codes(string sdkCode, string expected) =>
            Assert.Equal(expected, AwsErrors.NormalizeCode(sdkCode));
    }
}

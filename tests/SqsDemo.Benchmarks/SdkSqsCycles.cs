using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// Message lifecycles through HTTP with the AWS SDK for .NET itself (AmazonSQSClient, dummy credentials,
    /// ServiceURL), the way an outside .NET consumer talks to any SQS endpoint: SendMessageBatch of 10,
    /// ReceiveMessage of 10 (WaitTimeSeconds 1: a long poll that answers at once, the messages are there),
    /// DeleteMessageBatch of what came. The same code runs against the endpoint and against moto. Each
    /// call is timed on its own, so a run also says which call the time goes to.
    /// </summary>
    internal sealed class SdkSqsCycles : IDisposable
    {
        public const int Batch = 10;

        private readonly AmazonSQSClient _client;
        private readonly string _queueUrl;
        private readonly string[] _bodies;
        private long _next;

        public SdkSqsCycles(Uri endpoint, string queueName, string[] bodies)
        {
            _client = Client(endpoint);
            _bodies = bodies;
            _queueUrl = _client.CreateQueueAsync(new CreateQueueRequest
            {
                QueueName = queueName,
                Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "60" },
            }).GetAwaiter().GetResult().QueueUrl;
        }

        public string QueueUrl => _queueUrl;

        /// <summary>Stopwatch ticks in each call, how many calls, messages sent and received.</summary>
        public long SendTicks, ReceiveTicks, DeleteTicks, SendCalls, ReceiveCalls, DeleteCalls, Sent, Received;

        /// <summary>Each ReceiveMessage's own time (ticks) since the last reset, for percentiles.</summary>
        public List<long> ReceiveSamples { get; } = new List<long>();

        public static AmazonSQSClient Client(Uri endpoint) => new AmazonSQSClient(
            new BasicAWSCredentials("bench", "bench"),
            new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = MotoProcess.Region, MaxErrorRetry = 0 });

        public void ResetCounters()
        {
            SendTicks = ReceiveTicks = DeleteTicks = SendCalls = ReceiveCalls = DeleteCalls = Sent = Received = 0;
            ReceiveSamples.Clear();
        }

        /// <summary><paramref name="lifecycles"/> lifecycles (rounded up to batches), and what a receive left behind; lifecycles per second.</summary>
        public double Run(int lifecycles)
        {
            ResetCounters();
            var watch = Stopwatch.StartNew();
            while (Received < lifecycles)
            {
                Send();
                ReceiveAndDelete();
            }
            watch.Stop();
            return Received / watch.Elapsed.TotalSeconds;
        }

        public void Send()
        {
            var entries = new List<SendMessageBatchRequestEntry>(Batch);
            for (var i = 0; i < Batch; i++)
                entries.Add(new SendMessageBatchRequestEntry("s" + i.ToString(CultureInfo.InvariantCulture), _bodies[_next++ % _bodies.Length]));
            var t0 = Stopwatch.GetTimestamp();
            var sent = _client.SendMessageBatchAsync(new SendMessageBatchRequest(_queueUrl, entries)).GetAwaiter().GetResult();
            SendTicks += Stopwatch.GetTimestamp() - t0;
            SendCalls++;
            if (sent.Failed != null && sent.Failed.Count > 0) throw new InvalidOperationException("SendMessageBatch failed: " + sent.Failed[0].Code);
            Sent += Batch;
        }

        public int ReceiveAndDelete()
        {
            var t0 = Stopwatch.GetTimestamp();
            var received = _client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _queueUrl,
                MaxNumberOfMessages = Batch,
                WaitTimeSeconds = 1,
            }).GetAwaiter().GetResult();
            var took = Stopwatch.GetTimestamp() - t0;
            ReceiveTicks += took;
            ReceiveSamples.Add(took);
            ReceiveCalls++;
            var messages = received.Messages ?? new List<Message>();
            if (messages.Count == 0) return 0;
            var entries = messages.Select((m, i) => new DeleteMessageBatchRequestEntry("d" + i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList();
            var t1 = Stopwatch.GetTimestamp();
            var deleted = _client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(_queueUrl, entries)).GetAwaiter().GetResult();
            DeleteTicks += Stopwatch.GetTimestamp() - t1;
            DeleteCalls++;
            if (deleted.Failed != null && deleted.Failed.Count > 0) throw new InvalidOperationException("DeleteMessageBatch failed: " + deleted.Failed[0].Code);
            Received += messages.Count;
            return messages.Count;
        }

        /// <summary>Mean microseconds of one SendMessageBatch, ReceiveMessage and DeleteMessageBatch in the last run.</summary>
        public (double Send, double Receive, double Delete) MeanCallMicroseconds() =>
            (PerCall(SendTicks, SendCalls), PerCall(ReceiveTicks, ReceiveCalls), PerCall(DeleteTicks, DeleteCalls));

        private static double PerCall(long ticks, long calls) => calls == 0 ? 0 : ticks * 1e6 / Stopwatch.Frequency / calls;

        public void Dispose()
        {
            try
            {
                _client.DeleteQueueAsync(_queueUrl).GetAwaiter().GetResult();
            }
            finally
            {
                _client.Dispose();
            }
        }
    }
}

using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// Embedded-broker throughput at a constant backlog: one operation is one message lifecycle,
    /// SendMessage + ReceiveMessage (MaxNumberOfMessages 1, WaitTimeSeconds 0) + DeleteMessage,
    /// on a standard queue that already holds <see cref="Backlog"/> visible messages of about
    /// 100 bytes. Each lifecycle adds one message and removes one, so the backlog stays put.
    /// The requirement: the per-operation cost at 1,000,000 is within 2x of that at 1,000
    /// (Program prints the ratio after the table).
    /// </summary>
    [Config(typeof(BrokerBenchmarkConfig))]
    public class BrokerBacklogBenchmarks
    {
        /// <summary>Lifecycles per benchmark invocation, so the timer's overhead is negligible.</summary>
        public const int LifecyclesPerInvoke = 1_000;

        private const int BodyRing = 1_024; // a power of two

        private EmbeddedBroker _broker = null!;
        private string _queueUrl = "";
        private string[] _bodies = Array.Empty<string>();
        private SendMessageRequest _send = null!;
        private ReceiveMessageRequest _receive = null!;
        private int _next;

        [Params(1_000, 1_000_000)]
        public int Backlog { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _broker = BrokerBench.CreateBroker();
            _queueUrl = BrokerBench.CreateQueue(_broker, "bench-backlog");
            BrokerBench.Prefill(_broker, _queueUrl, Backlog, BrokerBench.SmallBodyBytes);
            var visible = BrokerBench.VisibleCount(_broker, _queueUrl);
            if (visible != Backlog) throw new InvalidOperationException($"The backlog is {visible}, not {Backlog}.");
            _bodies = BrokerBench.Bodies(BodyRing, BrokerBench.SmallBodyBytes, first: Backlog);
            _send = new SendMessageRequest { QueueUrl = _queueUrl };
            _receive = new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = 1, WaitTimeSeconds = 0 };
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            // The lifecycles must have kept the backlog constant (nothing lost, nothing left in flight).
            var visible = BrokerBench.VisibleCount(_broker, _queueUrl);
            if (visible != Backlog) Console.WriteLine($"// WARNING: the backlog ended at {visible}, not {Backlog}.");
        }

        [Benchmark(OperationsPerInvoke = LifecyclesPerInvoke)]
        public void SendReceiveDelete()
        {
            var broker = _broker;
            for (var i = 0; i < LifecyclesPerInvoke; i++)
            {
                _send.MessageBody = _bodies[_next++ & (BodyRing - 1)];
                broker.SendMessageAsync(_send).GetAwaiter().GetResult();
                var received = broker.ReceiveMessageAsync(_receive).GetAwaiter().GetResult();
                if (received.Count != 1) throw new InvalidOperationException($"Received {received.Count} messages, expected 1.");
                broker.DeleteMessageAsync(_queueUrl, received[0].ReceiptHandle).GetAwaiter().GetResult();
            }
        }
    }
}

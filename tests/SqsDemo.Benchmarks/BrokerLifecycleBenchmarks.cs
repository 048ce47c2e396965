using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using SqsDemo.Engine.Broker.Embedded;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// BenchmarkDotNet's view of the embedded broker's lifecycles in batches of 10 (the same
    /// <see cref="LifecycleWorkload"/> as `-- broker`), with its memory diagnoser: the bytes allocated
    /// per lifecycle, and the figures to cross-check `-- broker`'s. One operation is one lifecycle.
    ///   dotnet run -c Release --project tests/SqsDemo.Benchmarks -- --filter '*Lifecycle*'
    /// </summary>
    [Config(typeof(BrokerBenchmarkConfig))]
    public class BrokerLifecycleBenchmarks
    {
        private const int Cycles = 100;
        private const int Lifecycles = Cycles * LifecycleWorkload.Batch;
        private const int FifoBacklog = 10_000;

        private LifecycleWorkload _standard = null!;
        private LifecycleWorkload[] _twoThreads = null!;
        private LifecycleWorkload _fifoOneGroup = null!;
        private LifecycleWorkload _fifoManyGroups = null!;

        [GlobalSetup]
        public void Setup()
        {
            var broker = BrokerBench.CreateBroker();
            var bodies = LifecycleWorkload.Bodies(1_024, BrokerBench.SmallBodyBytes);
            var standard = BrokerBench.CreateQueue(broker, "standard");
            _standard = new LifecycleWorkload(broker, standard, bodies);
            var shared = BrokerBench.CreateQueue(broker, "two-threads");
            _twoThreads = new[] { new LifecycleWorkload(broker, shared, bodies, name: "a"), new LifecycleWorkload(broker, shared, bodies, name: "b") };
            _fifoOneGroup = Fifo(broker, bodies, 1);
            _fifoManyGroups = Fifo(broker, bodies, 1_000);
        }

        private static LifecycleWorkload Fifo(EmbeddedBroker broker, string[] bodies, int groups)
        {
            var queue = BrokerBench.CreateFifoQueue(broker, "fifo-" + groups);
            var workload = new LifecycleWorkload(broker, queue, bodies, LifecycleWorkload.Groups(groups), "fifo");
            for (var i = 0; i < FifoBacklog / LifecycleWorkload.Batch; i++) workload.Send();
            return workload;
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Lifecycles)]
        public void Standard() => Run(_standard);

        [Benchmark(OperationsPerInvoke = Lifecycles)]
        public void StandardTwoThreads() =>
            Parallel.Invoke(() => Run(_twoThreads[0], Cycles / 2), () => Run(_twoThreads[1], Cycles / 2));

        [Benchmark(OperationsPerInvoke = Lifecycles)]
        public void FifoOneGroup() => Run(_fifoOneGroup);

        [Benchmark(OperationsPerInvoke = Lifecycles)]
        public void FifoThousandGroups() => Run(_fifoManyGroups);

        private static void Run(LifecycleWorkload workload, int cycles = Cycles)
        {
            for (var i = 0; i < cycles; i++) workload.Cycle();
        }
    }
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace SqsDemo.Benchmarks
{
    /// <summary>
    /// The shared configuration of the broker benchmarks: a short job (2 warm-up and 5 measured
    /// iterations, one process per case) so a full run fits in minutes on a 2-core machine,
    /// allocations per operation, and operations per second (here: message lifecycles/s).
    /// Use it with <c>[Config(typeof(BrokerBenchmarkConfig))]</c>.
    /// </summary>
    public sealed class BrokerBenchmarkConfig : ManualConfig
    {
        public BrokerBenchmarkConfig()
        {
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(5)
                .WithId("Short"));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumn(StatisticColumn.OperationsPerSecond);
        }
    }
}

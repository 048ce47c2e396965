using System;
using System.Linq;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>The observability scenario on moto, on the wall clock, beside the other moto tests on a server of its own.</summary>
    [Collection(MotoObservabilityCollection.Name)]
    public sealed class ObservabilityMotoTests : IDisposable
    {
        private readonly MotoServer _moto;
        private readonly ModuleSession _session = new ModuleSession();

        public ObservabilityMotoTests(MotoServer moto) => _moto = moto;

        public void Dispose() => _session.Dispose();

        /// <summary>
        /// Off the embedded backend the gauges are GetQueueAttributes read once a minute of wall time, so the periods
        /// stay at 60 s and the outage lasts minutes; SQS (moto) moves to the DLQ silently, so the DLQ alarm is held to
        /// the first poison message's last allowed receive. A 5-second visibility timeout (not 2) so that a batch of ten on a
        /// loaded machine is done before it runs out: otherwise a good message could be received three times and dead-lettered.
        /// </summary>
        [MotoFact]
        public void Observability_passes_on_moto_with_one_evaluation_period_and_a_few_minutes_of_outage()
        {
            var result = MotoScenario.Run(_session, _moto, "observability", "Rate = 2; PoisonEvery = 20; HealthySeconds = 60; OutageSeconds = 150; RecoverySeconds = 30; DepthEvaluationPeriods = 1; AgeThresholdSeconds = 60; VisibilityTimeout = 5; WaitTimeSeconds = 1; IdleTimeoutSeconds = 12; SettleTimeoutSeconds = 300");
            Assert.Contains(result.Journal, e => e.Kind == SqsDemo.Engine.Journal.JournalEventKind.QueueSampled);
            Assert.Contains("last allowed receive", (string?)result.Checks.Single(c => c.Name.StartsWith("the DLQ alarm")).Expected);
        }
    }
}

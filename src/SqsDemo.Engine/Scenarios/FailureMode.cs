using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Scenarios
{
    /// <summary>The ways a queue consumer fails that the catalog proves, one verdict each in a conformance report.</summary>
    public enum FailureMode
    {
        /// <summary>Plain work done right: every message processed once, nothing left behind.</summary>
        Baseline,
        /// <summary>A consumer dies holding messages; another picks them up after the visibility timeout.</summary>
        CrashRecovery,
        /// <summary>The same message delivered twice, or work that outlives the visibility timeout.</summary>
        DuplicateDelivery,
        /// <summary>A side effect that must happen once however often its message is handled.</summary>
        SideEffectIdempotency,
        /// <summary>A message that always fails: retried, then moved to the dead-letter queue.</summary>
        PoisonHandling,
        /// <summary>A stop (SIGTERM) that lets the work in hand finish.</summary>
        GracefulShutdown,
        /// <summary>Order kept where it must be (a FIFO group, entity versions).</summary>
        Ordering,
        /// <summary>A backlog drained.</summary>
        Throughput,
    }

    /// <summary>Which failure mode each scenario of the catalog proves.</summary>
    public static class ScenarioFailureModes
    {
        private static readonly Dictionary<string, FailureMode> ByScenario = new Dictionary<string, FailureMode>(StringComparer.OrdinalIgnoreCase)
        {
            ["happy"] = FailureMode.Baseline,
            ["happy-purge-timing"] = FailureMode.Baseline,
            ["crash"] = FailureMode.CrashRecovery,
            ["dup"] = FailureMode.DuplicateDelivery,
            ["heartbeat"] = FailureMode.DuplicateDelivery,
            ["business"] = FailureMode.SideEffectIdempotency,
            ["dup-side-effects"] = FailureMode.SideEffectIdempotency,
            ["poison"] = FailureMode.PoisonHandling,
            ["poison-partial-batch"] = FailureMode.PoisonHandling,
            ["dlq-redrive"] = FailureMode.PoisonHandling,
            ["dup-graceful-shutdown"] = FailureMode.GracefulShutdown,
            ["fifo-order"] = FailureMode.Ordering,
            ["version-order"] = FailureMode.Ordering,
            ["out-of-order"] = FailureMode.Ordering,
            ["backlog-drain"] = FailureMode.Throughput,
            ["backpressure"] = FailureMode.Throughput,
            ["cost"] = FailureMode.Throughput,
        };

        /// <summary>The failure mode <paramref name="scenario"/> proves; Baseline for a scenario of your own.</summary>
        public static FailureMode Of(string scenario) => ByScenario.TryGetValue(scenario, out var mode) ? mode : FailureMode.Baseline;
    }
}

namespace SqsDemo.Engine.Scenarios
{
    /// <summary>
    /// The ways a queue consumer fails that the catalog proves, one verdict each in a conformance report. A scenario
    /// declares the one it proves in its .NOTES ("Proves: DuplicateDelivery").
    /// </summary>
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
        /// <summary>A dependency down for a while: backoff and a circuit breaker, nothing lost or charged twice meanwhile.</summary>
        DependencyOutage,
    }
}

namespace SqsDemo.Engine.Backends
{
    /// <summary>Where a run's broker and ledger are.</summary>
    public enum BackendKind
    {
        /// <summary>The in-process broker on the scaled scenario clock.</summary>
        Embedded,
        /// <summary>An SQS-compatible endpoint (LocalStack, moto, ElasticMQ).</summary>
        Endpoint,
        /// <summary>Amazon Web Services itself.</summary>
        Aws,
    }
}

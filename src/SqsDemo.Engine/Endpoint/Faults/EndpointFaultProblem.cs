namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>Why a fault's rule was refused (each has its own error id at the prompt).</summary>
    public enum EndpointFaultProblem
    {
        /// <summary>Neither an error, a latency nor a lost response: the fault would do nothing.</summary>
        NoEffect,
        /// <summary>An error and a lost response: a call is either refused unserved or served and unanswered, not both.</summary>
        ConflictingEffects,
        RateOutOfRange,
        CountOutOfRange,
        LatencyOutOfRange,
        /// <summary>An operation pattern that names none of the service's operations (a typo would silently never fire).</summary>
        UnknownOperation,
        UnknownService,
        /// <summary>The endpoint has a fault of that name already.</summary>
        NameTaken,
    }
}

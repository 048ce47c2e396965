namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>What a fault did to the call it fired on (the journal's FaultInjected says which).</summary>
    public enum EndpointFaultEffect
    {
        /// <summary>The call was answered with an error and not served (after the latency, when the fault adds one).</summary>
        Error,
        /// <summary>The call was held for the fault's latency, then served and answered.</summary>
        Latency,
        /// <summary>The call was served and took effect; its answer never reached the caller (the connection was dropped).</summary>
        LostResponse,
    }
}

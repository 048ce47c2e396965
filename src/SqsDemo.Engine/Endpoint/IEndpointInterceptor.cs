namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Watches each operation at the endpoint and may step in: answer instead of the service (an injected error),
    /// or drop the connection unanswered (a lost response, a killed caller). The kill points of an outside
    /// consumer and the protocol chaos are interceptors. Called on the request's own thread; keep them quick.
    /// </summary>
    public interface IEndpointInterceptor
    {
        /// <summary>Before the service sees the call: null lets it through; a response answers it unserved.</summary>
        EndpointResponse? Before(EndpointCall call);

        /// <summary>After the call took effect, before its answer is written: null sends the answer; a response replaces it.</summary>
        EndpointResponse? After(EndpointCall call, EndpointResponse response);
    }
}

using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// An interceptor whose looks may take time (a fault's added latency): the router awaits these instead of
    /// calling <see cref="IEndpointInterceptor.Before"/> and <see cref="IEndpointInterceptor.After"/>, so a
    /// delayed call holds no thread while it waits on the run's clock.
    /// </summary>
    public interface IAsyncEndpointInterceptor : IEndpointInterceptor
    {
        /// <summary>As <see cref="IEndpointInterceptor.Before"/>, but may wait first.</summary>
        Task<EndpointResponse?> BeforeAsync(EndpointCall call, CancellationToken cancellationToken);

        /// <summary>As <see cref="IEndpointInterceptor.After"/>, but may wait first.</summary>
        Task<EndpointResponse?> AfterAsync(EndpointCall call, EndpointResponse response, CancellationToken cancellationToken);
    }
}

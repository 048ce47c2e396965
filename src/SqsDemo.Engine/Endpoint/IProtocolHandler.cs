using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>One wire protocol of one service: turns a request for <c>operation</c> into an answer, errors included (never throws but for cancellation).</summary>
    public interface IProtocolHandler
    {
        Task<EndpointResponse> HandleAsync(EndpointRequest request, string operation, string actor, CancellationToken cancellationToken);
    }
}

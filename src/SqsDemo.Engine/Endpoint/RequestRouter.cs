using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Sends each request to its protocol: an X-Amz-Target of <c>Prefix.Operation</c> to the JSON handler
    /// registered for the prefix (AmazonSQS, and DynamoDB_20120810 for a run with tables: see <see cref="AddTarget"/>);
    /// anything else, a form body or query string with Action=..., to SQS's Query protocol.
    /// </summary>
    public sealed class RequestRouter
    {
        private readonly Dictionary<string, IProtocolHandler> _targets = new Dictionary<string, IProtocolHandler>(StringComparer.Ordinal);
        private readonly SqsQueryProtocol _query;

        public RequestRouter(SqsService sqs)
        {
            _query = new SqsQueryProtocol(sqs);
            _targets[SqsJsonProtocol.TargetPrefix] = new SqsJsonProtocol(sqs);
        }

        /// <summary>Serves X-Amz-Target <paramref name="prefix"/>.Op with <paramref name="handler"/> (e.g. DynamoDB_20120810).</summary>
        public void AddTarget(string prefix, IProtocolHandler handler) => _targets[prefix] = handler ?? throw new ArgumentNullException(nameof(handler));

        /// <summary>Seed 004's <c>POST /tasks</c> in front of a queue, when the endpoint was given one.</summary>
        public TaskFrontDoor? Tasks { get; set; }

        private IEndpointInterceptor[] _interceptors = Array.Empty<IEndpointInterceptor>();
        private readonly object _interceptorGate = new object();

        /// <summary>Puts <paramref name="interceptor"/> on every operation from now on, after those already there.</summary>
        public void AddInterceptor(IEndpointInterceptor interceptor)
        {
            if (interceptor == null) throw new ArgumentNullException(nameof(interceptor));
            lock (_interceptorGate) _interceptors = _interceptors.Concat(new[] { interceptor }).ToArray();
        }

        /// <summary>The interceptors every operation passes now, in their order.</summary>
        public IReadOnlyList<IEndpointInterceptor> Interceptors => _interceptors;

        public void RemoveInterceptor(IEndpointInterceptor interceptor)
        {
            lock (_interceptorGate) _interceptors = _interceptors.Where(i => !ReferenceEquals(i, interceptor)).ToArray();
        }

        /// <summary>
        /// When set, every SQS and DynamoDB request must be signed by one of its keys, and is refused in its
        /// protocol's words otherwise. <c>POST /tasks</c> is not: it is the seed's public API, which has no AWS signature.
        /// </summary>
        public Signing.SignatureVerifier? Signatures { get; set; }

        public Task<EndpointResponse> RouteAsync(EndpointRequest request, CancellationToken cancellationToken)
        {
            if (Tasks != null && request.Url.AbsolutePath.TrimEnd('/') == TaskFrontDoor.Path)
                return Tasks.HandleAsync(request, cancellationToken);
            var target = request.Header("X-Amz-Target");
            var refused = Signatures == null ? null : Refuse(request, target, Signatures);
            if (refused != null) return Task.FromResult(refused);
            if (target != null)
            {
                var dot = target.LastIndexOf('.');
                var actor = CallerIdentity.Of(request, _ => null);
                if (dot > 0 && _targets.TryGetValue(target.Substring(0, dot), out var handler))
                {
                    var operation = target.Substring(dot + 1);
                    var service = handler is SqsJsonProtocol ? EndpointCall.Sqs : EndpointCall.DynamoDb;
                    return InterceptedAsync(new EndpointCall(actor, service, operation, request), () => handler.HandleAsync(request, operation, actor, cancellationToken), cancellationToken);
                }
                return Task.FromResult(SqsJsonProtocol.Error(WireError.UnknownOperation(target), request));
            }
            var parameters = QueryForm.Parse(request, out var malformed);
            if (parameters == null) return Task.FromResult(SqsQueryProtocol.Error(WireError.MalformedQuery(malformed!), request));
            var caller = CallerIdentity.Of(request, name => parameters.TryGetValue(name, out var value) ? value : null);
            parameters.TryGetValue("Action", out var action);
            return InterceptedAsync(new EndpointCall(caller, EndpointCall.Sqs, action ?? "", request), () => _query.HandleAsync(request, parameters, caller, cancellationToken), cancellationToken);
        }

        /// <summary>The call served between the interceptors' looks before and after; the first to step in decides.</summary>
        private async Task<EndpointResponse> InterceptedAsync(EndpointCall call, Func<Task<EndpointResponse>> serve, CancellationToken cancellationToken)
        {
            var interceptors = Volatile.Read(ref _interceptors);
            foreach (var interceptor in interceptors)
            {
                var instead = interceptor is IAsyncEndpointInterceptor waits
                    ? await waits.BeforeAsync(call, cancellationToken).ConfigureAwait(false)
                    : interceptor.Before(call);
                if (instead != null) return instead;
            }
            var response = await serve().ConfigureAwait(false);
            foreach (var interceptor in interceptors)
            {
                var replaced = interceptor is IAsyncEndpointInterceptor waits
                    ? await waits.AfterAsync(call, response, cancellationToken).ConfigureAwait(false)
                    : interceptor.After(call, response);
                if (replaced != null) return replaced;
            }
            return response;
        }

        /// <summary>The refusal of a request not signed as <paramref name="signatures"/> require, in its protocol's shape; null when it is.</summary>
        private static EndpointResponse? Refuse(EndpointRequest request, string? target, Signing.SignatureVerifier signatures)
        {
            var dynamoDb = DynamoDb.DynamoDbJsonProtocol.Serves(target);
            var failure = signatures.Verify(request, dynamoDb ? DynamoDb.DynamoDbJsonProtocol.SigningName : SqsService.SigningName);
            if (failure == null) return null;
            return dynamoDb ? DynamoDb.DynamoDbJsonProtocol.Refused(DynamoDb.DynamoDbProtocolException.Refused(failure), request) : ErrorFor(request, WireError.Refused(failure));
        }

        /// <summary>A body over <paramref name="limit"/>, refused unread, in the shape of the protocol the request speaks.</summary>
        public static EndpointResponse TooLarge(EndpointRequest request, int limit) =>
            DynamoDb.DynamoDbJsonProtocol.Serves(request.Header("X-Amz-Target"))
                ? DynamoDb.DynamoDbJsonProtocol.Refused(DynamoDb.DynamoDbProtocolException.RequestTooLarge(limit), request)
                : ErrorFor(request, WireError.TooLarge(limit));

        /// <summary>An error in the shape of the protocol the request speaks (for failures before or around routing).</summary>
        public static EndpointResponse ErrorFor(EndpointRequest request, WireError error) =>
            request.Header("X-Amz-Target") != null ? SqsJsonProtocol.Error(error, request) : SqsQueryProtocol.Error(error, request);
    }
}

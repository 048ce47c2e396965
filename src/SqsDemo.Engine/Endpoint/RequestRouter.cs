using System;
using System.Collections.Generic;
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
                    return handler.HandleAsync(request, target.Substring(dot + 1), actor, cancellationToken);
                return Task.FromResult(SqsJsonProtocol.Error(WireError.UnknownOperation(target), request));
            }
            var parameters = QueryForm.Parse(request, out var malformed);
            if (parameters == null) return Task.FromResult(SqsQueryProtocol.Error(WireError.MalformedQuery(malformed!), request));
            var caller = CallerIdentity.Of(request, name => parameters.TryGetValue(name, out var value) ? value : null);
            return _query.HandleAsync(request, parameters, caller, cancellationToken);
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

using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>SQS over the Query protocol (form-encoded Action=Op, XML answers), as older SDKs and tools speak it.</summary>
    public sealed class SqsQueryProtocol
    {
        public const string ContentType = "text/xml";

        private readonly SqsService _service;

        public SqsQueryProtocol(SqsService service)
        {
            _service = service;
        }

        public async Task<EndpointResponse> HandleAsync(EndpointRequest request, IReadOnlyDictionary<string, string> parameters, string actor, CancellationToken cancellationToken)
        {
            parameters.TryGetValue("Action", out var operation);
            if (string.IsNullOrEmpty(operation) || !SqsOperations.TryGet(operation, out var run)) return Error(WireError.InvalidAction(operation), request);
            var input = QueryInput.ToJson(operation, parameters, out var malformed);
            if (input == null) return Error(WireError.MalformedQuery(malformed!), request);
            // Old clients post to the queue URL itself instead of naming it in a parameter.
            if (input["QueueUrl"] == null && _service.Urls.QueueNameOf(request.Url.AbsolutePath) != null) input["QueueUrl"] = request.Url.GetLeftPart(System.UriPartial.Path);
            try
            {
                var output = await run(new SqsCall(input, _service.BrokerFor(actor), _service.Tags, _service.Urls, _service.Time, cancellationToken)).ConfigureAwait(false);
                return Answer(200, QueryXmlWriter.Answer(operation, output, request.RequestId), request);
            }
            catch (SqsException e)
            {
                return Error(WireError.From(e), request);
            }
        }

        public static EndpointResponse Error(WireError error, EndpointRequest request) =>
            Answer(error.Status, QueryXmlWriter.Error(error, request.RequestId), request);

        private static EndpointResponse Answer(int status, byte[] xml, EndpointRequest request)
        {
            var response = new EndpointResponse(status, ContentType, xml);
            response.Headers["x-amzn-RequestId"] = request.RequestId;
            return response;
        }
    }
}

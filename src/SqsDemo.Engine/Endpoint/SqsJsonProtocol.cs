using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>SQS over the AWS JSON 1.0 protocol (X-Amz-Target: AmazonSQS.Op), as current SDKs and the aws CLI speak it.</summary>
    public sealed class SqsJsonProtocol : IProtocolHandler
    {
        public const string TargetPrefix = "AmazonSQS";
        public const string ContentType = "application/x-amz-json-1.0";

        // Only what JSON requires is escaped: bodies travel back as written, and smaller.
        private static readonly JsonWriterOptions WriteOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly JsonDocumentOptions ParseOptions = new JsonDocumentOptions { MaxDepth = 32 };
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        private readonly SqsService _service;

        public SqsJsonProtocol(SqsService service)
        {
            _service = service;
        }

        public async Task<EndpointResponse> HandleAsync(EndpointRequest request, string operation, string actor, CancellationToken cancellationToken)
        {
            if (!SqsOperations.TryGet(operation, out var run)) return Error(WireError.UnknownOperation(TargetPrefix + "." + operation), request);
            var input = Parse(request.Body, out var unreadable);
            if (input == null) return Error(WireError.Serialization(unreadable!), request);
            try
            {
                var output = await run(new SqsCall(input, _service.BrokerFor(actor), _service.Tags, _service.Urls, _service.Time, cancellationToken)).ConfigureAwait(false);
                return Answer(200, output, request);
            }
            catch (SqsException e)
            {
                return Error(WireError.From(e), request);
            }
        }

        /// <summary>The body as a JSON object (an empty body is an empty object); null with the reason when it is not one.</summary>
        public static JsonObject? Parse(byte[] body, out string? unreadable)
        {
            unreadable = null;
            if (body.Length == 0) return new JsonObject();
            try
            {
                // JsonNode reads strings lazily: invalid UTF-8 inside one would surface later, mid-operation.
                StrictUtf8.GetCharCount(body);
            }
            catch (DecoderFallbackException)
            {
                unreadable = "The request body is not valid UTF-8.";
                return null;
            }
            try
            {
                if (JsonNode.Parse(body, documentOptions: ParseOptions) is JsonObject members) return members;
                unreadable = "The request body must be a JSON object.";
            }
            catch (JsonException e)
            {
                unreadable = "The request body is not valid JSON: " + e.Message;
            }
            catch (System.ArgumentException e)
            {
                // Invalid UTF-8 surfaces here on some paths of System.Text.Json.
                unreadable = "The request body is not valid JSON: " + e.Message;
            }
            return null;
        }

        public static EndpointResponse Error(WireError error, EndpointRequest request)
        {
            var body = new JsonObject { ["__type"] = error.JsonType, ["message"] = error.Message };
            var response = Answer(error.Status, body, request);
            if (error.QueryCompatible) response.Headers["x-amzn-query-error"] = error.QueryErrorHeader;
            return response;
        }

        private static EndpointResponse Answer(int status, JsonObject json, EndpointRequest request)
        {
            var response = new EndpointResponse(status, ContentType, JsonAnswerWriter.Utf8Of(json, WriteOptions));
            response.Headers["x-amzn-RequestId"] = request.RequestId;
            return response;
        }
    }
}

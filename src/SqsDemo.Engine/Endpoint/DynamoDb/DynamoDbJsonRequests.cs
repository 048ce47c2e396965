using System;
using System.Text.Json;
using Amazon.DynamoDBv2;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// DynamoDB's JSON 1.0 request bodies read into the SDK's own request objects
    /// (PutItemRequest, QueryRequest, ...), every member the service model defines, so the item
    /// store serves an outside client exactly as it serves a request built with the SDK.
    /// </summary>
    public static class DynamoDbJsonRequests
    {
        // DynamoDB nests attribute values 32 deep; each level is two JSON levels (the value
        // object and its M or L), under the request's own few. Deeper is refused unread.
        private static readonly JsonDocumentOptions Parsing = new JsonDocumentOptions { MaxDepth = 80 };

        /// <summary>
        /// The SDK request for <paramref name="operation"/> (as in DynamoDB_20120810.&lt;operation&gt;)
        /// read from the UTF-8 JSON <paramref name="body"/>. Throws DynamoDbProtocolException
        /// (UnknownOperationException, SerializationException) or AmazonDynamoDBException
        /// (ValidationException) for what DynamoDB refuses; DynamoDbJsonErrors answers either.
        /// </summary>
        public static AmazonDynamoDBRequest Read(string operation, ReadOnlyMemory<byte> body)
        {
            var requestType = DynamoDbOperations.RequestTypeOf(operation);
            try
            {
                using (var document = JsonDocument.Parse(body, Parsing))
                {
                    return (AmazonDynamoDBRequest)SdkShapeReader.ReadStructure(requestType, document.RootElement, "$");
                }
            }
            catch (JsonException e)
            {
                throw DynamoDbProtocolException.Serialization($"The request body is not valid JSON: {e.Message}");
            }
            catch (InvalidOperationException e) when (!(e is ObjectDisposedException))
            {
                // Utf8JsonReader leaves a string's UTF-8 to be checked when it is decoded.
                throw DynamoDbProtocolException.Serialization($"The request body is not valid UTF-8 JSON: {e.Message}");
            }
        }
    }
}

using System;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>An answer in DynamoDB's JSON 1.0 protocol: the HTTP status and the JSON body.</summary>
    public sealed class DynamoDbWireResponse
    {
        /// <summary>The content type DynamoDB answers with.</summary>
        public const string ContentType = "application/x-amz-json-1.0";

        internal DynamoDbWireResponse(int statusCode, byte[] body)
        {
            StatusCode = statusCode;
            Body = body ?? throw new ArgumentNullException(nameof(body));
        }

        /// <summary>200 for a result, 400 for a client error, 413 for a body over the limit, 500 for a fault.</summary>
        public int StatusCode { get; }

        /// <summary>The UTF-8 JSON body.</summary>
        public byte[] Body { get; }
    }
}

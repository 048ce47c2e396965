using System;
using System.IO;
using System.Text.Json;
using Amazon.Runtime;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// The SDK's response objects (PutItemResponse, QueryResponse, DescribeTableResponse, ...)
    /// written as DynamoDB's JSON 1.0 answers, in the shapes every SDK parses: only members
    /// that are set, so ConsumedCapacity, LastEvaluatedKey and the like are absent unless given.
    /// </summary>
    public static class DynamoDbJsonResponses
    {
        /// <summary>A 200 answer carrying <paramref name="response"/>.</summary>
        public static DynamoDbWireResponse Write(AmazonWebServiceResponse response)
        {
            if (response == null) throw new ArgumentNullException(nameof(response));
            if (!SdkShape.IsStructure(response.GetType()))
                throw new ArgumentException($"{response.GetType()} is not a DynamoDB response.", nameof(response));
            return new DynamoDbWireResponse(200, ToJson(writer => SdkShapeWriter.WriteStructure(writer, response)));
        }

        internal static byte[] ToJson(Action<Utf8JsonWriter> write)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    write(writer);
                }
                return buffer.ToArray();
            }
        }
    }
}

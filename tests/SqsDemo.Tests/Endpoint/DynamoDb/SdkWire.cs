using System;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>The wire JSON the AWS SDK for .NET itself sends for a request, from its public marshallers.</summary>
    internal static class SdkWire
    {
        public static byte[] Marshal(string operation, AmazonWebServiceRequest request)
        {
            var marshallerType = typeof(AmazonDynamoDBClient).Assembly.GetType(
                $"Amazon.DynamoDBv2.Model.Internal.MarshallTransformations.{operation}RequestMarshaller", throwOnError: true)!;
            var marshaller = marshallerType.GetProperty("Instance")!.GetValue(null);
            var marshall = marshallerType.GetMethod("Marshall", new[] { request.GetType() })!;
            var marshalled = (IRequest)marshall.Invoke(marshaller, new object[] { request })!;
            Assert(marshalled.Headers["X-Amz-Target"] == "DynamoDB_20120810." + operation, "the marshaller's target names the operation");
            // v4 marshallers may leave Content empty and stream the JSON instead.
            if (marshalled.Content is { Length: > 0 } content) return content;
            using var copy = new System.IO.MemoryStream();
            marshalled.ContentStream.CopyTo(copy);
            return copy.ToArray();
        }

        private static void Assert(bool condition, string what)
        {
            if (!condition) throw new InvalidOperationException("SDK marshaller: expected " + what);
        }
    }
}

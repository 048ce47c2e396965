using System;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// Any exception as DynamoDB's wire error, <c>{"__type":"&lt;namespace&gt;#&lt;Code&gt;","message":"..."}</c>,
    /// from which each SDK raises its own typed exception: the front door's errors under Coral's
    /// namespace; the service's (ConditionalCheckFailedException with its Item,
    /// TransactionCanceledException with its CancellationReasons, ValidationException,
    /// ResourceNotFoundException, ...) under DynamoDB's; anything unexpected a 500
    /// InternalServerError, never an unanswered request.
    /// </summary>
    public static class DynamoDbJsonErrors
    {
        private const string ServiceNamespace = "com.amazonaws.dynamodb.v20120810#";

        /// <summary>The wire answer for <paramref name="error"/>.</summary>
        public static DynamoDbWireResponse From(Exception? error)
        {
            switch (error)
            {
                case DynamoDbProtocolException protocol:
                    return Answer(protocol.StatusCode, protocol.WireType, protocol.Message, _ => { });
                case ConditionalCheckFailedException failed:
                    return Answer(400, ServiceNamespace + "ConditionalCheckFailedException", failed.Message, writer => WriteItem(writer, failed));
                case TransactionCanceledException canceled:
                    return Answer(400, ServiceNamespace + "TransactionCanceledException", canceled.Message, writer => WriteReasons(writer, canceled));
                case AmazonDynamoDBException service when CodeOf(service) != null:
                    return Answer(StatusOf(service), ServiceNamespace + CodeOf(service)!, service.Message, _ => { });
                default:
                    return Answer(500, ServiceNamespace + "InternalServerError",
                        $"Internal server error ({error?.GetType().Name}: {error?.Message})", _ => { });
            }
        }

        private static DynamoDbWireResponse Answer(int status, string wireType, string message, Action<Utf8JsonWriter> writeDetail) =>
            new DynamoDbWireResponse(status, DynamoDbJsonResponses.ToJson(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("__type", wireType);
                writer.WriteString("message", message ?? "");
                writeDetail(writer);
                writer.WriteEndObject();
            }));

        private static void WriteItem(Utf8JsonWriter writer, ConditionalCheckFailedException failed)
        {
            if (failed.Item == null) return;
            writer.WritePropertyName("Item");
            AttributeValueJson.WriteMap(writer, failed.Item);
        }

        private static void WriteReasons(Utf8JsonWriter writer, TransactionCanceledException canceled)
        {
            if (canceled.CancellationReasons == null) return;
            writer.WritePropertyName("CancellationReasons");
            writer.WriteStartArray();
            foreach (var reason in canceled.CancellationReasons) SdkShapeWriter.WriteStructure(writer, reason);
            writer.WriteEndArray();
        }

        /// <summary>The code the exception carries, or its class's name for the SDK's typed exceptions.</summary>
        private static string? CodeOf(AmazonDynamoDBException error)
        {
            if (!string.IsNullOrEmpty(error.ErrorCode)) return error.ErrorCode;
            var type = error.GetType();
            return type == typeof(AmazonDynamoDBException) ? null : type.Name;
        }

        private static int StatusOf(AmazonDynamoDBException error)
        {
            var status = (int)error.StatusCode;
            if (status >= 400 && status < 600) return status;
            return CodeOf(error) == "InternalServerError" ? 500 : 400;
        }
    }
}

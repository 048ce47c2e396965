using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Endpoint.DynamoDb;

namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>The operations the endpoint serves, by service: what a fault's -Operation may name (and what Tab offers).</summary>
    public static class EndpointOperationNames
    {
        public static IReadOnlyList<string> Sqs { get; } = SqsOperations.Names.OrderBy(n => n, StringComparer.Ordinal).ToArray();

        public static IReadOnlyList<string> DynamoDb { get; } = DynamoDbOperations.Names.OrderBy(n => n, StringComparer.Ordinal).ToArray();

        /// <summary>The operations of <paramref name="service"/> (<see cref="EndpointCall.Sqs"/>, <see cref="EndpointCall.DynamoDb"/>), or of both when null.</summary>
        public static IEnumerable<string> Of(string? service) =>
            service == EndpointCall.Sqs ? Sqs : service == EndpointCall.DynamoDb ? DynamoDb : Sqs.Concat(DynamoDb);

        /// <summary>The service an operation belongs to; null when no service has it.</summary>
        public static string? ServiceOf(string operation) =>
            Sqs.Contains(operation, StringComparer.OrdinalIgnoreCase) ? EndpointCall.Sqs
            : DynamoDb.Contains(operation, StringComparer.OrdinalIgnoreCase) ? EndpointCall.DynamoDb : null;
    }
}

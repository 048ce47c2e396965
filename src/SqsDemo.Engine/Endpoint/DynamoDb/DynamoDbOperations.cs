using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// The DynamoDB operations this endpoint serves, named as in <c>X-Amz-Target: DynamoDB_20120810.&lt;Operation&gt;</c>,
    /// each with the SDK request type its JSON body becomes.
    /// </summary>
    public static class DynamoDbOperations
    {
        /// <summary>The target prefix of DynamoDB's JSON 1.0 protocol (API version 2012-08-10).</summary>
        public const string TargetPrefix = "DynamoDB_20120810.";

        private static readonly Dictionary<string, Type> RequestTypes = new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            ["CreateTable"] = typeof(CreateTableRequest),
            ["DescribeTable"] = typeof(DescribeTableRequest),
            ["DeleteTable"] = typeof(DeleteTableRequest),
            ["ListTables"] = typeof(ListTablesRequest),
            ["PutItem"] = typeof(PutItemRequest),
            ["GetItem"] = typeof(GetItemRequest),
            ["UpdateItem"] = typeof(UpdateItemRequest),
            ["DeleteItem"] = typeof(DeleteItemRequest),
            ["Query"] = typeof(QueryRequest),
            ["Scan"] = typeof(ScanRequest),
            ["BatchWriteItem"] = typeof(BatchWriteItemRequest),
            ["BatchGetItem"] = typeof(BatchGetItemRequest),
            ["TransactWriteItems"] = typeof(TransactWriteItemsRequest),
        };

        /// <summary>Every operation served, in a stable order.</summary>
        public static IReadOnlyList<string> Names { get; } = RequestTypes.Keys.ToArray();

        /// <summary>The operation an <c>X-Amz-Target</c> header names; UnknownOperationException for any other target.</summary>
        public static string FromTarget(string? target)
        {
            if (target != null && target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                var operation = target.Substring(TargetPrefix.Length);
                if (RequestTypes.ContainsKey(operation)) return operation;
            }
            throw DynamoDbProtocolException.UnknownOperation(target ?? "");
        }

        internal static Type RequestTypeOf(string? operation) =>
            operation != null && RequestTypes.TryGetValue(operation, out var type)
                ? type
                : throw DynamoDbProtocolException.UnknownOperation(TargetPrefix + operation);
    }
}

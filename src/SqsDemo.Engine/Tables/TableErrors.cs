using System.Collections.Generic;
using System.Linq;
using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// DynamoDB's errors as the SDK's own exception types, with DynamoDB's error codes and wording,
    /// so code written against real DynamoDB catches them unchanged.
    /// </summary>
    internal static class TableErrors
    {
        private const string RequestId = "embedded";

        public static AmazonDynamoDBException Validation(string message) =>
            new AmazonDynamoDBException(message, null, ErrorType.Sender, "ValidationException", RequestId, HttpStatusCode.BadRequest);

        public static AmazonDynamoDBException InvalidExpression(string kind, string detail) =>
            Validation("Invalid " + kind + ": " + detail);

        public const string KeyMismatch = "The provided key element does not match the schema";

        public static ResourceNotFoundException TableNotFound(string tableName) =>
            new ResourceNotFoundException("Requested resource not found: Table: " + tableName + " not found", null, ErrorType.Sender, "ResourceNotFoundException", RequestId, HttpStatusCode.BadRequest);

        /// <summary>Item operations on a missing table: DynamoDB does not name the table there.</summary>
        public static ResourceNotFoundException ItemTableNotFound() =>
            new ResourceNotFoundException("Requested resource not found", null, ErrorType.Sender, "ResourceNotFoundException", RequestId, HttpStatusCode.BadRequest);

        public static ResourceInUseException TableExists(string tableName) =>
            new ResourceInUseException("Table already exists: " + tableName, null, ErrorType.Sender, "ResourceInUseException", RequestId, HttpStatusCode.BadRequest);

        public static ConditionalCheckFailedException ConditionFailed(Dictionary<string, AttributeValue>? oldItem) =>
            new ConditionalCheckFailedException("The conditional request failed", null, ErrorType.Sender, "ConditionalCheckFailedException", RequestId, HttpStatusCode.BadRequest)
            {
                Item = oldItem,
            };

        /// <summary>A ClientRequestToken again, within its window, with other request parameters.</summary>
        public static IdempotentParameterMismatchException IdempotentParameterMismatch() =>
            new IdempotentParameterMismatchException(
                "DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.",
                null, ErrorType.Sender, "IdempotentParameterMismatchException", RequestId, HttpStatusCode.BadRequest);

        /// <summary>A ClientRequestToken again while the transaction that first used it is still running.</summary>
        public static TransactionInProgressException TransactionInProgress() =>
            new TransactionInProgressException("Transaction from previous request is still in progress", null, ErrorType.Sender, "TransactionInProgressException", RequestId, HttpStatusCode.BadRequest);

        public static TransactionCanceledException TransactionCanceled(List<CancellationReason> reasons) =>
            new TransactionCanceledException(
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + string.Join(", ", reasons.Select(r => r.Code)) + "]",
                null, ErrorType.Sender, "TransactionCanceledException", RequestId, HttpStatusCode.BadRequest)
            {
                CancellationReasons = reasons,
            };
    }
}

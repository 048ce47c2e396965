using System;

namespace SqsDemo.Engine.Broker
{
    /// <summary>An error as SQS reports it: the error code is AWS's, so a user meets the same name on the real service.</summary>
    public sealed class SqsException : Exception
    {
        public SqsException(string errorCode, string message, bool senderFault = true, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorCode = errorCode;
            SenderFault = senderFault;
        }

        /// <summary>AWS's error code, e.g. <c>QueueDoesNotExist</c> (see <see cref="SqsErrorCode"/>).</summary>
        public string ErrorCode { get; }

        /// <summary>True when the caller's request was at fault (HTTP 4xx), false for service faults.</summary>
        public bool SenderFault { get; }

        /// <summary>The SQS operation that failed (e.g. ReceiveMessage), where the backend knows it: what an outage journals.</summary>
        public string? Operation { get; internal set; }

        public override string ToString() => ErrorCode + ": " + Message;
    }

    /// <summary>The SQS error codes the brokers raise.</summary>
    public static class SqsErrorCode
    {
        public const string QueueDoesNotExist = "QueueDoesNotExist";
        public const string QueueAlreadyExists = "QueueAlreadyExists";
        public const string QueueDeletedRecently = "QueueDeletedRecently";
        public const string InvalidAttributeName = "InvalidAttributeName";
        public const string InvalidAttributeValue = "InvalidAttributeValue";
        public const string InvalidParameterValue = "InvalidParameterValue";
        public const string MissingParameter = "MissingParameter";
        public const string InvalidMessageContents = "InvalidMessageContents";
        public const string EmptyBatchRequest = "EmptyBatchRequest";
        public const string TooManyEntriesInBatchRequest = "TooManyEntriesInBatchRequest";
        public const string BatchEntryIdsNotDistinct = "BatchEntryIdsNotDistinct";
        public const string InvalidBatchEntryId = "InvalidBatchEntryId";
        public const string BatchRequestTooLong = "BatchRequestTooLong";
        public const string ReceiptHandleIsInvalid = "ReceiptHandleIsInvalid";
        public const string OverLimit = "OverLimit";
        public const string PurgeQueueInProgress = "PurgeQueueInProgress";
        public const string ResourceNotFound = "ResourceNotFoundException";
        public const string UnsupportedOperation = "UnsupportedOperation";
        public const string InternalError = "InternalError";
    }
}

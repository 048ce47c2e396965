using System.Globalization;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>The errors the embedded broker raises, with AWS's codes and (where known) AWS's wording.</summary>
    internal static class SqsErrors
    {
        public const string FifoNotSupportedText = "FIFO queues are not supported by the embedded broker yet";

        public static SqsException QueueDoesNotExist() =>
            new SqsException(SqsErrorCode.QueueDoesNotExist, "The specified queue does not exist.");

        public static SqsException InvalidQueueName() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");

        public static SqsException FifoNotSupported() =>
            new SqsException(SqsErrorCode.UnsupportedOperation, FifoNotSupportedText + ".");

        public static SqsException QueueAlreadyExists(string attributeName) =>
            new SqsException(SqsErrorCode.QueueAlreadyExists, "A queue already exists with the same name and a different value for attribute " + attributeName);

        public static SqsException QueueDeletedRecently() =>
            new SqsException(SqsErrorCode.QueueDeletedRecently, "You must wait 60 seconds after deleting a queue before you can create another with the same name.");

        public static SqsException MissingParameter(string parameter) =>
            new SqsException(SqsErrorCode.MissingParameter, "The request must contain the parameter " + parameter + ".");

        public static SqsException UnknownAttribute(string name) =>
            new SqsException(SqsErrorCode.InvalidAttributeName, "Unknown Attribute " + name + ".");

        public static SqsException InvalidAttributeValue(string name, string reason) =>
            new SqsException(SqsErrorCode.InvalidAttributeValue, "Invalid value for the parameter " + name + ". Reason: " + reason);

        public static SqsException InvalidAttributeValue(string name, string value, string reason) =>
            new SqsException(SqsErrorCode.InvalidAttributeValue, "Value " + value + " for parameter " + name + " is invalid. Reason: " + reason);

        /// <summary>AWS's range message for request parameters, e.g. "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."</summary>
        public static SqsException ParameterOutOfRange(string parameter, long value, int min, int max) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, string.Format(CultureInfo.InvariantCulture,
                "Value {0} for parameter {1} is invalid. Reason: Must be between {2} and {3}, if provided.", value, parameter, min, max));

        public static SqsException InvalidParameter(string message) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, message);

        public static SqsException InvalidMessageContents(string message) =>
            new SqsException(SqsErrorCode.InvalidMessageContents, message);

        public static SqsException MessageTooLong(int maximum) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, string.Format(CultureInfo.InvariantCulture,
                "One or more parameters are invalid. Reason: Message must be shorter than {0} bytes.", maximum));

        public static SqsException TooManyMessageAttributes(int count) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, string.Format(CultureInfo.InvariantCulture,
                "Number of message attributes [{0}] exceeds the allowed maximum [{1}].", count, SqsLimits.MaxMessageAttributes));

        public static SqsException ParameterNotForQueueType(string parameter) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "The request include parameter that is not valid for this queue type. Reason: " + parameter + " is only supported on FIFO queues.");

        public static SqsException EmptyBatch(string entryType) =>
            new SqsException(SqsErrorCode.EmptyBatchRequest, "There should be at least one " + entryType + " in the request.");

        public static SqsException TooManyEntries(int count) =>
            new SqsException(SqsErrorCode.TooManyEntriesInBatchRequest, string.Format(CultureInfo.InvariantCulture,
                "Maximum number of entries per request are {0}. You have sent {1}.", SqsLimits.MaxBatchEntries, count));

        public static SqsException InvalidBatchEntryId() =>
            new SqsException(SqsErrorCode.InvalidBatchEntryId, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");

        public static SqsException BatchEntryIdsNotDistinct(string id) =>
            new SqsException(SqsErrorCode.BatchEntryIdsNotDistinct, "Id " + id + " repeated.");

        public static SqsException BatchRequestTooLong(long size) =>
            new SqsException(SqsErrorCode.BatchRequestTooLong, string.Format(CultureInfo.InvariantCulture,
                "Batch requests cannot be longer than {0} bytes. You have sent {1} bytes.", SqsLimits.MaxMessageSizeBytes, size));

        public static SqsException ReceiptHandleIsInvalid(string? handle) =>
            new SqsException(SqsErrorCode.ReceiptHandleIsInvalid, "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");

        public static SqsException MessageNotAvailableForVisibilityChange() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Value for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.");

        public static SqsException TotalVisibilityBeyondLimit() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, string.Format(CultureInfo.InvariantCulture,
                "Value for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [{0} seconds]", SqsLimits.MaxVisibilityTimeoutSeconds));

        public static SqsException InFlightOverLimit() =>
            new SqsException(SqsErrorCode.OverLimit, string.Format(CultureInfo.InvariantCulture,
                "Too many messages have been received without being deleted (the in-flight limit is {0}). Please delete your received messages or let them timeout before receiving more.", SqsLimits.InFlightLimitStandard));

        public static SqsException PurgeInProgress(string queueName) =>
            new SqsException(SqsErrorCode.PurgeQueueInProgress, string.Format(CultureInfo.InvariantCulture,
                "Only one PurgeQueue operation on {0} is allowed every {1} seconds.", queueName, SqsLimits.PurgeWindowSeconds));
    }
}

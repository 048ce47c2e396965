using System.Globalization;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>The errors the embedded broker raises, with AWS's codes and (where known) AWS's wording.</summary>
    internal static class SqsErrors
    {
        public static SqsException QueueDoesNotExist() =>
            new SqsException(SqsErrorCode.QueueDoesNotExist, "The specified queue does not exist.");

        public static SqsException InvalidQueueName() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");

        /// <summary>A .fifo name without FifoQueue=true, FifoQueue=true without a .fifo name, or a bad FIFO name.</summary>
        public static SqsException InvalidFifoQueueName() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.");

        public static SqsException FifoThroughputNeedsMessageGroupScope() =>
            new SqsException(SqsErrorCode.InvalidAttributeValue, "Invalid value for the parameter FifoThroughputLimit. Reason: perMessageGroupId is only valid when DeduplicationScope is messageGroup.");

        /// <summary>A FIFO send without MessageGroupId: MissingParameter on SendMessage, InvalidParameterValue inside a batch entry.</summary>
        public static SqsException MissingMessageGroupId(bool batchEntry) =>
            new SqsException(batchEntry ? SqsErrorCode.InvalidParameterValue : SqsErrorCode.MissingParameter, "The request must contain the parameter MessageGroupId.");

        /// <summary>MessageGroupId, MessageDeduplicationId, ReceiveRequestAttemptId: 1-128 alphanumeric and punctuation characters.</summary>
        public static SqsException InvalidFifoToken(string parameter, string value) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Value " + value + " for parameter " + parameter + " is invalid. Reason: " + parameter
                + " can only include alphanumeric and punctuation characters. 1 to 128 in length.");

        public static SqsException NoDeduplicationId() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");

        public static SqsException PerMessageDelayOnFifo(int delaySeconds) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, string.Format(CultureInfo.InvariantCulture,
                "Value {0} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.", delaySeconds));

        /// <summary>FIFO: a receipt handle used after the visibility of the receive that issued it ended.</summary>
        public static SqsException ReceiptHandleExpired(string? handle) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Value " + handle + " for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.");

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

        /// <summary>WaitTimeSeconds out of range, in AWS's wording: "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be &gt;= 0 and &lt;= 20, if provided."</summary>
        public static SqsException WaitTimeOutOfRange(long value) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, string.Format(CultureInfo.InvariantCulture,
                "Value {0} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= {1}, if provided.", value, SqsLimits.MaxWaitTimeSeconds));

        /// <summary>A String or Number message attribute whose value is empty.</summary>
        public static SqsException EmptyAttributeValue(string name, string baseType) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Message (user) attribute '" + name + "' must contain a non-empty value of type '" + baseType + "'.");

        /// <summary>SetQueueAttributes FifoQueue=false on a FIFO queue.</summary>
        public static SqsException QueueTypeChange() =>
            new SqsException(SqsErrorCode.InvalidAttributeValue, "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.");

        /// <summary>DeduplicationScope or FifoThroughputLimit on a standard queue.</summary>
        public static SqsException FifoOnlyAttribute(string name) =>
            new SqsException(SqsErrorCode.InvalidAttributeName, "You can specify the " + name + " only when FifoQueue is set to true.");

        public static SqsException InvalidParameter(string message) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, message);

        public static SqsException InvalidMessageContents(string message) =>
            new SqsException(SqsErrorCode.InvalidMessageContents, message);

        public static SqsException MessageTooLong(int maximum) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, string.Format(CultureInfo.InvariantCulture,
                "One or more parameters cannot be validated. Reason: Message must be shorter than {0} bytes.", maximum));

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

        public static SqsException MessageNotAvailableForVisibilityChange(string? handle) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Value " + handle + " for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.");

        public static SqsException TotalVisibilityBeyondLimit() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, string.Format(CultureInfo.InvariantCulture,
                "Value for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [{0} seconds]", SqsLimits.MaxVisibilityTimeoutSeconds));

        public static SqsException InFlightOverLimit() =>
            new SqsException(SqsErrorCode.OverLimit, string.Format(CultureInfo.InvariantCulture,
                "Too many messages have been received without being deleted (the in-flight limit is {0}). Please delete your received messages or let them timeout before receiving more.", SqsLimits.InFlightLimitStandard));

        // Message move tasks. The wording of ResourceNotFound, the not-a-DLQ and already-running
        // errors, the invalid task handle and the invalid ARN is AWS's as recorded against SQS;
        // AWS's wording for a destination of the other queue type and for cancelling a task that is
        // not RUNNING is not recorded, so those two messages are ours (with AWS's codes).

        /// <summary>"The resource that you specified for the SourceArn parameter doesn't exist." (ResourceNotFoundException).</summary>
        public static SqsException ResourceNotFound(string parameter) =>
            new SqsException(SqsErrorCode.ResourceNotFound, "The resource that you specified for the " + parameter + " parameter doesn't exist.");

        public static SqsException InvalidArn(string parameter) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "You must use this format to specify the " + parameter + ": arn:<partition>:<service>:<region>:<account-id>:<resource-id>");

        public static SqsException NotADeadLetterQueue() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Source queue must be configured as a Dead Letter Queue.");

        public static SqsException MoveTaskAlreadyRunning() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");

        public static SqsException MoveDestinationOfOtherType() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "The destination queue must be of the same type as the source queue (both standard or both FIFO).");

        public static SqsException InvalidTaskHandle() =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Value for parameter TaskHandle is invalid.");

        public static SqsException MoveTaskDoesNotExist() =>
            new SqsException(SqsErrorCode.ResourceNotFound, "Task does not exist.");

        public static SqsException MoveTaskNotRunning(string status) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, "Value for parameter TaskHandle is invalid. Reason: Only a task in status RUNNING can be cancelled; this task is " + status + ".");

        public static SqsException PurgeInProgress(string queueName) =>
            new SqsException(SqsErrorCode.PurgeQueueInProgress, string.Format(CultureInfo.InvariantCulture,
                "Only one PurgeQueue operation on {0} is allowed every {1} seconds.", queueName, SqsLimits.PurgeWindowSeconds));
    }
}

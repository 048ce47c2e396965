using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Amazon.Runtime;
using SqsDemo.Engine.Backends;
using Amazon.SQS.Model;

namespace SqsDemo.Engine.Broker.Aws
{
    /// <summary>The codes <see cref="AwsBroker"/> raises for failures that are not an answer from SQS.</summary>
    public static class AwsBrokerErrorCode
    {
        /// <summary>The endpoint could not be reached (connection refused, DNS, TLS) or did not answer in time.</summary>
        public const string EndpointUnreachable = "EndpointUnreachable";

        /// <summary>The SDK failed before or after talking to SQS (e.g. no credentials, a checksum mismatch).</summary>
        public const string ClientError = "ClientError";
    }

    /// <summary>
    /// Turns what the AWS SDK throws into <see cref="SqsException"/> with the codes the embedded
    /// broker uses. SQS's JSON protocol is "query compatible": the SDK reports the legacy query
    /// code from the x-amzn-query-error header (e.g. <c>AWS.SimpleQueueService.NonExistentQueue</c>),
    /// emulators may report the JSON shape name (<c>QueueDoesNotExist</c>, <c>QueueNameExists</c>):
    /// both spellings map to one code.
    /// </summary>
    internal static class AwsErrors
    {
        private const string LegacyPrefix = "AWS.SimpleQueueService.";

        private static readonly Dictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NonExistentQueue"] = SqsErrorCode.QueueDoesNotExist,
            ["QueueDoesNotExist"] = SqsErrorCode.QueueDoesNotExist,
            ["QueueDoesNotExistException"] = SqsErrorCode.QueueDoesNotExist,
            ["QueueNameExists"] = SqsErrorCode.QueueAlreadyExists,
            ["QueueNameExistsException"] = SqsErrorCode.QueueAlreadyExists,
            ["QueueAlreadyExists"] = SqsErrorCode.QueueAlreadyExists,
            ["QueueDeletedRecently"] = SqsErrorCode.QueueDeletedRecently,
            ["PurgeQueueInProgress"] = SqsErrorCode.PurgeQueueInProgress,
            ["ReceiptHandleIsInvalid"] = SqsErrorCode.ReceiptHandleIsInvalid,
            // Deprecated spelling of an invalid receipt handle in older responses.
            ["InvalidIdFormat"] = SqsErrorCode.ReceiptHandleIsInvalid,
            ["EmptyBatchRequest"] = SqsErrorCode.EmptyBatchRequest,
            ["TooManyEntriesInBatchRequest"] = SqsErrorCode.TooManyEntriesInBatchRequest,
            ["BatchEntryIdsNotDistinct"] = SqsErrorCode.BatchEntryIdsNotDistinct,
            ["InvalidBatchEntryId"] = SqsErrorCode.InvalidBatchEntryId,
            ["BatchRequestTooLong"] = SqsErrorCode.BatchRequestTooLong,
            ["UnsupportedOperation"] = SqsErrorCode.UnsupportedOperation,
            ["InvalidAttributeName"] = SqsErrorCode.InvalidAttributeName,
            ["InvalidAttributeValue"] = SqsErrorCode.InvalidAttributeValue,
            ["InvalidParameterValue"] = SqsErrorCode.InvalidParameterValue,
            ["InvalidParameterValueException"] = SqsErrorCode.InvalidParameterValue,
            ["ValidationError"] = SqsErrorCode.InvalidParameterValue,
            ["ValidationException"] = SqsErrorCode.InvalidParameterValue,
            ["MissingParameter"] = SqsErrorCode.MissingParameter,
            ["MissingRequiredParameter"] = SqsErrorCode.MissingParameter,
            ["InvalidMessageContents"] = SqsErrorCode.InvalidMessageContents,
            ["OverLimit"] = SqsErrorCode.OverLimit,
            ["ResourceNotFoundException"] = SqsErrorCode.ResourceNotFound,
            ["ResourceNotFound"] = SqsErrorCode.ResourceNotFound,
            ["InternalError"] = SqsErrorCode.InternalError,
            ["InternalFailure"] = SqsErrorCode.InternalError,
        };

        /// <summary>The code the embedded broker would use for an SQS error code in any of its spellings; unknown codes pass through (without the legacy prefix).</summary>
        public static string NormalizeCode(string? code)
        {
            if (string.IsNullOrEmpty(code)) return SqsErrorCode.InternalError;
            var name = code!;
            // A JSON "__type" may arrive qualified, e.g. "com.amazonaws.sqs#QueueDoesNotExist".
            var hash = name.LastIndexOf('#');
            if (hash >= 0) name = name.Substring(hash + 1);
            if (name.StartsWith(LegacyPrefix, StringComparison.Ordinal)) name = name.Substring(LegacyPrefix.Length);
            return Aliases.TryGetValue(name, out var mapped) ? mapped : name;
        }

        /// <summary>The code of a modelled SDK exception, whatever code text the response carried.</summary>
        private static string? CodeOfType(AmazonServiceException e)
        {
            switch (e)
            {
                case QueueDoesNotExistException _: return SqsErrorCode.QueueDoesNotExist;
                case QueueNameExistsException _: return SqsErrorCode.QueueAlreadyExists;
                case QueueDeletedRecentlyException _: return SqsErrorCode.QueueDeletedRecently;
                case PurgeQueueInProgressException _: return SqsErrorCode.PurgeQueueInProgress;
                case ReceiptHandleIsInvalidException _: return SqsErrorCode.ReceiptHandleIsInvalid;
                case EmptyBatchRequestException _: return SqsErrorCode.EmptyBatchRequest;
                case TooManyEntriesInBatchRequestException _: return SqsErrorCode.TooManyEntriesInBatchRequest;
                case BatchEntryIdsNotDistinctException _: return SqsErrorCode.BatchEntryIdsNotDistinct;
                case InvalidBatchEntryIdException _: return SqsErrorCode.InvalidBatchEntryId;
                case BatchRequestTooLongException _: return SqsErrorCode.BatchRequestTooLong;
                case UnsupportedOperationException _: return SqsErrorCode.UnsupportedOperation;
                case InvalidAttributeNameException _: return SqsErrorCode.InvalidAttributeName;
                case InvalidAttributeValueException _: return SqsErrorCode.InvalidAttributeValue;
                case InvalidMessageContentsException _: return SqsErrorCode.InvalidMessageContents;
                case OverLimitException _: return SqsErrorCode.OverLimit;
                case Amazon.SQS.Model.ResourceNotFoundException _: return SqsErrorCode.ResourceNotFound;
                default: return null;
            }
        }

        /// <summary>
        /// Whether an answer says the endpoint does not implement the operation at all: SQS's own
        /// codes for an unknown action, or an HTTP 500 whose body is not an SQS error (no error code,
        /// or the SDK's stand-in for an unparsable body), which is how moto 5 reports an operation it
        /// lacks (a Werkzeug "Internal Server Error" page from its NotImplementedError).
        /// </summary>
        public static bool IsNotImplemented(SqsException error)
        {
            if (!(error.InnerException is AmazonServiceException service)) return false;
            var code = service.ErrorCode;
            if (code == "InvalidAction" || code == "UnknownOperationException" || code == "NotImplemented") return true;
            if (service.StatusCode != HttpStatusCode.InternalServerError) return false;
            return string.IsNullOrEmpty(code) || code == "InternalServerError" || code == "500"
                || (service.Message ?? "").IndexOf("<html", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        /// <summary>UnsupportedOperation naming the operation and the endpoint, with the endpoint's own answer inside.</summary>
        public static SqsException OperationNotImplemented(string operation, Uri? endpoint, SqsException answer)
        {
            var where = endpoint != null ? "SQS at " + endpoint.GetLeftPart(UriPartial.Authority) : "This SQS endpoint";
            var service = (AmazonServiceException)answer.InnerException!;
            var said = string.IsNullOrEmpty(service.ErrorCode) ? "without an SQS error" : service.ErrorCode;
            return new SqsException(SqsErrorCode.UnsupportedOperation,
                where + " does not implement " + operation + " (it answered HTTP " + ((int)service.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                + " " + said + "). Message move tasks need Amazon SQS or an emulator that implements them.",
                senderFault: true, innerException: service);
        }

        /// <summary>
        /// Maps a failure of an SDK call to the exception to throw: an <see cref="SqsException"/>,
        /// or the original one when it must propagate as it is (the caller's own cancellation,
        /// anything that is not the SDK's).
        /// </summary>
        public static Exception Map(Exception error, string operation, Uri? endpoint, TimeSpan? deadline, CancellationToken callerToken)
        {
            if (error is SqsException) return error;
            if (error is OperationCanceledException && callerToken.IsCancellationRequested) return error;

            var where = endpoint != null ? "SQS at " + endpoint.GetLeftPart(UriPartial.Authority) : "SQS";

            if (error is AmazonServiceException service && SdkFailures.IsAnswer(service))
            {
                var code = CodeOfType(service) ?? NormalizeCode(service.ErrorCode);
                var senderFault = service.ErrorType == ErrorType.Sender
                    || (service.ErrorType == ErrorType.Unknown && (int)service.StatusCode >= 400 && (int)service.StatusCode < 500);
                var message = string.IsNullOrEmpty(service.Message) ? code : service.Message;
                return new SqsException(code, message, senderFault, error);
            }

            if (SdkFailures.IsTimeout(error))
                return new SqsException(AwsBrokerErrorCode.EndpointUnreachable,
                    where + " did not answer " + operation
                    + (deadline != null ? string.Format(System.Globalization.CultureInfo.InvariantCulture, " within {0:0.#} s", deadline.Value.TotalSeconds) : " in time")
                    + " (retries included). Is the endpoint right and the service running?",
                    senderFault: false, innerException: error);

            if (SdkFailures.IsConnectionFailure(error))
                return new SqsException(AwsBrokerErrorCode.EndpointUnreachable,
                    where + " could not be reached for " + operation + " (after the SDK's retries): " + SdkFailures.Innermost(error).Message
                    + ". Is the endpoint right and the service running?",
                    senderFault: false, innerException: error);

            if (error is AmazonClientException)
                return new SqsException(AwsBrokerErrorCode.ClientError,
                    "The AWS SDK failed " + operation + " against " + where + ": " + error.Message,
                    senderFault: true, innerException: error);

            return error;
        }
    }
}

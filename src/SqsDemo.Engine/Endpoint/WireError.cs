using System;
using System.Collections.Generic;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// An error as the wire spells it. SQS's JSON protocol names an error by its model shape
    /// (<c>com.amazonaws.sqs#QueueDoesNotExist</c>) and, being "query compatible", also sends the
    /// old Query code in the <c>x-amzn-query-error</c> header (<c>AWS.SimpleQueueService.NonExistentQueue;Sender</c>),
    /// which the SDKs prefer; the Query protocol sends only the Query code. The broker's codes map here once.
    /// </summary>
    public sealed class WireError
    {
        private const string LegacyPrefix = "AWS.SimpleQueueService.";

        // Broker code -> (JSON shape name, Query code), where either differs from the broker's code.
        private static readonly Dictionary<string, (string Shape, string QueryCode)> Spellings = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            [SqsErrorCode.QueueDoesNotExist] = ("QueueDoesNotExist", LegacyPrefix + "NonExistentQueue"),
            [SqsErrorCode.QueueAlreadyExists] = ("QueueNameExists", "QueueAlreadyExists"),
            [SqsErrorCode.QueueDeletedRecently] = ("QueueDeletedRecently", LegacyPrefix + "QueueDeletedRecently"),
            [SqsErrorCode.PurgeQueueInProgress] = ("PurgeQueueInProgress", LegacyPrefix + "PurgeQueueInProgress"),
            [SqsErrorCode.EmptyBatchRequest] = ("EmptyBatchRequest", LegacyPrefix + "EmptyBatchRequest"),
            [SqsErrorCode.TooManyEntriesInBatchRequest] = ("TooManyEntriesInBatchRequest", LegacyPrefix + "TooManyEntriesInBatchRequest"),
            [SqsErrorCode.BatchEntryIdsNotDistinct] = ("BatchEntryIdsNotDistinct", LegacyPrefix + "BatchEntryIdsNotDistinct"),
            [SqsErrorCode.InvalidBatchEntryId] = ("InvalidBatchEntryId", LegacyPrefix + "InvalidBatchEntryId"),
            [SqsErrorCode.BatchRequestTooLong] = ("BatchRequestTooLong", LegacyPrefix + "BatchRequestTooLong"),
            [SqsErrorCode.UnsupportedOperation] = ("UnsupportedOperation", LegacyPrefix + "UnsupportedOperation"),
        };

        private const string CoralNamespace = "com.amazon.coral.service";

        private WireError(int status, string shape, string queryCode, string message, bool senderFault, string shapeNamespace = "com.amazonaws.sqs", bool? queryCompatible = null)
        {
            Status = status;
            JsonType = shapeNamespace + "#" + shape;
            QueryCode = queryCode;
            Message = message;
            SenderFault = senderFault;
            QueryCompatible = queryCompatible ?? shapeNamespace == "com.amazonaws.sqs";
        }

        public int Status { get; }
        /// <summary>The JSON protocol's <c>__type</c>.</summary>
        public string JsonType { get; }
        /// <summary>The Query protocol's code, also the JSON protocol's x-amzn-query-error.</summary>
        public string QueryCode { get; }
        public string Message { get; }
        public bool SenderFault { get; }

        /// <summary>Whether the JSON protocol also sends <see cref="QueryErrorHeader"/>, from which the SDKs take the Query code.</summary>
        public bool QueryCompatible { get; }

        /// <summary>The x-amzn-query-error header's value.</summary>
        public string QueryErrorHeader => QueryCode + ";" + (SenderFault ? "Sender" : "Receiver");

        public static WireError From(SqsException error)
        {
            var (shape, queryCode) = Spellings.TryGetValue(error.ErrorCode, out var spelled) ? spelled : (error.ErrorCode, error.ErrorCode);
            return new WireError(error.SenderFault ? 400 : 500, shape, queryCode, error.Message, error.SenderFault);
        }

        /// <summary>A body the JSON protocol cannot read (AWS's own wording and shape).</summary>
        public static WireError Serialization(string message) =>
            new WireError(400, "SerializationException", "SerializationException", message, senderFault: true, shapeNamespace: CoralNamespace);

        /// <summary>An X-Amz-Target this endpoint does not serve.</summary>
        public static WireError UnknownOperation(string target) =>
            new WireError(400, "UnknownOperationException", "UnknownOperationException", "The operation " + target + " is not known to this endpoint.", senderFault: true, shapeNamespace: CoralNamespace);

        /// <summary>A Query request whose Action this endpoint does not serve (or that has none).</summary>
        public static WireError InvalidAction(string? action) =>
            string.IsNullOrEmpty(action)
                ? new WireError(400, "MissingAction", "MissingAction", "The request must contain the parameter Action.", senderFault: true)
                : new WireError(400, "InvalidAction", "InvalidAction", "The action " + action + " is not valid for this endpoint.", senderFault: true);

        /// <summary>A form or query string that cannot be read.</summary>
        public static WireError MalformedQuery(string message) =>
            new WireError(400, "MalformedQueryString", "MalformedQueryString", message, senderFault: true);

        /// <summary>A body over <see cref="RequestBody.MaxBytes"/>, refused unread.</summary>
        public static WireError TooLarge(int limit) =>
            new WireError(413, "RequestEntityTooLarge", "RequestEntityTooLarge",
                "The request body is over " + limit + " bytes; SQS takes at most 1 MiB of message per request.", senderFault: true);

        /// <summary>
        /// A request whose signature was refused, with AWS's common errors (the same code in both protocols;
        /// the JSON protocol's x-amzn-query-error carries it too): a missing signature, unknown key, or wrong
        /// signature is 403; a malformed one 400.
        /// </summary>
        public static WireError Refused(Signing.SignatureFailure failure)
        {
            switch (failure.Problem)
            {
                case Signing.SignatureProblem.Missing: return Authentication(403, "MissingAuthenticationToken", failure.Message);
                case Signing.SignatureProblem.Incomplete: return Authentication(400, "IncompleteSignature", failure.Message);
                case Signing.SignatureProblem.UnknownAccessKey: return Authentication(403, "InvalidClientTokenId", failure.Message);
                default: return Authentication(403, "SignatureDoesNotMatch", failure.Message);
            }
        }

        private static WireError Authentication(int status, string code, string message) =>
            new WireError(status, code, code, message, senderFault: true, shapeNamespace: CoralNamespace, queryCompatible: true);

        /// <summary>SQS's answer when it cannot serve for now (503, the service's fault): every SDK retries it.</summary>
        public static WireError ServiceUnavailable(string message) =>
            new WireError(503, "ServiceUnavailable", "ServiceUnavailable", message, senderFault: false);

        /// <summary>
        /// SQS's throttling, <c>RequestThrottled</c>, a sender fault, as SQS really answers it: 403 Forbidden (the API
        /// reference says 400, but the responses users have captured from SQS are 403, and botocore's legacy retry mode,
        /// boto3's default, retries RequestThrottled only at 403: its _retry.json's sqs entry). The standard mode and the
        /// AWS SDK for .NET retry it by its code. The JSON protocol's x-amzn-query-error carries the same code.
        /// </summary>
        public static WireError RequestThrottled(string message) =>
            new WireError(403, "RequestThrottled", "RequestThrottled", message, senderFault: true);

        /// <summary>SQS's own internal error (500, the service's fault), which every SDK retries.</summary>
        public static WireError InternalError(string message) =>
            new WireError(500, "InternalError", "InternalError", message, senderFault: false);

        /// <summary>A failure of this endpoint itself (a bug): the client sees a service fault, the server keeps serving.</summary>
        public static WireError Internal(Exception error) =>
            new WireError(500, "InternalError", "InternalError", "The endpoint failed: " + error.GetType().Name + ": " + error.Message, senderFault: false);
    }
}

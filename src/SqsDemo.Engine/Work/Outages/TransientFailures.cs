using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Amazon.Runtime;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Ledger;

namespace SqsDemo.Engine.Work.Outages
{
    /// <summary>
    /// The one place that tells a transient backend failure (worth waiting out) from a permanent one
    /// (the consumer's configuration or rights: fault at once). Transient: the endpoint could not be
    /// reached or did not answer (connection refused or reset, the SDK's own timeout), a 5xx, or
    /// throttling. Permanent: every answer that says the request itself is wrong (a queue or table
    /// that does not exist, access denied, an invalid parameter), and the consumer's own stop.
    /// </summary>
    public static class TransientFailures
    {
        /// <summary>Throttling codes of SQS and DynamoDB in their spellings (query, JSON, the SDK's).</summary>
        private static readonly HashSet<string> ThrottlingOrUnavailable = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "RequestThrottled", "RequestThrottledException", "KmsThrottled",
            "ProvisionedThroughputExceededException", "RequestLimitExceeded", "TooManyRequestsException", "SlowDown",
            "ServiceUnavailable", "ServiceUnavailableException", "InternalError", "InternalFailure", "InternalServerError",
            "RequestTimeout", "RequestTimeoutException",
            AwsBrokerErrorCode.EndpointUnreachable,
        };

        /// <summary>
        /// Whether <paramref name="error"/> is a transient failure of the backend. A cancellation is
        /// transient only when it is not <paramref name="stop"/>'s: then it is the SDK's timeout.
        /// </summary>
        public static bool IsTransient(Exception error, CancellationToken stop)
        {
            switch (error)
            {
                case OperationCanceledException _:
                    return !stop.IsCancellationRequested;
                case SqsException sqs:
                    return IsTransientCode(sqs.ErrorCode) || IsTransientAnswer(sqs.InnerException) || (!sqs.SenderFault && IsTransport(sqs.InnerException));
                case LedgerException ledger:
                    return IsTransientCode(ledger.ErrorCode) || IsTransientAnswer(ledger.InnerException);
                case AmazonServiceException service:
                    return IsTransientAnswer(service) || (string.IsNullOrEmpty(service.ErrorCode) && IsTransport(service.InnerException));
                default:
                    // Only the network's own exceptions: an IOException of a file the consumer writes is not an outage.
                    return error is HttpRequestException || error is SocketException || error is WebException;
            }
        }

        private static bool IsTransientCode(string? code) => code != null && ThrottlingOrUnavailable.Contains(code);

        /// <summary>An answer from the service that says "later": 5xx, 429, or a throttling code.</summary>
        private static bool IsTransientAnswer(Exception? error) =>
            error is AmazonServiceException service && ((int)service.StatusCode >= 500 || (int)service.StatusCode == 429 || IsTransientCode(service.ErrorCode));

        /// <summary>The request never got an answer: the connection failed, was reset, or timed out.</summary>
        private static bool IsTransport(Exception? error)
        {
            for (var e = error; e != null; e = e.InnerException)
                if (e is HttpRequestException || e is SocketException || e is WebException || e is IOException || e is TimeoutException) return true;
            return false;
        }
    }
}

using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Backends;

namespace SqsDemo.Engine.Ledger.Aws
{
    /// <summary>Turns what the AWS SDK throws into <see cref="LedgerException"/> in DynamoDB's vocabulary.</summary>
    internal static class DynamoDbErrors
    {
        public const string EndpointUnreachable = "EndpointUnreachable";
        public const string ClientError = "ClientError";

        public static Exception Map(Exception error, string operation, string where, TimeSpan? deadline, CancellationToken callerToken)
        {
            if (error is LedgerException) return error;
            if (error is OperationCanceledException && callerToken.IsCancellationRequested) return error;

            if (error is ResourceNotFoundException)
                return new LedgerException("ResourceNotFoundException", "Requested resource not found (" + operation + " at " + where + "): " + error.Message, error);

            if (error is AmazonServiceException service && SdkFailures.IsAnswer(service))
            {
                var code = string.IsNullOrEmpty(service.ErrorCode) ? "InternalServerError" : service.ErrorCode;
                var hash = code.LastIndexOf('#');
                if (hash >= 0) code = code.Substring(hash + 1);
                return new LedgerException(code, operation + " failed at " + where + ": " + (string.IsNullOrEmpty(service.Message) ? code : service.Message), error);
            }

            if (SdkFailures.IsTimeout(error))
                return new LedgerException(EndpointUnreachable,
                    where + " did not answer " + operation
                    + (deadline != null ? string.Format(System.Globalization.CultureInfo.InvariantCulture, " within {0:0.#} s", deadline.Value.TotalSeconds) : " in time")
                    + " (retries included). Is the endpoint right and the service running?", error);

            if (SdkFailures.IsConnectionFailure(error))
                return new LedgerException(EndpointUnreachable,
                    where + " could not be reached for " + operation + " (after the SDK's retries): " + SdkFailures.Innermost(error).Message
                    + ". Is the endpoint right and the service running?", error);

            if (error is AmazonClientException)
                return new LedgerException(ClientError, "The AWS SDK failed " + operation + " against " + where + ": " + error.Message, error);

            return error;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Net;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using SqsDemo.Engine.Endpoint.DynamoDb;

namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>
    /// A fault's error in the shape AWS gives it on the call's protocol, so each SDK raises (and retries) it as it
    /// would against AWS. SQS (JSON, with x-amzn-query-error, or Query XML): ServiceUnavailable 503,
    /// RequestThrottled 403 (as SQS answers it, and boto3's legacy retry mode needs it), InternalError 500. DynamoDB: ServiceUnavailable 503,
    /// ProvisionedThroughputExceededException 400 on items (ThrottlingException on table management, as
    /// DynamoDB throttles CreateTable, UpdateTable and DeleteTable), InternalServerError 500.
    /// </summary>
    public static class FaultAnswers
    {
        private static readonly HashSet<string> TableManagement = new HashSet<string>(StringComparer.Ordinal) { "CreateTable", "UpdateTable", "DeleteTable" };

        /// <summary>The answer, and the error code the caller's SDK will see.</summary>
        public static (EndpointResponse Response, string Code) For(EndpointCall call, EndpointFaultError error, string faultName)
        {
            var because = " (SqsDemo endpoint fault '" + faultName + "')";
            return call.Service == EndpointCall.DynamoDb ? DynamoDb(call, error, because) : Sqs(call, error, because);
        }

        private static (EndpointResponse, string) Sqs(EndpointCall call, EndpointFaultError error, string because)
        {
            WireError wire;
            switch (error)
            {
                case EndpointFaultError.ServiceUnavailable: wire = WireError.ServiceUnavailable("Service is unavailable. Try again later." + because); break;
                case EndpointFaultError.Throttling: wire = WireError.RequestThrottled("Rate exceeded." + because); break;
                default: wire = WireError.InternalError("We encountered an internal error. Please try again." + because); break;
            }
            return (RequestRouter.ErrorFor(call.Request, wire), wire.QueryCode);
        }

        private static (EndpointResponse, string) DynamoDb(EndpointCall call, EndpointFaultError error, string because)
        {
            string code;
            HttpStatusCode status;
            string message;
            switch (error)
            {
                case EndpointFaultError.ServiceUnavailable:
                    (code, status, message) = ("ServiceUnavailable", HttpStatusCode.ServiceUnavailable, "The service is currently unavailable or busy.");
                    break;
                case EndpointFaultError.Throttling when TableManagement.Contains(call.Operation):
                    (code, status, message) = ("ThrottlingException", HttpStatusCode.BadRequest, "Rate of requests exceeds the allowed throughput.");
                    break;
                case EndpointFaultError.Throttling:
                    (code, status, message) = ("ProvisionedThroughputExceededException", HttpStatusCode.BadRequest,
                        "You exceeded your maximum allowed provisioned throughput for a table or for one or more global secondary indexes.");
                    break;
                default:
                    (code, status, message) = ("InternalServerError", HttpStatusCode.InternalServerError, "Internal server error");
                    break;
            }
            var exception = new AmazonDynamoDBException(message + because, (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender, code, call.Request.RequestId, status);
            return (DynamoDbJsonProtocol.ErrorAnswer(exception, call.Request), code);
        }
    }
}

using System;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// A request DynamoDB's front door refuses before any table sees it: a body that is not
    /// the operation's JSON, an unknown target, a body over the size limit. These errors are
    /// Coral's own (<c>com.amazon.coral.service#...</c>), not the DynamoDB service's.
    /// </summary>
    public sealed class DynamoDbProtocolException : Exception
    {
        private const string CoralNamespace = "com.amazon.coral.service#";

        private DynamoDbProtocolException(string errorCode, string message, int statusCode)
            : base(message)
        {
            ErrorCode = errorCode;
            StatusCode = statusCode;
        }

        /// <summary>The short error code the SDKs map to an exception, e.g. SerializationException.</summary>
        public string ErrorCode { get; }

        /// <summary>The HTTP status the error is answered with.</summary>
        public int StatusCode { get; }

        /// <summary>The wire's <c>__type</c>: the error code qualified by Coral's namespace.</summary>
        public string WireType => CoralNamespace + ErrorCode;

        /// <summary>The body is not JSON, or a member has the wrong JSON type.</summary>
        public static DynamoDbProtocolException Serialization(string message) =>
            new DynamoDbProtocolException("SerializationException", message, 400);

        /// <summary>The X-Amz-Target names no operation this endpoint serves.</summary>
        public static DynamoDbProtocolException UnknownOperation(string target) =>
            new DynamoDbProtocolException("UnknownOperationException",
                $"Unknown operation '{target}': the target must be DynamoDB_20120810.<Operation>, one of {string.Join(", ", DynamoDbOperations.Names)}.", 400);

        /// <summary>
        /// A request whose signature was refused, as DynamoDB's front door refuses it: every case is 400, named
        /// MissingAuthenticationTokenException, IncompleteSignatureException, UnrecognizedClientException (an
        /// access key id it does not know) or InvalidSignatureException.
        /// </summary>
        public static DynamoDbProtocolException Refused(Signing.SignatureFailure failure)
        {
            switch (failure.Problem)
            {
                case Signing.SignatureProblem.Missing: return new DynamoDbProtocolException("MissingAuthenticationTokenException", failure.Message, 400);
                case Signing.SignatureProblem.Incomplete: return new DynamoDbProtocolException("IncompleteSignatureException", failure.Message, 400);
                case Signing.SignatureProblem.UnknownAccessKey: return new DynamoDbProtocolException("UnrecognizedClientException", failure.Message, 400);
                default: return new DynamoDbProtocolException("InvalidSignatureException", failure.Message, 400);
            }
        }

        /// <summary>The body is over the request size limit; it was not read to its end.</summary>
        public static DynamoDbProtocolException RequestTooLarge(long limitBytes) =>
            new DynamoDbProtocolException("RequestEntityTooLarge",
                $"Request body exceeds the {limitBytes}-byte limit of a DynamoDB request; send fewer or smaller items per request.", 413);
    }
}

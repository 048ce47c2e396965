namespace SqsDemo.Engine.Endpoint.Signing
{
    /// <summary>
    /// The four ways AWS refuses a request's signature, each of which every protocol names its own way
    /// (SQS: MissingAuthenticationToken, IncompleteSignature, InvalidClientTokenId, SignatureDoesNotMatch;
    /// DynamoDB: the same with Exception, UnrecognizedClientException and InvalidSignatureException).
    /// </summary>
    public enum SignatureProblem
    {
        /// <summary>No signature at all: no Authorization header.</summary>
        Missing,

        /// <summary>A signature that is not a whole Signature Version 4 one (a part or the date missing, another algorithm).</summary>
        Incomplete,

        /// <summary>Signed with an access key id the endpoint was not given.</summary>
        UnknownAccessKey,

        /// <summary>A well-formed signature that is wrong: another secret, another request, a scope or time that does not fit.</summary>
        DoesNotMatch,
    }
}

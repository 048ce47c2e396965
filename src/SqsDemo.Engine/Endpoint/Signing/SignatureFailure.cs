namespace SqsDemo.Engine.Endpoint.Signing
{
    /// <summary>Why a request's signature was refused: the <see cref="SignatureProblem"/> that picks the error code, and AWS's words for it.</summary>
    public sealed class SignatureFailure
    {
        /// <summary>AWS's message for a signature computed with another secret or over another request.</summary>
        public const string MismatchMessage = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

        private SignatureFailure(SignatureProblem problem, string message)
        {
            Problem = problem;
            Message = message;
        }

        public SignatureProblem Problem { get; }
        public string Message { get; }

        public static SignatureFailure Missing() => new SignatureFailure(SignatureProblem.Missing, "Request is missing Authentication Token");

        public static SignatureFailure Incomplete(string message) => new SignatureFailure(SignatureProblem.Incomplete, message);

        public static SignatureFailure UnknownAccessKey() => new SignatureFailure(SignatureProblem.UnknownAccessKey, "The security token included in the request is invalid.");

        public static SignatureFailure DoesNotMatch(string message = MismatchMessage) => new SignatureFailure(SignatureProblem.DoesNotMatch, message);

        public override string ToString() => Problem + ": " + Message;
    }
}

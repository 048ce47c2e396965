using System;
using System.Text.RegularExpressions;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Who is calling: the access key id a request is signed with (SigV4's Authorization header, or the
    /// X-Amz-Credential of a presigned query, or an old SigV2 AWSAccessKeyId), so that <c>AWS_ACCESS_KEY_ID=consumer-2</c> names a process
    /// in the journal. The signature is checked only at an endpoint given keys (<see cref="Signing.SignatureVerifier"/>),
    /// before this is asked.
    /// </summary>
    public static class CallerIdentity
    {
        /// <summary>The actor of a request that carries no credentials.</summary>
        public const string Anonymous = "anonymous";

        private const int MaxActorLength = 128;
        private static readonly Regex CredentialPattern = new Regex(@"Credential=(?<key>[^/,\s]+)/", RegexOptions.CultureInvariant);

        public static string Of(EndpointRequest request, Func<string, string?> queryParameter)
        {
            var key = FromAuthorization(request.Header("Authorization")) ?? FromCredential(queryParameter("X-Amz-Credential")) ?? queryParameter("AWSAccessKeyId");
            return Clean(key) ?? Anonymous;
        }

        private static string? FromAuthorization(string? header)
        {
            if (string.IsNullOrEmpty(header)) return null;
            var match = CredentialPattern.Match(header);
            return match.Success ? match.Groups["key"].Value : null;
        }

        private static string? FromCredential(string? credential)
        {
            if (string.IsNullOrEmpty(credential)) return null;
            var slash = credential!.IndexOf('/');
            return slash > 0 ? credential.Substring(0, slash) : credential;
        }

        /// <summary>Printable ASCII only, bounded: the key id ends up in the journal, tables and HTML.</summary>
        private static string? Clean(string? key)
        {
            if (string.IsNullOrEmpty(key)) return null;
            var text = key!.Length > MaxActorLength ? key.Substring(0, MaxActorLength) : key;
            foreach (var c in text)
                if (c < 0x21 || c > 0x7e) return null;
            return text;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Endpoint.Signing
{
    /// <summary>
    /// A Signature Version 4 Authorization header, read into its parts:
    /// <c>AWS4-HMAC-SHA256 Credential=KEY/20250101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex</c>.
    /// </summary>
    public sealed class SigV4Authorization
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";

        private SigV4Authorization(string[] credential, string signedHeaders, string signature)
        {
            AccessKeyId = credential[0];
            ScopeDate = credential[1];
            Region = credential[2];
            Service = credential[3];
            Terminator = credential[4];
            SignedHeaders = signedHeaders;
            SignedHeaderNames = signedHeaders.Split(';');
            Signature = signature;
        }

        public string AccessKeyId { get; }
        /// <summary>The credential scope's day, yyyyMMdd.</summary>
        public string ScopeDate { get; }
        public string Region { get; }
        public string Service { get; }
        /// <summary>The scope's last element, which must be <c>aws4_request</c>.</summary>
        public string Terminator { get; }
        /// <summary>The SignedHeaders value as sent: it is part of what was signed.</summary>
        public string SignedHeaders { get; }
        public IReadOnlyList<string> SignedHeaderNames { get; }
        public string Signature { get; }

        /// <summary>The header's parts; null with an <see cref="SignatureProblem.Incomplete"/> failure when it is not a whole SigV4 header.</summary>
        public static SigV4Authorization? Parse(string header, out SignatureFailure? failure)
        {
            failure = null;
            var space = header.IndexOf(' ');
            var algorithm = space < 0 ? header : header.Substring(0, space);
            if (!string.Equals(algorithm, Algorithm, StringComparison.Ordinal))
            {
                failure = SignatureFailure.Incomplete("Unsupported AWS 'algorithm': '" + algorithm + "'. This endpoint checks Signature Version 4 (" + Algorithm + ") in the Authorization header.");
                return null;
            }
            var parts = Parameters(header.Substring(space + 1));
            var missing = new[] { "Credential", "Signature", "SignedHeaders" }.Where(name => !parts.ContainsKey(name)).ToArray();
            if (missing.Length > 0)
            {
                failure = SignatureFailure.Incomplete(string.Concat(missing.Select(name => "Authorization header requires '" + name + "' parameter. ")) + "Authorization=" + header);
                return null;
            }
            var credential = parts["Credential"].Split('/');
            if (credential.Length != 5 || credential.Any(element => element.Length == 0))
            {
                failure = SignatureFailure.Incomplete("Credential should have exactly 5 slash-delimited elements, access key id/yyyyMMdd/region/service/aws4_request; got '" + parts["Credential"] + "'.");
                return null;
            }
            return new SigV4Authorization(credential, parts["SignedHeaders"], parts["Signature"]);
        }

        private static Dictionary<string, string> Parameters(string text)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in text.Split(','))
            {
                var equals = part.IndexOf('=');
                if (equals <= 0) continue;
                var value = part.Substring(equals + 1).Trim();
                if (value.Length > 0) parameters[part.Substring(0, equals).Trim()] = value;
            }
            return parameters;
        }
    }
}

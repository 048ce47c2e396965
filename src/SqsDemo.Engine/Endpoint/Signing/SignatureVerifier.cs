using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace SqsDemo.Engine.Endpoint.Signing
{
    /// <summary>
    /// Checks that a request carries a valid AWS Signature Version 4 (the Authorization header every SDK
    /// sends) by one of the key pairs it was given: the canonical request is rebuilt from the request as it
    /// arrived, and AWSSDK.Core's signer computes what the signature must be (string to sign, signing key
    /// from the secret, day, region and service). Any region is accepted; the service must be the one the
    /// request is for. A request time more than <see cref="AllowedSkew"/> from now is refused, as AWS does.
    /// </summary>
    public sealed class SignatureVerifier
    {
        /// <summary>How far a request's X-Amz-Date may be from the endpoint's clock: AWS's 15 minutes.</summary>
        public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

        private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _secrets;
        private readonly TimeProvider _clock;

        /// <param name="keys">Access key id to secret access key.</param>
        /// <param name="clock">Wall time (never the run's scaled clock: signatures are made on the caller's wall clock).</param>
        public SignatureVerifier(IEnumerable<KeyValuePair<string, string>> keys, TimeProvider? clock = null)
        {
            if (keys == null) throw new ArgumentNullException(nameof(keys));
            _secrets = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (string.IsNullOrEmpty(key.Key) || string.IsNullOrEmpty(key.Value)) throw new ArgumentException("An access key id and its secret must both be given.", nameof(keys));
                if (!_secrets.TryAdd(key.Key, key.Value)) throw new ArgumentException("The access key id '" + key.Key + "' is given more than once.", nameof(keys));
            }
            if (_secrets.Count == 0) throw new ArgumentException("At least one key pair must be given.", nameof(keys));
            _clock = clock ?? TimeProvider.System;
        }

        /// <summary>The access key ids whose signatures are accepted (never the secrets).</summary>
        public IReadOnlyCollection<string> AccessKeyIds => _secrets.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

        /// <summary>
        /// The secret of <paramref name="accessKeyId"/>: the one given for it, else a fresh random one admitted from now
        /// on. A consumer process SqsDemo starts signs with it, so a checking endpoint accepts it under its own name.
        /// </summary>
        public string SecretFor(string accessKeyId) =>
            _secrets.GetOrAdd(accessKeyId, _ => Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()));

        /// <summary>Null when <paramref name="request"/> is signed for <paramref name="service"/> (sqs, dynamodb) by a known key; else why not.</summary>
        public SignatureFailure? Verify(EndpointRequest request, string service)
        {
            var header = request.Header("Authorization");
            if (string.IsNullOrWhiteSpace(header))
                return request.RawUrl.IndexOf("X-Amz-Signature=", StringComparison.OrdinalIgnoreCase) >= 0
                    ? SignatureFailure.Incomplete("This endpoint checks Signature Version 4 in the Authorization header; a presigned (query-string) request is not accepted.")
                    : SignatureFailure.Missing();
            var authorization = SigV4Authorization.Parse(header!, out var malformed);
            if (authorization == null) return malformed;
            var signedAt = RequestTime(request, header!, out var undated);
            if (signedAt == null) return undated;
            if (!_secrets.TryGetValue(authorization.AccessKeyId, out var secret)) return SignatureFailure.UnknownAccessKey();
            return OutOfTime(signedAt.Value)
                ?? OutOfScope(authorization, signedAt.Value, service)
                ?? Unsigned(authorization)
                ?? Compare(request, authorization, secret, signedAt.Value);
        }

        /// <summary>X-Amz-Date (ISO 8601 basic), else the Date header (RFC 1123), as UTC.</summary>
        private static DateTime? RequestTime(EndpointRequest request, string header, out SignatureFailure? failure)
        {
            failure = null;
            var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
            var amzDate = request.Header("X-Amz-Date");
            if (amzDate != null)
            {
                if (DateTime.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, styles, out var parsed)) return parsed;
                failure = SignatureFailure.Incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601");
                return null;
            }
            var date = request.Header("Date");
            if (date != null && DateTime.TryParseExact(date, "r", CultureInfo.InvariantCulture, styles, out var httpDate)) return httpDate;
            failure = SignatureFailure.Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + header);
            return null;
        }

        private SignatureFailure? OutOfTime(DateTime signedAt)
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            if (signedAt < now - AllowedSkew)
                return SignatureFailure.DoesNotMatch("Signature expired: " + Format(signedAt) + " is now earlier than " + Format(now - AllowedSkew) + " (" + Format(now) + " - 15 min.)");
            if (signedAt > now + AllowedSkew)
                return SignatureFailure.DoesNotMatch("Signature not yet current: " + Format(signedAt) + " is still later than " + Format(now + AllowedSkew) + " (" + Format(now) + " + 15 min.)");
            return null;
        }

        private static SignatureFailure? OutOfScope(SigV4Authorization authorization, DateTime signedAt, string service)
        {
            var day = signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (authorization.ScopeDate != day)
                return SignatureFailure.DoesNotMatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + authorization.ScopeDate + "' != '" + day + "', from '" + Format(signedAt) + "'.");
            if (authorization.Service != service)
                return SignatureFailure.DoesNotMatch("Credential should be scoped to correct service: '" + service + "'. ");
            if (authorization.Terminator != AWS4Signer.Terminator)
                return SignatureFailure.DoesNotMatch("Credential should be scoped with a valid terminator: '" + AWS4Signer.Terminator + "', not '" + authorization.Terminator + "'. ");
            return null;
        }

        /// <summary>A signature that leaves out the Host header could be replayed at any host: AWS refuses it.</summary>
        private static SignatureFailure? Unsigned(SigV4Authorization authorization) =>
            authorization.SignedHeaderNames.Contains("host", StringComparer.OrdinalIgnoreCase)
                ? null
                : SignatureFailure.Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

        private static SignatureFailure? Compare(EndpointRequest request, SigV4Authorization authorization, string secret, DateTime signedAt)
        {
            var payloadHash = AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(request.Body), true);
            var declared = request.Header("X-Amz-Content-SHA256");
            if (declared != null && !string.Equals(declared, payloadHash, StringComparison.OrdinalIgnoreCase))
                return SignatureFailure.DoesNotMatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
            var canonical = CanonicalRequest.Build(request, authorization, payloadHash);
            var expected = AWS4Signer.ComputeSignature(authorization.AccessKeyId, secret, authorization.Region, signedAt, authorization.Service, authorization.SignedHeaders, canonical).Signature;
            return FixedTimeEquals(expected, authorization.Signature) ? null : SignatureFailure.DoesNotMatch();
        }

        /// <summary>
        /// Compares every character whatever the first difference, so the time taken does not tell a caller how
        /// much of a guessed signature was right (CryptographicOperations.FixedTimeEquals is not in netstandard2.0).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
        private static bool FixedTimeEquals(string expected, string given)
        {
            var difference = expected.Length ^ given.Length;
            for (var i = 0; i < expected.Length; i++)
                difference |= expected[i] ^ (i < given.Length ? given[i] : 0);
            return difference == 0;
        }

        private static string Format(DateTime time) => time.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
    }
}

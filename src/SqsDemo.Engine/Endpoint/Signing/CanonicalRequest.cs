using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Amazon.Util;

namespace SqsDemo.Engine.Endpoint.Signing
{
    /// <summary>
    /// Signature Version 4's canonical request, rebuilt from a request as it arrived: method; the path as
    /// sent, each segment URI-encoded once more (every service but S3 signs the encoded path encoded again,
    /// as the SDKs and botocore do); the query's parameters decoded, re-encoded per RFC 3986 and sorted;
    /// each signed header, lower-cased, its value trimmed with runs of spaces made one; the signed header
    /// names; the payload's SHA-256.
    /// </summary>
    public static class CanonicalRequest
    {
        public static string Build(EndpointRequest request, SigV4Authorization authorization, string payloadHash)
        {
            var path = PathAndQuery(request.RawUrl, out var query);
            var text = new StringBuilder();
            text.Append(request.Method).Append('\n');
            text.Append(CanonicalUri(path)).Append('\n');
            text.Append(CanonicalQuery(query)).Append('\n');
            foreach (var name in authorization.SignedHeaderNames)
                text.Append(name.ToLowerInvariant()).Append(':').Append(HeaderValue(request.Headers[name])).Append('\n');
            text.Append('\n');
            text.Append(authorization.SignedHeaders).Append('\n');
            text.Append(payloadHash);
            return text.ToString();
        }

        /// <summary>The path and the query (without '?') of a request target, which may be absolute (<c>http://host/path</c>).</summary>
        private static string PathAndQuery(string rawUrl, out string query)
        {
            var target = rawUrl;
            var scheme = target.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0 && target.IndexOf('/') > scheme)
            {
                var slash = target.IndexOf('/', scheme + 3);
                target = slash < 0 ? "/" : target.Substring(slash);
            }
            var mark = target.IndexOf('?');
            query = mark < 0 ? "" : target.Substring(mark + 1);
            return mark < 0 ? target : target.Substring(0, mark);
        }

        private static string CanonicalUri(string path) =>
            path.Length == 0 ? "/" : string.Join("/", path.Split('/').Select(segment => AWSSDKUtils.UrlEncode(segment, false)));

        private static string CanonicalQuery(string query)
        {
            if (query.Length == 0) return "";
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var pair in query.Split('&'))
            {
                if (pair.Length == 0) continue;
                var equals = pair.IndexOf('=');
                var name = equals < 0 ? pair : pair.Substring(0, equals);
                var value = equals < 0 ? "" : pair.Substring(equals + 1);
                pairs.Add(new KeyValuePair<string, string>(Encode(name), Encode(value)));
            }
            return string.Join("&", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        }

        /// <summary>A query element decoded as sent and encoded as SigV4 wants it (RFC 3986, upper-case hex).</summary>
        private static string Encode(string element) => AWSSDKUtils.UrlEncode(Uri.UnescapeDataString(element), false);

        private static string HeaderValue(string? value)
        {
            if (string.IsNullOrEmpty(value)) return "";
            var text = new StringBuilder(value!.Length);
            var space = false;
            foreach (var c in value.Trim())
            {
                if (c == ' ' || c == '\t')
                {
                    space = true;
                    continue;
                }
                if (space) text.Append(' ');
                space = false;
                text.Append(c);
            }
            return text.ToString();
        }
    }
}

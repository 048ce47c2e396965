using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>Signature Version 4 as the SDKs sign a request (docs.aws.amazon.com, "Create a signed AWS API request"), for requests the tests build by hand.</summary>
    public static class SigV4
    {
        public static void Sign(HttpRequestMessage request, byte[] body, string accessKeyId, string secretKey, string region, string service, DateTimeOffset now)
        {
            var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var day = amzDate.Substring(0, 8);
            var uri = request.RequestUri!;
            var host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
            request.Headers.Host = host;
            request.Headers.Add("X-Amz-Date", amzDate);
            var payloadHash = Hex(SHA256.HashData(body));
            var contentType = request.Content?.Headers.ContentType?.ToString() ?? "";
            var signedHeaders = "content-type;host;x-amz-date";
            var canonicalQuery = string.Join("&", (uri.Query.Length > 1 ? uri.Query.Substring(1).Split('&') : Array.Empty<string>()).OrderBy(p => p, StringComparer.Ordinal));
            var canonicalRequest = string.Join("\n", request.Method.Method, uri.AbsolutePath, canonicalQuery,
                "content-type:" + contentType, "host:" + host, "x-amz-date:" + amzDate, "", signedHeaders, payloadHash);
            var scope = day + "/" + region + "/" + service + "/aws4_request";
            var stringToSign = string.Join("\n", "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
            var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), day), region), service), "aws4_request");
            var signature = Hex(Hmac(key, stringToSign));
            request.Headers.TryAddWithoutValidation("Authorization",
                "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        }

        private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

        private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
    }
}

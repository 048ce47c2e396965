using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// The parameters of a Query-protocol request: the form-encoded body (application/x-www-form-urlencoded)
    /// and the URL's query string. Decoding is the BCL's (<see cref="WebUtility.UrlDecode"/>); what cannot be
    /// read (invalid UTF-8, an empty or repeated name) is refused with the reason.
    /// </summary>
    public static class QueryForm
    {
        private const int MaxParameters = 10_000;
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        public const string MediaType = "application/x-www-form-urlencoded";

        /// <summary>The parameters by name; null with the reason when the form is malformed.</summary>
        public static Dictionary<string, string>? Parse(EndpointRequest request, out string? malformed)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            malformed = null;
            var query = request.Url.Query;
            if (query.Length > 1 && !Add(parameters, query.Substring(1), out malformed)) return null;
            if (request.MediaType == MediaType && request.Body.Length > 0)
            {
                string text;
                try
                {
                    text = StrictUtf8.GetString(request.Body);
                }
                catch (DecoderFallbackException)
                {
                    malformed = "The form body is not valid UTF-8.";
                    return null;
                }
                if (!Add(parameters, text, out malformed)) return null;
            }
            return parameters;
        }

        private static bool Add(Dictionary<string, string> parameters, string encoded, out string? malformed)
        {
            malformed = null;
            foreach (var pair in encoded.Split('&'))
            {
                if (pair.Length == 0) continue;
                var equals = pair.IndexOf('=');
                var name = WebUtility.UrlDecode(equals < 0 ? pair : pair.Substring(0, equals));
                var value = equals < 0 ? "" : WebUtility.UrlDecode(pair.Substring(equals + 1));
                if (string.IsNullOrEmpty(name)) malformed = "A parameter has no name.";
                else if (parameters.ContainsKey(name)) malformed = "The parameter " + name + " is given more than once.";
                else if (parameters.Count >= MaxParameters) malformed = "The request has more than " + MaxParameters + " parameters.";
                if (malformed != null) return false;
                parameters[name] = value;
            }
            return true;
        }
    }
}

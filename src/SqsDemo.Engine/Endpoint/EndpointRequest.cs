using System;
using System.Collections.Generic;
using System.Collections.Specialized;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>One HTTP request as the protocols see it: already read (within the body bound), independent of the server.</summary>
    public sealed class EndpointRequest
    {
        /// <param name="rawUrl">The request target as the client sent it (HttpListener's RawUrl), which a signature covers; the URL's path and query when not given.</param>
        public EndpointRequest(string method, Uri url, NameValueCollection headers, byte[] body, string? rawUrl = null)
        {
            Method = method;
            Url = url;
            RawUrl = rawUrl ?? url.PathAndQuery;
            Headers = headers;
            Body = body;
            RequestId = Guid.NewGuid().ToString();
        }

        public string Method { get; }
        /// <summary>The URL the client asked for (its path may name a queue, as old Query clients post to the queue URL).</summary>
        public Uri Url { get; }
        /// <summary>The path and query exactly as sent, percent-encoding and all: what a SigV4 signature's canonical URI and query are made from.</summary>
        public string RawUrl { get; }
        public NameValueCollection Headers { get; }
        public byte[] Body { get; }
        /// <summary>The id every answer carries (x-amzn-RequestId, the Query protocol's RequestId).</summary>
        public string RequestId { get; }

        public string? Header(string name) => Headers[name];

        /// <summary>The media type of the body, without parameters such as charset; empty when none was given.</summary>
        public string MediaType
        {
            get
            {
                var type = Header("Content-Type") ?? "";
                var semicolon = type.IndexOf(';');
                return (semicolon >= 0 ? type.Substring(0, semicolon) : type).Trim().ToLowerInvariant();
            }
        }
    }

    /// <summary>An answer: status, content type, body and extra headers.</summary>
    public sealed class EndpointResponse
    {
        public EndpointResponse(int status, string contentType, byte[] body)
        {
            Status = status;
            ContentType = contentType;
            Body = body;
        }

        public int Status { get; }
        public string ContentType { get; }
        public byte[] Body { get; }
        public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Not an answer: the connection is dropped unanswered, as when the network loses a response or the caller died.</summary>
        public bool DropsConnection { get; private set; }

        /// <summary>The stand-in for an answer that never reaches the caller (see <see cref="DropsConnection"/>).</summary>
        public static EndpointResponse Dropped() => new EndpointResponse(0, "", Array.Empty<byte>()) { DropsConnection = true };
    }
}

using System;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// The one place where the broker's queue URLs (http://sqs.REGION.ID.embedded.sqsdemo/ACCOUNT/NAME) and the
    /// endpoint's (http://127.0.0.1:PORT/ACCOUNT/NAME) meet. Clients see the endpoint's; a queue URL from a
    /// client finds its queue by its path whatever host it names, as SDKs and proxies sometimes rewrite hosts.
    /// </summary>
    public sealed class QueueUrlTranslator
    {
        private readonly string _brokerPrefix;
        private readonly string _accountPath;

        /// <param name="brokerPrefix">The broker's queue URL prefix, ending with "/ACCOUNT/".</param>
        /// <param name="endpointBase">The endpoint's base URL, e.g. http://127.0.0.1:4580.</param>
        public QueueUrlTranslator(string brokerPrefix, string endpointBase)
        {
            _brokerPrefix = brokerPrefix;
            var brokerUri = new Uri(brokerPrefix);
            _accountPath = brokerUri.AbsolutePath; // "/ACCOUNT/"
            ClientPrefix = endpointBase.TrimEnd('/') + _accountPath;
        }

        /// <summary>What every queue URL a client sees starts with.</summary>
        public string ClientPrefix { get; }

        public string ToClient(string brokerUrl) =>
            brokerUrl.StartsWith(_brokerPrefix, StringComparison.Ordinal) ? ClientPrefix + brokerUrl.Substring(_brokerPrefix.Length) : brokerUrl;

        /// <summary>The broker's URL for a client's queue URL; anything else passes unchanged (the broker answers QueueDoesNotExist).</summary>
        public string ToBroker(string? clientUrl)
        {
            if (string.IsNullOrEmpty(clientUrl)) return clientUrl ?? "";
            if (!Uri.TryCreate(clientUrl, UriKind.Absolute, out var uri)) return clientUrl!;
            var name = QueueNameOf(uri.AbsolutePath);
            return name == null ? clientUrl! : _brokerPrefix + name;
        }

        /// <summary>The queue a request path names ("/ACCOUNT/NAME"), or null: old Query clients post to the queue URL itself.</summary>
        public string? QueueNameOf(string path)
        {
            if (!path.StartsWith(_accountPath, StringComparison.Ordinal)) return null;
            var name = Uri.UnescapeDataString(path.Substring(_accountPath.Length));
            return name.Length == 0 || name.IndexOf('/') >= 0 ? null : name;
        }

        /// <summary>The broker URL of the queue a request path names, or null.</summary>
        public string? BrokerUrlOfPath(string path) => QueueNameOf(path) is string name ? _brokerPrefix + name : null;
    }
}

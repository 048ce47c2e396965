using System;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Ledger.Aws;

namespace SqsDemo.Engine.Backends
{
    /// <summary>
    /// The backend the seeds' consumer and producer run on: the queue QUEUE_URL names, reached
    /// as boto3 reaches it (AWS_ENDPOINT_URL, else AWS; AWS_REGION; the SDK's credential chain),
    /// with DynamoDB for the ledger at the same place.
    /// </summary>
    public static class ReferenceConsumerBackend
    {
        /// <summary>True when <paramref name="queueUrl"/> is a queue at an endpoint or on AWS: an http(s) URL, not an embedded queue's.</summary>
        public static bool NamesEndpoint(string? queueUrl) =>
            Uri.TryCreate(queueUrl, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !uri.Host.EndsWith(QueueAddressing.HostSuffix, StringComparison.OrdinalIgnoreCase);

        /// <summary>The connection from the process's environment and AWS profiles, as <see cref="AwsConnection.Resolve(string, string, Uri, string)"/> finds it with nothing given.</summary>
        public static AwsConnection ResolveConnection() => AwsConnection.Resolve(null, null, null);

        /// <summary>A backend on <paramref name="connection"/>; nothing is asked of it until it is used.</summary>
        public static DemoRun Connect(AwsConnection connection)
        {
            var broker = AwsBroker.Connect(connection);
            try
            {
                var ledger = DynamoDbLedger.Connect(connection);
                var kind = connection.IsAws ? BackendKind.Aws : BackendKind.Endpoint;
                return DemoRun.CreateRemote(kind, connection.Description + ", from the seeds' environment", broker, ledger);
            }
            catch
            {
                broker.Dispose();
                throw;
            }
        }
    }
}

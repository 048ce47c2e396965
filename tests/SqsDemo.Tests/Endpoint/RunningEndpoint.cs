using System;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Endpoint.Signing;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>An embedded run served on a free loopback port, stopped on dispose.</summary>
    public sealed class RunningEndpoint : IDisposable
    {
        public const string Region = "us-east-1";

        /// <param name="signatures">When given, the endpoint requires requests signed by one of its keys.</param>
        public RunningEndpoint(double timeScale = 10, EmbeddedBrokerOptions? options = null, SignatureVerifier? signatures = null)
        {
            Run = DemoRun.CreateEmbedded(timeScale, 42, options ?? new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
            Endpoint = DemoEndpoint.Start(Run, 0, signatures: signatures);
        }

        public DemoRun Run { get; }
        public DemoEndpoint Endpoint { get; }
        public Uri Uri => new Uri(Endpoint.Url);

        /// <summary>The AWS SDK for .NET through the project's adapter, signing as <c>test</c>.</summary>
        public AwsBroker SdkBroker() => AwsBroker.ForEndpoint(Uri, Region);

        public void Dispose() => Endpoint.Stop();
    }
}

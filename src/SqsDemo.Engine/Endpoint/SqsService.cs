using System;
using System.Collections.Concurrent;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>What the SQS protocols serve: a run's broker, seen by each caller through its own journaling broker.</summary>
    public sealed class SqsService
    {
        /// <summary>The service a SigV4 credential scope names for SQS, in either protocol.</summary>
        public const string SigningName = "sqs";

        private readonly DemoRun _run;
        private readonly ConcurrentDictionary<string, IBroker> _brokers = new ConcurrentDictionary<string, IBroker>(StringComparer.Ordinal);

        public SqsService(DemoRun run, string endpointBase)
        {
            _run = run ?? throw new ArgumentNullException(nameof(run));
            var embedded = run.Broker as EmbeddedBroker
                ?? throw new ArgumentException("An endpoint serves an embedded backend; " + run.Description + " is not one.", nameof(run));
            var options = embedded.Options;
            Urls = new QueueUrlTranslator(EmbeddedQueueUrl.Prefix(options.Region, options.AccountId, options.BrokerId), endpointBase);
            Tags = embedded;
            Time = new CallerTime(run.Clock);
        }

        public QueueUrlTranslator Urls { get; }
        public IQueueTags Tags { get; }
        /// <summary>The broker's timestamps as a caller's wall clock reads them.</summary>
        public CallerTime Time { get; }

        /// <summary>The broker as <paramref name="actor"/> sees it: what it does is journaled under its name.</summary>
        public IBroker BrokerFor(string actor) => _brokers.GetOrAdd(actor, a => _run.BrokerFor(a));
    }
}

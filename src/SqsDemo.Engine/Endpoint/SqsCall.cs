using System.Threading;
using System.Text.Json.Nodes;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>One SQS operation's input and what it runs against: the caller's journaling broker, the tags, the URL translation.</summary>
    internal sealed class SqsCall
    {
        public SqsCall(JsonObject input, IBroker broker, IQueueTags? tags, QueueUrlTranslator urls, CallerTime time, CancellationToken cancellationToken)
        {
            Time = time;
            Input = new SqsInput(input);
            Broker = broker;
            Tags = tags;
            Urls = urls;
            CancellationToken = cancellationToken;
        }

        public SqsInput Input { get; }
        public IBroker Broker { get; }
        public IQueueTags? Tags { get; }
        public QueueUrlTranslator Urls { get; }
        /// <summary>The broker's timestamps as the caller's clock reads them.</summary>
        public CallerTime Time { get; }
        public CancellationToken CancellationToken { get; }

        /// <summary>The request's QueueUrl as the broker spells it.</summary>
        public string QueueUrl => Urls.ToBroker(Input.Required("QueueUrl"));

        public IQueueTags RequireTags() =>
            Tags ?? throw new SqsException(SqsErrorCode.UnsupportedOperation, "This endpoint's backend does not keep queue tags.");
    }
}

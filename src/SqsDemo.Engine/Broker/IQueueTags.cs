using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker
{
    /// <summary>
    /// SQS's queue tags (TagQueue, UntagQueue, ListQueueTags). Apart from <see cref="IBroker"/>
    /// because tags change no rule a scenario shows: only brokers that serve outside clients need them.
    /// </summary>
    public interface IQueueTags
    {
        /// <summary>Adds or overwrites tags on the queue.</summary>
        Task TagQueueAsync(string queueUrl, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

        /// <summary>Removes the tags with these keys (keys the queue lacks are ignored, as in SQS).</summary>
        Task UntagQueueAsync(string queueUrl, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default);

        Task<IReadOnlyDictionary<string, string>> ListQueueTagsAsync(string queueUrl, CancellationToken cancellationToken = default);
    }
}

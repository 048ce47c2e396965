using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker.Embedded
{
    public sealed partial class EmbeddedBroker : IQueueTags
    {
        private const int MaxTagsPerQueue = 50;
        private const int MaxTagKeyLength = 128;
        private const int MaxTagValueLength = 256;

        // Keyed by the queue's state, so a deleted queue's tags go with it and a new queue of that name starts untagged.
        private readonly ConditionalWeakTable<QueueState, Dictionary<string, string>> _tags = new ConditionalWeakTable<QueueState, Dictionary<string, string>>();

        public Task TagQueueAsync(string queueUrl, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                if (tags == null || tags.Count == 0) throw SqsErrors.MissingParameter("Tags");
                foreach (var tag in tags)
                {
                    if (string.IsNullOrEmpty(tag.Key) || tag.Key.Length > MaxTagKeyLength)
                        throw SqsErrors.InvalidParameter("Tag keys must be 1 to " + MaxTagKeyLength + " characters long.");
                    if ((tag.Value ?? "").Length > MaxTagValueLength)
                        throw SqsErrors.InvalidParameter("Tag values must be at most " + MaxTagValueLength + " characters long.");
                }
                var current = _tags.GetValue(queue, _ => new Dictionary<string, string>(StringComparer.Ordinal));
                lock (current)
                {
                    var count = current.Count + tags.Keys.Count(k => !current.ContainsKey(k));
                    if (count > MaxTagsPerQueue) throw SqsErrors.InvalidParameter("Too many tags added for queue " + queue.Name + ".");
                    foreach (var tag in tags) current[tag.Key] = tag.Value ?? "";
                }
                return true;
            });

        public Task UntagQueueAsync(string queueUrl, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                var keys = (tagKeys ?? Enumerable.Empty<string>()).ToArray();
                if (keys.Length == 0) throw SqsErrors.MissingParameter("TagKeys");
                if (_tags.TryGetValue(queue, out var current))
                    lock (current)
                        foreach (var key in keys) current.Remove(key);
                return true;
            });

        public Task<IReadOnlyDictionary<string, string>> ListQueueTagsAsync(string queueUrl, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                var copy = new Dictionary<string, string>(StringComparer.Ordinal);
                if (_tags.TryGetValue(queue, out var current))
                    lock (current)
                        foreach (var tag in current) copy[tag.Key] = tag.Value;
                return (IReadOnlyDictionary<string, string>)copy;
            });
    }
}

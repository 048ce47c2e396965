using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// The broker's queues by name. Lookups are lock-free; create and delete are serialised, and
    /// never take a queue's lock while holding the registry's (queues' locks are leaves).
    /// </summary>
    internal sealed class QueueRegistry
    {
        private readonly object _gate = new object();
        private readonly ConcurrentDictionary<string, QueueState> _queues = new ConcurrentDictionary<string, QueueState>(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _deletedAt = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly BrokerContext _context;
        private int _nextId;

        public QueueRegistry(BrokerContext context)
        {
            _context = context;
        }

        public QueueState? Find(string name) => _queues.TryGetValue(name, out var queue) ? queue : null;

        public QueueState? FindByArn(string arn) => _context.Addressing.TryNameFromArn(arn, out var name) ? Find(name) : null;

        /// <summary>Whether some queue's RedrivePolicy names <paramref name="arn"/> as its dead-letter queue. O(queues), lock-free.</summary>
        public bool IsDeadLetterTarget(string arn)
        {
            foreach (var pair in _queues)
                if (string.Equals(pair.Value.Settings.RedrivePolicy?.DeadLetterTargetArn, arn, StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>The names of the queues whose RedrivePolicy names <paramref name="arn"/>, in name order, after <paramref name="afterName"/> when given. O(queues).</summary>
        public List<string> DeadLetterSourceNames(string arn, string? afterName)
        {
            var names = new List<string>();
            foreach (var pair in _queues)
            {
                if (!string.Equals(pair.Value.Settings.RedrivePolicy?.DeadLetterTargetArn, arn, StringComparison.Ordinal)) continue;
                if (afterName != null && string.CompareOrdinal(pair.Key, afterName) <= 0) continue;
                names.Add(pair.Key);
            }
            names.Sort(StringComparer.Ordinal);
            return names;
        }

        public QueueState ByUrl(string? url)
        {
            if (string.IsNullOrEmpty(url)) throw SqsErrors.MissingParameter("QueueUrl");
            return _context.Addressing.TryNameFromUrl(url, out var name) && Find(name) is QueueState queue ? queue : throw SqsErrors.QueueDoesNotExist();
        }

        public string Create(string? name, IReadOnlyDictionary<string, string>? attributes)
        {
            // A FIFO queue needs both a .fifo name and FifoQueue=true; either one alone fails, as on AWS.
            var fifo = QueueAttributeParser.RequestsFifo(attributes);
            if (fifo || QueueAddressing.LooksFifo(name))
            {
                if (!fifo || !QueueAddressing.IsValidFifoName(name)) throw SqsErrors.InvalidFifoQueueName();
            }
            else if (!QueueAddressing.IsValidStandardName(name)) throw SqsErrors.InvalidQueueName();
            var queueName = name!;
            var arn = _context.Addressing.ArnOf(queueName);
            lock (_gate)
            {
                var defaults = fifo ? QueueSettings.FifoDefaults : QueueSettings.StandardDefaults;
                var requested = QueueAttributeParser.Apply(defaults, attributes, creating: true, arn, FindByArn);
                var now = _context.NowTicks;
                if (_queues.TryGetValue(queueName, out var existing))
                {
                    var current = existing.Settings;
                    foreach (var attributeName in attributes?.Keys ?? Enumerable.Empty<string>())
                    {
                        if (attributeName == QueueAttributeName.FifoQueue) continue; // the name fixes the type, and it matched
                        if (!string.Equals(current.ValueOf(attributeName), requested.ValueOf(attributeName), StringComparison.Ordinal))
                            throw SqsErrors.QueueAlreadyExists(attributeName);
                    }
                    return existing.Url;
                }
                if (_deletedAt.TryGetValue(queueName, out var deletedAt))
                {
                    if (now - deletedAt < SqsLimits.DeletedQueueNameReuseSeconds * TimeSpan.TicksPerSecond) throw SqsErrors.QueueDeletedRecently();
                    _deletedAt.Remove(queueName);
                }
                var queue = new QueueState(++_nextId, queueName, requested, now, _context);
                _queues[queueName] = queue;
                return queue.Url;
            }
        }

        public void Delete(string? url)
        {
            QueueState queue;
            lock (_gate)
            {
                queue = ByUrl(url);
                _queues.TryRemove(queue.Name, out _);
                _deletedAt[queue.Name] = _context.NowTicks;
                PruneDeleted();
            }
            queue.MarkDeleted();
        }

        public IReadOnlyList<string> List(string? prefix, int max) =>
            _queues.Keys
                .Where(n => string.IsNullOrEmpty(prefix) || n.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(n => n, StringComparer.Ordinal)
                .Take(max)
                .Select(_context.Addressing.UrlOf)
                .ToArray();

        private void PruneDeleted()
        {
            if (_deletedAt.Count < 64) return;
            var cutoff = _context.NowTicks - SqsLimits.DeletedQueueNameReuseSeconds * TimeSpan.TicksPerSecond;
            foreach (var stale in _deletedAt.Where(p => p.Value <= cutoff).Select(p => p.Key).ToArray()) _deletedAt.Remove(stale);
        }
    }
}

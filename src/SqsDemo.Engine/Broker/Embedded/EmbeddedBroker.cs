using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Clock;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// An in-process Amazon SQS that honours the rules of docs/sqs-rules.md (standard and FIFO
    /// queues and their dead-letter queues): AWS's error codes and wording, its limits, lazy DLQ
    /// moves, purge windows, retention, delays, best-effort order and (optionally) duplicates;
    /// FIFO message groups, deduplication, sequence numbers and receive attempts; message move
    /// tasks (DLQ redrive) that run on the clock.
    /// All time comes from the given clock, all chance from the seed, so a run replays with its
    /// seed. Thread-safe: one lock per queue; notifications are raised outside every lock.
    /// Cancelling a call's token makes it throw <see cref="OperationCanceledException"/>
    /// (a long poll included); a call that already took effect is not undone.
    /// </summary>
    public sealed partial class EmbeddedBroker : IBroker, IBrokerNotifications, IQueueAgeMetric
    {
        private const int MaxListedQueues = 1000;

        private readonly BrokerContext _context;
        private readonly QueueRegistry _registry;
        private readonly MessageMoveTasks _moveTasks;

        public EmbeddedBroker(TimeProvider clock, int seed, EmbeddedBrokerOptions? options = null)
        {
            Clock = clock ?? throw new ArgumentNullException(nameof(clock));
            Seed = seed;
            Options = (options ?? new EmbeddedBrokerOptions()).Validated();
            var addressing = new QueueAddressing(Options.Region, Options.AccountId, Options.BrokerId);
            _context = new BrokerContext(clock, SeededRandom.Derive(seed, "broker"), Options, addressing, RaiseAll);
            _registry = new QueueRegistry(_context);
            _moveTasks = new MessageMoveTasks(_context, _registry);
        }

        /// <summary>Raised (outside the broker's locks) for what the broker does on its own: DLQ moves, purges, retention expiry, ignored stale deletes, redriven messages.</summary>
        public event EventHandler<BrokerNotificationEventArgs>? Notified;

        public TimeProvider Clock { get; }
        public int Seed { get; }
        /// <summary>A validated copy of the options the broker was built with.</summary>
        public EmbeddedBrokerOptions Options { get; }

        public Task<string> CreateQueueAsync(string queueName, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () => _registry.Create(queueName, attributes));

        public Task<string> GetQueueUrlAsync(string queueName, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                if (string.IsNullOrEmpty(queueName)) throw SqsErrors.MissingParameter("QueueName");
                return (_registry.Find(queueName) ?? throw SqsErrors.QueueDoesNotExist()).Url;
            });

        public Task DeleteQueueAsync(string queueUrl, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                _registry.Delete(queueUrl);
                return true;
            });

        public Task<IReadOnlyList<string>> ListQueuesAsync(string? queueNamePrefix, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () => _registry.List(queueNamePrefix, MaxListedQueues));

        public Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string> attributeNames, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                var names = new List<string>();
                var all = false;
                foreach (var name in attributeNames ?? Array.Empty<string>())
                {
                    if (name == QueueAttributeName.All) all = true;
                    else if (QueueAttributeParser.Readable.Contains(name ?? "")) names.Add(name!);
                    else throw SqsErrors.UnknownAttribute(name ?? "");
                }
                return WithNotes(notes => queue.GetAttributes(names, all, _context.NowTicks, notes));
            });

        public Task<long> GetApproximateAgeOfOldestMessageAsync(string queueUrl, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                return WithNotes(notes => queue.AgeOfOldestMessageSeconds(_context.NowTicks, notes));
            });

        public Task SetQueueAttributesAsync(string queueUrl, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                if (attributes == null || attributes.Count == 0) throw SqsErrors.MissingParameter("Attributes");
                var settings = QueueAttributeParser.Apply(queue.Settings, attributes, creating: false, queue.Arn, _registry.FindByArn);
                queue.ReplaceSettings(settings, _context.NowTicks);
                return true;
            });

        public Task PurgeQueueAsync(string queueUrl, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                return WithNotes(notes =>
                {
                    queue.Purge(_context.NowTicks, notes);
                    return true;
                });
            });

        /// <summary>Runs a synchronous operation as a completed task: errors fault the task, a cancelled token cancels it.</summary>
        private static Task<T> Run<T>(CancellationToken cancellationToken, Func<T> operation)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
            try
            {
                return Task.FromResult(operation());
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }

        /// <summary>Runs <paramref name="operation"/> with a notification buffer, raising what it collected afterwards (even if it failed).</summary>
        private T WithNotes<T>(Func<List<BrokerNotificationEventArgs>, T> operation)
        {
            var notes = new List<BrokerNotificationEventArgs>();
            try
            {
                return operation(notes);
            }
            finally
            {
                RaiseAll(notes);
            }
        }

        /// <summary>Raises notifications in order; a failing handler does not break the broker (or the other handlers).</summary>
        private void RaiseAll(List<BrokerNotificationEventArgs> notes)
        {
            if (notes.Count == 0) return;
            var handlers = Notified;
            if (handlers == null) return;
            var list = handlers.GetInvocationList();
            foreach (var note in notes)
            {
                foreach (var handler in list)
                {
                    try
                    {
                        ((EventHandler<BrokerNotificationEventArgs>)handler)(this, note);
                    }
                    catch (Exception)
                    {
                        // A journal or observer failing must not fail the queue operation that happened.
                    }
                }
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Broker.Embedded;

namespace SqsDemo.Engine.Backends
{
    /// <summary>
    /// The embedded backends alive in this process, by the broker id their queue URLs carry. A queue
    /// URL (or an environment holding one) handed to another runspace of the process, a thread job or
    /// ForEach-Object -Parallel, finds its broker here; each runspace still gets brokers of its own,
    /// reachable only through their URLs. Held weakly: a backend nobody uses any more goes away.
    /// </summary>
    public static class BackendDirectory
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, WeakReference<DemoRun>> Embedded = new Dictionary<string, WeakReference<DemoRun>>(StringComparer.Ordinal);

        /// <summary>A broker id for a new embedded backend: random, so that no other process's URL can match it.</summary>
        public static string NewBrokerId() => Guid.NewGuid().ToString("N").Substring(0, 8);

        internal static void Register(string brokerId, DemoRun backend)
        {
            lock (Gate)
            {
                foreach (var dead in Embedded.Where(e => !e.Value.TryGetTarget(out _)).Select(e => e.Key).ToArray())
                    Embedded.Remove(dead);
                Embedded[brokerId] = new WeakReference<DemoRun>(backend);
            }
        }

        /// <summary>What <paramref name="queueUrl"/> says of the backend its queue lives on.</summary>
        public static QueueHome Locate(string? queueUrl)
        {
            if (!EmbeddedQueueUrl.TryGetBrokerId(queueUrl, out var brokerId)) return QueueHome.Unknown;
            lock (Gate)
            {
                return Embedded.TryGetValue(brokerId, out var reference) && reference.TryGetTarget(out var backend)
                    ? QueueHome.On(backend)
                    : QueueHome.NotInThisProcess(brokerId);
            }
        }
    }

    /// <summary>Where a queue URL's queue lives, as far as this process can tell.</summary>
    public sealed class QueueHome
    {
        private QueueHome(DemoRun? backend, string? missingBrokerId)
        {
            Backend = backend;
            MissingBrokerId = missingBrokerId;
        }

        /// <summary>Not an embedded URL with a broker id (an endpoint's, AWS's, or made up): the caller's backend decides.</summary>
        public static QueueHome Unknown { get; } = new QueueHome(null, null);

        internal static QueueHome On(DemoRun backend) => new QueueHome(backend, null);

        internal static QueueHome NotInThisProcess(string brokerId) => new QueueHome(null, brokerId);

        /// <summary>The embedded backend holding the queue; null when unknown or not in this process.</summary>
        public DemoRun? Backend { get; }

        /// <summary>The broker id of an embedded URL whose broker is not in this process (another process's, or one that ended).</summary>
        public string? MissingBrokerId { get; }
    }
}

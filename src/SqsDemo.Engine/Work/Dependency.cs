using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace SqsDemo.Engine.Work
{
    /// <summary>A window of time (on the backend's clock) in which a dependency answers every call with an error.</summary>
    public sealed class DependencyOutage
    {
        public DependencyOutage(DateTimeOffset start, DateTimeOffset end)
        {
            if (end <= start) throw new ArgumentException("An outage must end after it starts.", nameof(end));
            Start = start;
            End = end;
        }

        public DateTimeOffset Start { get; }
        public DateTimeOffset End { get; }

        public bool Covers(DateTimeOffset time) => time >= Start && time < End;
    }

    /// <summary>
    /// A system downstream of a consumer, such as a payment gateway: it is down (every call fails,
    /// a transient error worth retrying) during its outages, and it declines some keys for good (a
    /// card that will never be charged: a permanent error). Calls, failures and declines are counted,
    /// so a check can see whether a circuit breaker kept calls away during an outage.
    /// </summary>
    public sealed class SimulatedDependency
    {
        private readonly TimeProvider _clock;
        private readonly HashSet<string> _declinedKeys;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _succeeded = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        private long _calls;
        private long _unavailable;
        private long _declined;

        public SimulatedDependency(string name, TimeProvider clock, IEnumerable<DependencyOutage>? outages = null, IEnumerable<string>? declinedKeys = null)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A dependency needs a name.", nameof(name));
            Name = name;
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            Outages = (outages ?? Enumerable.Empty<DependencyOutage>()).OrderBy(o => o.Start).ToArray();
            _declinedKeys = new HashSet<string>(declinedKeys ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        }

        public string Name { get; }
        public IReadOnlyList<DependencyOutage> Outages { get; }
        public IReadOnlyCollection<string> DeclinedKeys => _declinedKeys;

        /// <summary>Calls that reached the dependency (a breaker's short-circuited calls never do).</summary>
        public long Calls => Interlocked.Read(ref _calls);
        public long UnavailableAnswers => Interlocked.Read(ref _unavailable);
        public long Declines => Interlocked.Read(ref _declined);

        /// <summary>Successful calls per key: what the dependency really did (a payment charged twice shows as 2).</summary>
        public IReadOnlyDictionary<string, long> SucceededCalls => new Dictionary<string, long>(_succeeded, StringComparer.Ordinal);

        /// <summary>True while an outage covers the clock's present.</summary>
        public bool IsDown => Outages.Any(o => o.Covers(_clock.GetUtcNow()));

        /// <summary>
        /// One call for <paramref name="key"/>: a receipt on success; <see cref="DependencyUnavailableException"/>
        /// during an outage; <see cref="DependencyDeclinedException"/> for a declined key.
        /// </summary>
        public string Call(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            var call = Interlocked.Increment(ref _calls);
            var now = _clock.GetUtcNow();
            var outage = Outages.FirstOrDefault(o => o.Covers(now));
            if (outage != null)
            {
                Interlocked.Increment(ref _unavailable);
                throw new DependencyUnavailableException(Name, key, string.Format(CultureInfo.InvariantCulture,
                    "{0} is unavailable (an outage, for {1:0.#}s more).", Name, (outage.End - now).TotalSeconds));
            }
            if (_declinedKeys.Contains(key))
            {
                Interlocked.Increment(ref _declined);
                throw new DependencyDeclinedException(Name, key, $"{Name} declined '{key}'.");
            }
            _succeeded.AddOrUpdate(key, 1, (_, n) => n + 1);
            return Name + "/" + key + "/" + call.ToString(CultureInfo.InvariantCulture);
        }

        public override string ToString() => Name;
    }

    /// <summary>A dependency answered with an error.</summary>
    public abstract class DependencyException : Exception
    {
        protected DependencyException(string dependency, string key, string message) : base(message)
        {
            Dependency = dependency;
            Key = key;
        }

        public string Dependency { get; }
        public string Key { get; }
        /// <summary>Worth retrying later (an outage), as opposed to an answer that will not change.</summary>
        public abstract bool Transient { get; }
    }

    /// <summary>The dependency is down: retry later. A circuit breaker counts these.</summary>
    public sealed class DependencyUnavailableException : DependencyException
    {
        public DependencyUnavailableException(string dependency, string key, string message) : base(dependency, key, message) { }
        public override bool Transient => true;
    }

    /// <summary>The dependency refused this key for good. A circuit breaker does not count these: the dependency is healthy.</summary>
    public sealed class DependencyDeclinedException : DependencyException
    {
        public DependencyDeclinedException(string dependency, string key, string message) : base(dependency, key, message) { }
        public override bool Transient => false;
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqsDemo.Engine.Clock;

namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>
    /// A fault in place on one endpoint: its rule, and how many calls it matched and hit so far. Each matching
    /// call draws once from the fault's own seeded random (derived from the run's seed and the fault's name),
    /// so a run with the same seed and the same calls hits the same ones.
    /// </summary>
    public sealed class EndpointFault
    {
        private readonly EndpointFaultRule _rule;
        private readonly NamePattern[] _operations;
        private readonly NamePattern _caller;
        private readonly SeededRandom _draws;
        private readonly object _gate = new object();
        private long _matched;
        private long _fired;

        internal EndpointFault(EndpointFaultRule rule, string name, SeededRandom draws, EndpointFaults owner)
        {
            _rule = rule;
            Name = name;
            _draws = draws;
            Owner = owner;
            _operations = rule.Operations.Select(o => new NamePattern(o)).ToArray();
            _caller = new NamePattern(rule.Caller);
        }

        public string Name { get; }
        /// <summary>The URL of the endpoint the fault is on.</summary>
        public string Endpoint => Owner.EndpointUrl;
        /// <summary>The operation patterns; empty means every operation.</summary>
        public IReadOnlyList<string> Operations => _rule.Operations.ToArray();
        public string Caller => _rule.Caller;
        /// <summary>sqs, dynamodb, or null for both.</summary>
        public string? Service => _rule.Service;
        public double Rate => _rule.Rate;
        public int? Count => _rule.Count;
        public EndpointFaultError? Error => _rule.Error;
        public double LatencySeconds => _rule.LatencySeconds;
        public bool LoseResponse => _rule.LoseResponse;
        /// <summary>The seed of the fault's draws.</summary>
        public int Seed => _draws.Seed;

        /// <summary>Calls that matched (operation, caller, service), hit or not.</summary>
        public long Matched
        {
            get { lock (_gate) return _matched; }
        }

        /// <summary>Calls the fault hit.</summary>
        public long Fired
        {
            get { lock (_gate) return _fired; }
        }

        /// <summary>The fault hit its count of calls and hits no more.</summary>
        public bool Spent => Count is int count && Fired >= count;

        internal EndpointFaults Owner { get; }

        /// <summary>What the fault does, in a few words: "503 ServiceUnavailable", "+2 s, lost response".</summary>
        public string Effect
        {
            get
            {
                var parts = new List<string>();
                if (LatencySeconds > 0) parts.Add("+" + LatencySeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s");
                if (Error is EndpointFaultError error) parts.Add(error.ToString());
                if (LoseResponse) parts.Add("lost response");
                return string.Join(", ", parts);
            }
        }

        /// <summary>Takes the fault off its endpoint; false when it was not on it any more.</summary>
        public bool Remove() => Owner.Remove(this);

        internal bool Matches(EndpointCall call) =>
            (Service == null || Service == call.Service)
            && _caller.IsMatch(call.Caller)
            && (_operations.Length == 0 || _operations.Any(o => o.IsMatch(call.Operation)));

        /// <summary>Counts a matching call and draws whether the fault hits it (never once spent).</summary>
        internal bool Hits()
        {
            lock (_gate)
            {
                _matched++;
                if (Count is int count && _fired >= count) return false;
                if (Rate < 1 && _draws.NextDouble() >= Rate) return false;
                _fired++;
                return true;
            }
        }

        public override string ToString() =>
            Name + ": " + Effect + " on " + (Operations.Count == 0 ? "every operation" : string.Join(",", Operations)) + (Caller == "*" ? "" : " by " + Caller);
    }
}

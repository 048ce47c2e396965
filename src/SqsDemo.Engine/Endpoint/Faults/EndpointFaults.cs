using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Endpoint.Faults
{
    /// <summary>
    /// The protocol faults of one endpoint, as long as it serves: on each call, the first fault (in the order
    /// added) that matches and hits it acts, and a FaultInjected event records it. An error answers the call
    /// unserved; latency holds it on the run's clock, then lets it through; a lost response lets it take effect,
    /// holds it for the latency (the caller's wait for an answer that never comes) and drops the connection.
    /// </summary>
    public sealed class EndpointFaults : IAsyncEndpointInterceptor
    {
        private readonly DemoRun _run;
        private readonly object _gate = new object();
        private EndpointFault[] _faults = Array.Empty<EndpointFault>();
        private int _unnamed;
        // The calls served under a lost-response fault, until their answer is dropped.
        private readonly ConditionalWeakTable<EndpointCall, EndpointFault> _losing = new ConditionalWeakTable<EndpointCall, EndpointFault>();

        public EndpointFaults(DemoRun run, string endpointUrl)
        {
            _run = run ?? throw new ArgumentNullException(nameof(run));
            EndpointUrl = endpointUrl;
        }

        public string EndpointUrl { get; }

        /// <summary>The faults in place, in the order they act.</summary>
        public IReadOnlyList<EndpointFault> All => Volatile.Read(ref _faults);

        /// <summary>Puts a fault in place (after those already there); throws <see cref="EndpointFaultException"/> for a rule that cannot work.</summary>
        public EndpointFault Add(EndpointFaultRule rule)
        {
            if (rule == null) throw new ArgumentNullException(nameof(rule));
            var copy = rule.Clone();
            copy.Validate();
            lock (_gate)
            {
                var name = string.IsNullOrEmpty(copy.Name) ? NextName() : copy.Name!;
                if (_faults.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
                    throw new EndpointFaultException(EndpointFaultProblem.NameTaken, "The endpoint " + EndpointUrl + " has a fault named '" + name + "' already.");
                var fault = new EndpointFault(copy, name, _run.RandomFor("faults/" + name), this);
                _faults = _faults.Concat(new[] { fault }).ToArray();
                return fault;
            }
        }

        private string NextName()
        {
            string name;
            do name = "fault-" + (++_unnamed).ToString(CultureInfo.InvariantCulture);
            while (_faults.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)));
            return name;
        }

        /// <summary>Takes the fault away; false when it was not in place.</summary>
        public bool Remove(EndpointFault fault)
        {
            lock (_gate)
            {
                if (!_faults.Contains(fault)) return false;
                _faults = _faults.Where(f => !ReferenceEquals(f, fault)).ToArray();
                return true;
            }
        }

        public async Task<EndpointResponse?> BeforeAsync(EndpointCall call, CancellationToken cancellationToken)
        {
            var fault = All.FirstOrDefault(f => f.Matches(call) && f.Hits());
            if (fault == null) return null;
            if (fault.LoseResponse)
            {
                _losing.Add(call, fault);
                return null;
            }
            if (fault.Error is EndpointFaultError error)
            {
                var (answer, code) = FaultAnswers.For(call, error, fault.Name);
                Record(call, fault, EndpointFaultEffect.Error, code);
                await WaitAsync(fault, cancellationToken).ConfigureAwait(false);
                return answer;
            }
            Record(call, fault, EndpointFaultEffect.Latency, null);
            await WaitAsync(fault, cancellationToken).ConfigureAwait(false);
            return null;
        }

        public async Task<EndpointResponse?> AfterAsync(EndpointCall call, EndpointResponse response, CancellationToken cancellationToken)
        {
            if (!_losing.TryGetValue(call, out var fault)) return null;
            _losing.Remove(call);
            await WaitAsync(fault, cancellationToken).ConfigureAwait(false);
            Record(call, fault, EndpointFaultEffect.LostResponse, null);
            return EndpointResponse.Dropped();
        }

        public EndpointResponse? Before(EndpointCall call) => BeforeAsync(call, CancellationToken.None).GetAwaiter().GetResult();

        public EndpointResponse? After(EndpointCall call, EndpointResponse response) => AfterAsync(call, response, CancellationToken.None).GetAwaiter().GetResult();

        private Task WaitAsync(EndpointFault fault, CancellationToken cancellationToken) =>
            fault.LatencySeconds > 0 ? _run.Clock.Delay(TimeSpan.FromSeconds(fault.LatencySeconds), cancellationToken) : Task.CompletedTask;

        private void Record(EndpointCall call, EndpointFault fault, EndpointFaultEffect effect, string? code)
        {
            var latency = fault.LatencySeconds > 0 ? fault.LatencySeconds : (double?)null;
            var what = effect == EndpointFaultEffect.Error ? "answered " + code + " instead"
                : effect == EndpointFaultEffect.LostResponse ? "served, then its response lost" : "held";
            var detail = call.Service + ":" + call.Operation + " " + what
                + (latency == null ? "" : (effect == EndpointFaultEffect.LostResponse ? " after " : " for ") + fault.LatencySeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s")
                + " by fault " + fault.Name;
            _run.Journal.Record(JournalEventKind.FaultInjected, actor: call.Caller, detail: detail,
                facts: new JournalFacts { FaultName = fault.Name, FaultEffect = effect, Operation = call.Operation, ErrorCode = code, LatencySeconds = latency });
        }
    }
}

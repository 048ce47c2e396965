using System;
using System.Globalization;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// A consumer's circuit breaker around its dependency: Polly's circuit breaker with a failure
    /// ratio of 1, so it opens once the last <see cref="SamplingSeconds"/> held at least
    /// <see cref="FailureThreshold"/> calls and every one failed (during an outage: that many
    /// failures in a row; a success within the window holds it closed until it ages out), and stays
    /// open for <see cref="BreakSeconds"/>; then one trial call decides between closing and opening
    /// again. Only transient errors count: a declined key says nothing about the dependency's health.
    /// </summary>
    public sealed class CircuitBreakerSettings
    {
        /// <summary>Failed calls that open the breaker; Polly's minimum throughput, so at least 2.</summary>
        public int FailureThreshold { get; set; } = 3;
        /// <summary>Scenario seconds the breaker stays open before a trial call.</summary>
        public double BreakSeconds { get; set; } = 30;
        /// <summary>Scenario seconds over which calls are counted: short, so that a success before the outage soon stops counting.</summary>
        public double SamplingSeconds { get; set; } = 10;

        public void Validate()
        {
            if (FailureThreshold < 2 || FailureThreshold > 1000)
                throw new ArgumentOutOfRangeException(nameof(FailureThreshold), FailureThreshold, "The breaker's failure threshold must be between 2 and 1000 (Polly's minimum throughput is 2).");
            // Polly accepts at least half a second and at most a day for both.
            if (!(BreakSeconds >= 0.5) || BreakSeconds > 86400)
                throw new ArgumentOutOfRangeException(nameof(BreakSeconds), BreakSeconds, "The breaker's break must be between 0.5 and 86400 seconds.");
            if (!(SamplingSeconds >= 0.5) || SamplingSeconds > 86400)
                throw new ArgumentOutOfRangeException(nameof(SamplingSeconds), SamplingSeconds, "The breaker's sampling window must be between 0.5 and 86400 seconds.");
        }

        public CircuitBreakerSettings Clone() => (CircuitBreakerSettings)MemberwiseClone();

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "opens once {0}+ calls within {1}s all failed, for {2}s", FailureThreshold, SamplingSeconds, BreakSeconds);
    }

    /// <summary>
    /// What a handler calls: one consumer incarnation's way to its dependency, through its circuit
    /// breaker when it has one, every call journaled. A crash loses it, and with it the breaker's
    /// state, as a restarted process would.
    /// </summary>
    public sealed class DependencyClient
    {
        private readonly SimulatedDependency _dependency;
        private readonly TimeProvider _clock;
        private readonly Action<JournalEventKind, string, JournalFacts> _journal;
        private readonly ResiliencePipeline? _breaker;
        private readonly CircuitBreakerStateProvider? _state;
        private DateTimeOffset _openUntil;

        /// <param name="journal">Records an event against the message being handled.</param>
        public DependencyClient(SimulatedDependency dependency, CircuitBreakerSettings? breaker, TimeProvider clock, Action<JournalEventKind, string, JournalFacts> journal)
        {
            _dependency = dependency ?? throw new ArgumentNullException(nameof(dependency));
            _clock = clock;
            _journal = journal;
            if (breaker == null) return;
            breaker.Validate();
            _state = new CircuitBreakerStateProvider();
            _breaker = new ResiliencePipelineBuilder { TimeProvider = clock }
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    FailureRatio = 1.0,
                    MinimumThroughput = breaker.FailureThreshold,
                    SamplingDuration = TimeSpan.FromSeconds(breaker.SamplingSeconds),
                    BreakDuration = TimeSpan.FromSeconds(breaker.BreakSeconds),
                    ShouldHandle = new PredicateBuilder().Handle<DependencyUnavailableException>(),
                    StateProvider = _state,
                    OnOpened = args =>
                    {
                        _openUntil = _clock.GetUtcNow() + args.BreakDuration;
                        _journal(JournalEventKind.BreakerOpened, string.Format(CultureInfo.InvariantCulture,
                            "{0}: open for {1}s ({2})", Name, args.BreakDuration.TotalSeconds, breaker),
                            new JournalFacts { DependencyName = Name, BreakerOpenSeconds = args.BreakDuration.TotalSeconds });
                        return default;
                    },
                    OnHalfOpened = _ =>
                    {
                        _journal(JournalEventKind.BreakerHalfOpened, Name + ": one trial call", new JournalFacts { DependencyName = Name });
                        return default;
                    },
                    OnClosed = _ =>
                    {
                        _journal(JournalEventKind.BreakerClosed, Name + ": the trial call succeeded", new JournalFacts { DependencyName = Name });
                        return default;
                    },
                })
                .Build();
        }

        public string Name => _dependency.Name;

        /// <summary>Closed, Open, HalfOpen, or "None" without a breaker.</summary>
        public string BreakerState => _state == null ? "None" : _state.CircuitState.ToString();

        /// <summary>How long the breaker stays open from now; zero when it is not open.</summary>
        public TimeSpan BreakRemaining
        {
            get
            {
                if (_state == null || _state.CircuitState != CircuitState.Open) return TimeSpan.Zero;
                var remaining = _openUntil - _clock.GetUtcNow();
                return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
            }
        }

        /// <summary>
        /// Calls the dependency for <paramref name="key"/> and returns its receipt. Throws what the
        /// dependency throws, or Polly's <see cref="BrokenCircuitException"/> without calling it while the breaker is open.
        /// </summary>
        public string Call(string key)
        {
            if (_breaker == null) return CallOnce(key);
            return _breaker.Execute(_ => CallOnce(key));
        }

        private string CallOnce(string key)
        {
            try
            {
                var receipt = _dependency.Call(key);
                _journal(JournalEventKind.DependencyCalled, Name + " " + key + ": ok, " + receipt,
                    new JournalFacts { DependencyName = Name, DependencyKey = key, DependencyOutcome = Journal.DependencyOutcome.Ok, DependencyReceipt = receipt });
                return receipt;
            }
            catch (DependencyException e)
            {
                _journal(JournalEventKind.DependencyFailed, Name + " " + key + ": " + (e.Transient ? "unavailable" : "declined") + ", " + e.Message,
                    new JournalFacts
                    {
                        DependencyName = Name, DependencyKey = key, Error = e.Message,
                        DependencyOutcome = e.Transient ? Journal.DependencyOutcome.Unavailable : Journal.DependencyOutcome.Declined,
                    });
                throw;
            }
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Linq;
using Polly.CircuitBreaker;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Broker;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// The simulated dependency and the consumer's circuit breaker around it, on a manual clock:
    /// time moves only when a test moves it, so every boundary is exact. Polly's breaker must run on
    /// the clock it is given: were it reading the system clock, a break of minutes could never end
    /// in these tests (the manual clock jumps, the system clock does not) and a failure sampled an
    /// hour ago on the manual clock would still count.
    /// </summary>
    public sealed class DependencyTests
    {
        private readonly ManualClock _clock = new ManualClock();
        private readonly ConcurrentQueue<(JournalEventKind Kind, JournalFacts Facts)> _journal = new ConcurrentQueue<(JournalEventKind, JournalFacts)>();

        private DateTimeOffset At(double seconds) => _clock.GetUtcNow() + TimeSpan.FromSeconds(seconds);

        /// <summary>A dependency whose outage starts <paramref name="after"/> seconds from now and lasts <paramref name="length"/>.</summary>
        private SimulatedDependency Dependency(double after = 0, double length = 0, params string[] declined) =>
            new SimulatedDependency("payments", _clock, length > 0 ? new[] { new DependencyOutage(At(after), At(after + length)) } : null, declined);

        private DependencyClient Client(SimulatedDependency dependency, int threshold = 3, double breakSeconds = 30, double samplingSeconds = 60) =>
            new DependencyClient(dependency, new CircuitBreakerSettings { FailureThreshold = threshold, BreakSeconds = breakSeconds, SamplingSeconds = samplingSeconds },
                _clock, (kind, _, facts) => _journal.Enqueue((kind, facts)));

        private static (string?, string?, DependencyOutcome?) Call(JournalFacts facts) => (facts.DependencyName, facts.DependencyKey, facts.DependencyOutcome);

        private JournalEventKind[] Kinds() => _journal.Select(e => e.Kind).ToArray();

        private int Count(JournalEventKind kind) => _journal.Count(e => e.Kind == kind);

        // ---- the dependency ----

        [Fact]
        public void An_outage_starts_at_its_start_inclusive_and_is_over_at_its_end_exclusive()
        {
            var dependency = Dependency(after: 10, length: 20);

            _clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
            Assert.False(dependency.IsDown);
            Assert.StartsWith("payments/k/", dependency.Call("k"));

            _clock.Advance(TimeSpan.FromTicks(1));
            Assert.True(dependency.IsDown);
            var down = Assert.Throws<DependencyUnavailableException>(() => dependency.Call("k"));
            Assert.True(down.Transient);
            Assert.Equal("payments", down.Dependency);
            Assert.Equal("k", down.Key);
            Assert.Contains("unavailable", down.Message);
            Assert.Contains("20s more", down.Message);

            _clock.Advance(TimeSpan.FromSeconds(20) - TimeSpan.FromTicks(1));
            Assert.True(dependency.IsDown);
            Assert.Throws<DependencyUnavailableException>(() => dependency.Call("k"));

            _clock.Advance(TimeSpan.FromTicks(1));
            Assert.False(dependency.IsDown);
            Assert.StartsWith("payments/k/", dependency.Call("k"));
        }

        [Fact]
        public void Each_of_several_outages_covers_only_its_own_window()
        {
            var later = new DependencyOutage(At(100), At(110));
            var sooner = new DependencyOutage(At(10), At(20));
            var dependency = new SimulatedDependency("ledger", _clock, new[] { later, sooner });
            Assert.Equal(new[] { sooner, later }, dependency.Outages);

            var down = new System.Collections.Generic.List<int>();
            for (var second = 0; second < 120; second++)
            {
                if (dependency.IsDown) down.Add(second);
                _clock.AdvanceSeconds(1);
            }
            Assert.Equal(Enumerable.Range(10, 10).Concat(Enumerable.Range(100, 10)), down);
        }

        [Fact]
        public void An_outage_that_does_not_end_after_it_starts_is_refused()
        {
            Assert.Throws<ArgumentException>(() => new DependencyOutage(At(5), At(5)));
            Assert.Throws<ArgumentException>(() => new DependencyOutage(At(5), At(4)));
        }

        [Fact]
        public void A_dependency_needs_a_name_a_clock_and_a_key_per_call()
        {
            Assert.Throws<ArgumentException>(() => new SimulatedDependency("", _clock));
            Assert.Throws<ArgumentException>(() => new SimulatedDependency("  ", _clock));
            Assert.Throws<ArgumentNullException>(() => new SimulatedDependency("x", null!));
            Assert.Throws<ArgumentNullException>(() => Dependency().Call(null!));
        }

        [Fact]
        public void A_declined_key_is_declined_on_every_call_and_as_a_permanent_error_while_other_keys_go_through()
        {
            var dependency = Dependency(0, 0, "card-bad");

            for (var i = 0; i < 3; i++)
            {
                var declined = Assert.Throws<DependencyDeclinedException>(() => dependency.Call("card-bad"));
                Assert.False(declined.Transient);
                Assert.Equal("card-bad", declined.Key);
                Assert.Equal("payments declined 'card-bad'.", declined.Message);
            }
            Assert.Equal("payments/card-good/4", dependency.Call("card-good"));
            // Keys are compared exactly.
            Assert.Equal("payments/CARD-BAD/5", dependency.Call("CARD-BAD"));
            Assert.Equal(new[] { "card-bad" }, dependency.DeclinedKeys);
        }

        [Fact]
        public void The_counters_count_every_call_that_reached_it_each_unavailable_answer_and_each_decline()
        {
            var dependency = Dependency(after: 5, length: 5, "no");
            dependency.Call("a");
            Assert.Throws<DependencyDeclinedException>(() => dependency.Call("no"));
            _clock.AdvanceSeconds(5);
            Assert.Throws<DependencyUnavailableException>(() => dependency.Call("a"));
            // During an outage even a declined key gets "unavailable": the dependency never saw it.
            Assert.Throws<DependencyUnavailableException>(() => dependency.Call("no"));
            _clock.AdvanceSeconds(5);
            Assert.Equal("payments/a/5", dependency.Call("a"));

            Assert.Equal(5, dependency.Calls);
            Assert.Equal(2, dependency.UnavailableAnswers);
            Assert.Equal(1, dependency.Declines);
        }

        // ---- the client without a breaker ----

        [Fact]
        public void Without_a_breaker_every_call_reaches_the_dependency_and_is_journaled()
        {
            var dependency = Dependency(after: 0, length: 10, "no");
            var client = new DependencyClient(dependency, null, _clock, (kind, _, facts) => _journal.Enqueue((kind, facts)));
            Assert.Equal("None", client.BreakerState);
            Assert.Equal("payments", client.Name);

            for (var i = 0; i < 10; i++) Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal(10, dependency.Calls);
            Assert.Equal(TimeSpan.Zero, client.BreakRemaining);
            Assert.All(_journal, e => Assert.Equal(JournalEventKind.DependencyFailed, e.Kind));
            Assert.Equal(("payments", "k", DependencyOutcome.Unavailable), Call(_journal.First().Facts));

            _clock.AdvanceSeconds(10);
            Assert.Throws<DependencyDeclinedException>(() => client.Call("no"));
            Assert.Equal("payments/k/12", client.Call("k"));
            Assert.Equal(("payments", "no", DependencyOutcome.Declined), Call(_journal.Reverse().Skip(1).First().Facts));
            Assert.Equal(JournalEventKind.DependencyCalled, _journal.Last().Kind);
            Assert.Equal(("payments", "k", DependencyOutcome.Ok), Call(_journal.Last().Facts));
            Assert.Equal("payments/k/12", _journal.Last().Facts.DependencyReceipt);
        }

        // ---- the breaker ----

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(7)]
        public void It_opens_after_exactly_FailureThreshold_unavailable_answers_in_a_row(int threshold)
        {
            var dependency = Dependency(after: 0, length: 3600);
            var client = Client(dependency, threshold);

            for (var call = 1; call < threshold; call++)
            {
                Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
                Assert.Equal("Closed", client.BreakerState);
            }
            Assert.Equal(0, Count(JournalEventKind.BreakerOpened));

            // The threshold-th call still reaches the dependency; its failure opens the breaker.
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal("Open", client.BreakerState);
            Assert.Equal(threshold, dependency.Calls);
            var opened = Assert.Single(_journal, e => e.Kind == JournalEventKind.BreakerOpened);
            Assert.Equal("payments", opened.Facts.DependencyName);
            Assert.Equal(30, opened.Facts.BreakerOpenSeconds);
            Assert.Equal(Enumerable.Repeat(JournalEventKind.DependencyFailed, threshold).Append(JournalEventKind.BreakerOpened), Kinds());
        }

        [Fact]
        public void While_open_a_call_is_refused_with_BrokenCircuitException_and_never_reaches_the_dependency()
        {
            var dependency = Dependency(after: 0, length: 3600);
            var client = Client(dependency, threshold: 2);
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            var journaled = _journal.Count;

            for (var i = 0; i < 5; i++)
            {
                var broken = Assert.Throws<BrokenCircuitException>(() => client.Call("k" + i));
                // Polly keeps what broke it.
                Assert.IsType<DependencyUnavailableException>(broken.InnerException);
                _clock.AdvanceSeconds(5);
            }
            Assert.Equal(2, dependency.Calls);
            Assert.Equal(2, dependency.UnavailableAnswers);
            Assert.Equal(journaled, _journal.Count);
            Assert.Equal("Open", client.BreakerState);
        }

        [Fact]
        public void BreakRemaining_counts_down_on_the_given_clock_and_is_zero_when_the_break_is_over_or_the_breaker_closed()
        {
            var client = Client(Dependency(after: 0, length: 3600), threshold: 2, breakSeconds: 30);
            Assert.Equal(TimeSpan.Zero, client.BreakRemaining);
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal(TimeSpan.Zero, client.BreakRemaining);
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));

            Assert.Equal(TimeSpan.FromSeconds(30), client.BreakRemaining);
            _clock.AdvanceSeconds(12.5);
            Assert.Equal(TimeSpan.FromSeconds(17.5), client.BreakRemaining);
            _clock.AdvanceSeconds(17.5);
            Assert.Equal(TimeSpan.Zero, client.BreakRemaining);
            _clock.AdvanceSeconds(100);
            Assert.Equal(TimeSpan.Zero, client.BreakRemaining);
        }

        [Fact]
        public void After_the_break_one_trial_call_goes_through_a_failing_trial_reopens_and_a_succeeding_one_closes()
        {
            // Down for the first 100 s.
            var dependency = Dependency(after: 0, length: 100);
            var client = Client(dependency, threshold: 2, breakSeconds: 60);
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal("Open", client.BreakerState);

            // A tick before the break is over: still refused, without a call.
            _clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));
            Assert.Throws<BrokenCircuitException>(() => client.Call("k"));
            Assert.Equal(2, dependency.Calls);
            Assert.Equal(0, Count(JournalEventKind.BreakerHalfOpened));

            // At 60 s the break is over: the next call is the trial. The dependency is still down: open again, for a whole break.
            _clock.Advance(TimeSpan.FromTicks(1));
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal(3, dependency.Calls);
            Assert.Equal("Open", client.BreakerState);
            Assert.Equal(TimeSpan.FromSeconds(60), client.BreakRemaining);
            Assert.Equal(new[]
            {
                JournalEventKind.DependencyFailed, JournalEventKind.DependencyFailed, JournalEventKind.BreakerOpened,
                JournalEventKind.BreakerHalfOpened, JournalEventKind.DependencyFailed, JournalEventKind.BreakerOpened,
            }, Kinds());
            Assert.Equal("payments", _journal.Single(e => e.Kind == JournalEventKind.BreakerHalfOpened).Facts.DependencyName);
            Assert.Throws<BrokenCircuitException>(() => client.Call("k"));
            Assert.Equal(3, dependency.Calls);

            // At 120 s the outage is over (it ended at 100 s) and so is the second break: the trial succeeds and closes it.
            _clock.AdvanceSeconds(60);
            Assert.Equal("payments/k/4", client.Call("k"));
            Assert.Equal("Closed", client.BreakerState);
            Assert.Equal(TimeSpan.Zero, client.BreakRemaining);
            Assert.Equal(new[] { JournalEventKind.BreakerHalfOpened, JournalEventKind.DependencyCalled, JournalEventKind.BreakerClosed }, Kinds().Skip(6));
            Assert.Equal(JournalEventKind.BreakerClosed, _journal.Last().Kind);
            Assert.Equal("payments", _journal.Last().Facts.DependencyName);

            // Closed again: calls flow, and it takes a full threshold of failures to open it again.
            Assert.Equal("payments/k/5", client.Call("k"));
            Assert.Equal(5, dependency.Calls);
            Assert.Equal(1, Count(JournalEventKind.BreakerClosed));
        }

        [Fact]
        public void Declines_never_open_it_the_dependency_is_healthy()
        {
            var dependency = Dependency(0, 0, "no");
            var client = Client(dependency, threshold: 2);
            for (var i = 0; i < 20; i++) Assert.Throws<DependencyDeclinedException>(() => client.Call("no"));
            Assert.Equal("Closed", client.BreakerState);
            Assert.Equal(20, dependency.Calls);
            Assert.Equal(20, dependency.Declines);
            Assert.Equal(0, Count(JournalEventKind.BreakerOpened));
            Assert.Equal(20, Count(JournalEventKind.DependencyFailed));
            Assert.All(_journal, e => Assert.Equal(DependencyOutcome.Declined, e.Facts.DependencyOutcome));
        }

        [Fact]
        public void A_success_within_the_sampling_window_keeps_it_closed_until_the_success_ages_out_on_the_given_clock()
        {
            // The breaker opens when every call of the window failed (failure ratio 1).
            var dependency = Dependency(after: 1, length: 3600);
            var client = Client(dependency, threshold: 2, samplingSeconds: 10);
            client.Call("k");
            _clock.AdvanceSeconds(1);
            for (var i = 0; i < 4; i++) Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal("Closed", client.BreakerState);

            // 25 s later on the manual clock (no time at all on the system clock) the window holds none of those calls.
            _clock.AdvanceSeconds(25);
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal("Closed", client.BreakerState);
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal("Open", client.BreakerState);
        }

        [Fact]
        public void Failures_older_than_the_sampling_window_do_not_count_toward_the_threshold()
        {
            var dependency = Dependency(after: 0, length: 3600);
            var client = Client(dependency, threshold: 3, samplingSeconds: 10);
            for (var i = 0; i < 2; i++) Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            _clock.AdvanceSeconds(25);
            for (var i = 0; i < 2; i++) Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal("Closed", client.BreakerState);
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Equal("Open", client.BreakerState);
        }

        [Fact]
        public void A_break_of_hours_ends_when_the_given_clock_says_so()
        {
            // Were Polly on the system clock, this break could not end within the test.
            var dependency = Dependency(after: 0, length: 10);
            var client = Client(dependency, threshold: 2, breakSeconds: 86_400);
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            Assert.Throws<DependencyUnavailableException>(() => client.Call("k"));
            _clock.AdvanceSeconds(86_399);
            Assert.Throws<BrokenCircuitException>(() => client.Call("k"));
            Assert.Equal(TimeSpan.FromSeconds(1), client.BreakRemaining);
            _clock.AdvanceSeconds(1);
            Assert.Equal("payments/k/3", client.Call("k"));
            Assert.Equal("Closed", client.BreakerState);
        }

        [Fact]
        public void Each_client_has_a_breaker_of_its_own_as_each_consumer_incarnation_does()
        {
            var dependency = Dependency(after: 0, length: 3600);
            var first = Client(dependency, threshold: 2);
            var second = Client(dependency, threshold: 2);
            Assert.Throws<DependencyUnavailableException>(() => first.Call("k"));
            Assert.Throws<DependencyUnavailableException>(() => first.Call("k"));
            Assert.Equal("Open", first.BreakerState);
            Assert.Equal("Closed", second.BreakerState);
            Assert.Throws<DependencyUnavailableException>(() => second.Call("k"));
            Assert.Equal(3, dependency.Calls);
        }

        // ---- settings ----

        [Theory]
        [InlineData(2, 0.5, 0.5)]
        [InlineData(1000, 86_400, 86_400)]
        [InlineData(3, 30, 60)]
        public void Settings_at_the_ends_of_their_ranges_are_accepted(int threshold, double breakSeconds, double samplingSeconds)
        {
            var settings = new CircuitBreakerSettings { FailureThreshold = threshold, BreakSeconds = breakSeconds, SamplingSeconds = samplingSeconds };
            settings.Validate();
            // And Polly accepts them too.
            Assert.Equal("Closed", new DependencyClient(Dependency(), settings, _clock, (_, _, _) => { }).BreakerState);
        }

        [Theory]
        [InlineData(1, 30, 60, "FailureThreshold")]
        [InlineData(0, 30, 60, "FailureThreshold")]
        [InlineData(1001, 30, 60, "FailureThreshold")]
        [InlineData(3, 0.49, 60, "BreakSeconds")]
        [InlineData(3, 0, 60, "BreakSeconds")]
        [InlineData(3, 86_401, 60, "BreakSeconds")]
        [InlineData(3, double.NaN, 60, "BreakSeconds")]
        [InlineData(3, 30, 0.49, "SamplingSeconds")]
        [InlineData(3, 30, 86_401, "SamplingSeconds")]
        [InlineData(3, 30, double.NaN, "SamplingSeconds")]
        public void Settings_out_of_range_are_refused_naming_the_setting(int threshold, double breakSeconds, double samplingSeconds, string name)
        {
            var settings = new CircuitBreakerSettings { FailureThreshold = threshold, BreakSeconds = breakSeconds, SamplingSeconds = samplingSeconds };
            Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => settings.Validate()).ParamName);
            // The client refuses them before Polly sees them.
            Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => new DependencyClient(Dependency(), settings, _clock, (_, _, _) => { })).ParamName);
        }

        [Fact]
        public void The_defaults_are_3_failures_within_10s_open_for_30s_and_a_clone_is_independent()
        {
            var settings = new CircuitBreakerSettings();
            Assert.Equal("opens once 3+ calls within 10s all failed, for 30s", settings.ToString());
            var clone = settings.Clone();
            clone.FailureThreshold = 9;
            Assert.Equal(3, settings.FailureThreshold);
        }
    }
}

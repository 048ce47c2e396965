using System;
using System.Diagnostics;
using System.Threading;

namespace SqsDemo.Engine.Clock
{
    /// <summary>
    /// The scenario clock: scenario time runs <see cref="Scale"/> times faster than wall
    /// time, so a 60-second purge window costs 60/Scale seconds. Timers (and so
    /// <c>Task.Delay(.., clock)</c>) fire after the scaled-down wall interval. Scale 1 is the
    /// system clock, which the AWS backends use.
    /// </summary>
    public sealed class ScaledTimeProvider : TimeProvider
    {
        private const double MaxTimerTicks = 0xFFFFFFFEL * TimeSpan.TicksPerMillisecond;
        private readonly DateTimeOffset _origin;
        private readonly long _originTimestamp;

        public ScaledTimeProvider(double scale) : this(scale, TimeProvider.System.GetUtcNow()) { }

        public ScaledTimeProvider(double scale, DateTimeOffset origin)
        {
            if (double.IsNaN(scale) || scale < 0.001 || scale > 10_000)
                throw new ArgumentOutOfRangeException(nameof(scale), scale, "The time scale must be between 0.001 and 10000.");
            Scale = scale;
            _origin = origin;
            _originTimestamp = Stopwatch.GetTimestamp();
        }

        /// <summary>Scenario seconds per wall second.</summary>
        public double Scale { get; }

        /// <summary>The scenario time at which this clock started.</summary>
        public DateTimeOffset Origin => _origin;

        public override DateTimeOffset GetUtcNow() =>
            _origin + TimeSpan.FromTicks((long)(ElapsedWallTicks() * Scale));

        public override long TimestampFrequency => Stopwatch.Frequency;

        public override long GetTimestamp() =>
            _originTimestamp + (long)((Stopwatch.GetTimestamp() - _originTimestamp) * Scale);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new ScaledTimer(this, callback, state, dueTime, period);

        /// <summary>Converts a scenario interval into the wall interval it takes on this clock.</summary>
        public TimeSpan ToWall(TimeSpan scenarioInterval)
        {
            if (scenarioInterval == Timeout.InfiniteTimeSpan || scenarioInterval <= TimeSpan.Zero) return scenarioInterval;
            var ticks = Math.Ceiling(scenarioInterval.Ticks / Scale);
            // System timers take at most 0xFFFFFFFE ms; a longer wait re-arms on its tick.
            return TimeSpan.FromTicks((long)Math.Min(Math.Max(ticks, 1), MaxTimerTicks));
        }

        private long ElapsedWallTicks()
        {
            var elapsed = Stopwatch.GetTimestamp() - _originTimestamp;
            return (long)(elapsed * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        }

        /// <summary>
        /// A system timer on the scaled-down wall interval. Wall timers may fire a hair early,
        /// which the scale magnifies, so a tick that comes before its scenario due time is
        /// re-armed for the rest: a delay on this clock never ends before it should.
        /// </summary>
        private sealed class ScaledTimer : ITimer
        {
            private readonly ScaledTimeProvider _clock;
            private readonly TimerCallback _callback;
            private readonly object? _state;
            private readonly ITimer _inner;
            private readonly object _gate = new object();
            private DateTimeOffset _dueAt;
            private TimeSpan _period;
            private bool _disposed;

            public ScaledTimer(ScaledTimeProvider clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            {
                _clock = clock;
                _callback = callback;
                _state = state;
                _inner = TimeProvider.System.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                Change(dueTime, period);
            }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                lock (_gate)
                {
                    _period = period;
                    if (_disposed) return false;
                    _dueAt = dueTime == Timeout.InfiniteTimeSpan || dueTime >= DateTimeOffset.MaxValue - _clock.GetUtcNow()
                        ? DateTimeOffset.MaxValue
                        : _clock.GetUtcNow() + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                    return _inner.Change(_clock.ToWall(dueTime), Timeout.InfiniteTimeSpan);
                }
            }

            private void Tick()
            {
                lock (_gate)
                {
                    if (_dueAt == DateTimeOffset.MaxValue) return; // disarmed meanwhile
                    var early = _dueAt - _clock.GetUtcNow();
                    if (early > TimeSpan.Zero)
                    {
                        _inner.Change(_clock.ToWall(early), Timeout.InfiniteTimeSpan);
                        return;
                    }
                    if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
                    {
                        _dueAt += _period;
                        _inner.Change(_clock.ToWall(_period), Timeout.InfiniteTimeSpan);
                    }
                    else
                    {
                        _dueAt = DateTimeOffset.MaxValue;
                    }
                }
                _callback(_state);
            }

            public void Dispose()
            {
                // Disarm under the lock, so a tick racing the dispose neither re-arms nor calls back.
                lock (_gate)
                {
                    _disposed = true;
                    _dueAt = DateTimeOffset.MaxValue;
                }
                _inner.Dispose();
            }

            public System.Threading.Tasks.ValueTask DisposeAsync()
            {
                lock (_gate)
                {
                    _disposed = true;
                    _dueAt = DateTimeOffset.MaxValue;
                }
                return _inner.DisposeAsync();
            }
        }
    }
}

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
            new ScaledTimer(this, System.CreateTimer(callback, state, ToWall(dueTime), ToWall(period)));

        /// <summary>Converts a scenario interval into the wall interval it takes on this clock.</summary>
        public TimeSpan ToWall(TimeSpan scenarioInterval)
        {
            if (scenarioInterval == Timeout.InfiniteTimeSpan || scenarioInterval <= TimeSpan.Zero) return scenarioInterval;
            var ticks = (long)Math.Ceiling(scenarioInterval.Ticks / Scale);
            return TimeSpan.FromTicks(Math.Max(ticks, 1));
        }

        private long ElapsedWallTicks()
        {
            var elapsed = Stopwatch.GetTimestamp() - _originTimestamp;
            return (long)(elapsed * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        }

        private sealed class ScaledTimer : ITimer
        {
            private readonly ScaledTimeProvider _clock;
            private readonly ITimer _inner;

            public ScaledTimer(ScaledTimeProvider clock, ITimer inner)
            {
                _clock = clock;
                _inner = inner;
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) => _inner.Change(_clock.ToWall(dueTime), _clock.ToWall(period));
            public void Dispose() => _inner.Dispose();
            public System.Threading.Tasks.ValueTask DisposeAsync() => _inner.DisposeAsync();
        }
    }
}

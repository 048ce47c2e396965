using System;
using SqsDemo.Engine.Clock;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// The broker's timestamps as a caller's clock reads them. A consumer process lives in wall time while the broker runs
    /// on the scenario clock, x20 faster by default: a SentTimestamp in scenario time would be ahead of the process's
    /// clock, and `now - SentTimestamp` (how a consumer judges a message stale) meaningless. On the wire a timestamp is the
    /// wall time at which the scenario clock read it; durations (visibility timeouts, waits) stay in scenario seconds,
    /// as the server keeps them.
    /// </summary>
    public sealed class CallerTime
    {
        private readonly ScaledTimeProvider? _clock;

        public CallerTime(TimeProvider brokerClock) => _clock = brokerClock as ScaledTimeProvider;

        /// <summary>The wall time at which the broker's clock read <paramref name="brokerTime"/>; unchanged on a clock that is not scaled.</summary>
        public DateTimeOffset Of(DateTimeOffset brokerTime)
        {
            if (_clock == null || _clock.Scale == 1 || brokerTime == default) return brokerTime;
            var sinceOrigin = (brokerTime - _clock.Origin).Ticks / _clock.Scale;
            return _clock.Origin + TimeSpan.FromTicks((long)Math.Round(sinceOrigin));
        }
    }
}

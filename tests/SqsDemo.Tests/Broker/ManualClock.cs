using System;
using System.Collections.Generic;
using System.Threading;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// A TimeProvider whose time moves only when a test says so. Timers fire (synchronously, on
    /// the calling thread, in due order) when <see cref="Advance"/> passes their due time; a timer
    /// set to fire at once fires on the thread pool, like a real one.
    /// </summary>
    public sealed class ManualClock : TimeProvider
    {
        private readonly object _gate = new object();
        private readonly List<ManualTimer> _timers = new List<ManualTimer>();
        private DateTimeOffset _now;

        public ManualClock() : this(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

        public ManualClock(DateTimeOffset start)
        {
            _now = start;
        }

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate) return _now;
        }

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => GetUtcNow().UtcTicks;

        /// <summary>Number of armed timers (for tests that check nothing waits).</summary>
        public int ActiveTimers
        {
            get { lock (_gate) return _timers.FindAll(t => t.Due != null).Count; }
        }

        public void Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by));
            DateTimeOffset target;
            lock (_gate) target = _now + by;
            while (true)
            {
                ManualTimer? next = null;
                lock (_gate)
                {
                    foreach (var timer in _timers)
                        if (timer.Due is DateTimeOffset due && due <= target && (next == null || due < next.Due!.Value)) next = timer;
                    if (next == null)
                    {
                        _now = target;
                        return;
                    }
                    if (next.Due!.Value > _now) _now = next.Due.Value;
                    next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : (DateTimeOffset?)null;
                }
                next.Fire();
            }
        }

        public void AdvanceSeconds(double seconds) => Advance(TimeSpan.FromSeconds(seconds));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            lock (_gate) _timers.Add(timer);
            timer.Change(dueTime, period);
            return timer;
        }

        private sealed class ManualTimer : ITimer
        {
            private readonly ManualClock _clock;
            private readonly TimerCallback _callback;
            private readonly object? _state;

            public ManualTimer(ManualClock clock, TimerCallback callback, object? state)
            {
                _clock = clock;
                _callback = callback;
                _state = state;
            }

            public DateTimeOffset? Due;
            public TimeSpan Period;

            public void Fire() => _callback(_state);

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                var fireNow = false;
                lock (_clock._gate)
                {
                    if (!_clock._timers.Contains(this)) return false;
                    Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                    if (dueTime == Timeout.InfiniteTimeSpan) Due = null;
                    else if (dueTime <= TimeSpan.Zero)
                    {
                        fireNow = true;
                        Due = Period > TimeSpan.Zero ? _clock._now + Period : (DateTimeOffset?)null;
                    }
                    else Due = _clock._now + dueTime;
                }
                if (fireNow) ThreadPool.QueueUserWorkItem(_ => Fire());
                return true;
            }

            public void Dispose()
            {
                lock (_clock._gate) _clock._timers.Remove(this);
            }

            public System.Threading.Tasks.ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}

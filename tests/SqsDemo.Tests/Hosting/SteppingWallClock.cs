using System;

namespace SqsDemo.Tests.Hosting
{
    /// <summary>
    /// A wall clock that moves a fixed step each time it is read (zero: it stands still), to set as a
    /// session's DemoSession.WallClock: how often progress bars may redraw then depends on the
    /// test alone, not on how fast the machine is.
    /// </summary>
    public sealed class SteppingWallClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private readonly object _gate = new object();
        private readonly TimeSpan _step;
        private DateTimeOffset _now = Start;

        public SteppingWallClock(TimeSpan step) => _step = step;

        /// <summary>The wall time that has passed on this clock.</summary>
        public TimeSpan Elapsed
        {
            get { lock (_gate) return _now - Start; }
        }

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate)
            {
                var now = _now;
                _now += _step;
                return now;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Threading;

namespace SqsDemo.Engine.Broker.Embedded
{
    internal sealed partial class QueueState
    {
        private readonly LinkedList<LongPollWaiter> _waiters = new LinkedList<LongPollWaiter>();
        private ITimer? _timer;
        private long _timerDueTicks = long.MaxValue;

        /// <summary>Parks a waiter (caller holds the lock) and makes sure the next deadline will wake it.</summary>
        private void Register(LongPollWaiter waiter, long now)
        {
            if (waiter.Node != null) return;
            waiter.Reset();
            waiter.Node = _waiters.AddLast(waiter);
            ArmTimer(now);
        }

        /// <summary>
        /// A long poll ends (wait over, cancelled, or done). If it was woken but will not use the
        /// wake-up, the wake-up passes to the next waiter so no visible message is left unnoticed.
        /// </summary>
        public void Leave(LongPollWaiter waiter)
        {
            lock (_gate)
            {
                if (waiter.Node != null)
                {
                    _waiters.Remove(waiter.Node);
                    waiter.Node = null;
                }
                else if (waiter.WasWoken && !_deleted && Deliverable > 0)
                {
                    WakeWaiters(1);
                }
                if (!_deleted) ArmTimer(_context.NowTicks);
            }
        }

        /// <summary>
        /// After any change (caller holds the lock): if long polls are parked, bring the queue to
        /// now, wake as many as there are visible messages, and aim the timer at the next deadline.
        /// </summary>
        private void AfterChange(long now, List<BrokerNotificationEventArgs> notes)
        {
            if (_waiters.Count == 0) return;
            Advance(now, notes);
            var deliverable = Deliverable;
            if (deliverable > 0) WakeWaiters(deliverable);
            ArmTimer(now);
        }

        /// <summary>
        /// How many receives could get something now: what wakes long polls. A FIFO queue's visible
        /// messages in blocked groups, or any past the in-flight limit, wake nobody (a woken poll
        /// would find nothing, park again and be woken again: a spin).
        /// </summary>
        private int Deliverable => IsFifo && _inFlight.Count >= FifoSequence.InFlightLimit ? 0 : _ready.Deliverable;

        private void WakeWaiters(int count)
        {
            while (count-- > 0 && _waiters.First != null)
            {
                var waiter = _waiters.First.Value;
                _waiters.RemoveFirst();
                waiter.Node = null;
                waiter.Wake();
            }
        }

        private void WakeAllWaiters() => WakeWaiters(int.MaxValue);

        /// <summary>
        /// One clock timer per queue, armed only while long polls wait, at the earliest visibility
        /// or delay deadline. Advance always leaves that deadline after now, so the timer never
        /// fires at once and never spins.
        /// </summary>
        private void ArmTimer(long now)
        {
            var next = long.MaxValue;
            if (_waiters.Count > 0)
            {
                if (_inFlight.Count > 0) next = _inFlight.Min!.DueTicks;
                if (_delayed.Count > 0) next = Math.Min(next, _delayed.Min!.DueTicks);
            }
            if (next == _timerDueTicks) return;
            _timerDueTicks = next;
            if (next == long.MaxValue)
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }
            var due = TimeSpan.FromTicks(Math.Max(1, next - now));
            if (_timer == null) _timer = _context.Clock.CreateTimer(OnTimer, null, due, Timeout.InfiniteTimeSpan);
            else _timer.Change(due, Timeout.InfiniteTimeSpan);
        }

        private void OnTimer(object? state)
        {
            var notes = new List<BrokerNotificationEventArgs>();
            lock (_gate)
            {
                if (_deleted) return;
                _timerDueTicks = long.MaxValue;
                var now = _context.NowTicks;
                Advance(now, notes);
                var deliverable = Deliverable;
                if (deliverable > 0) WakeWaiters(deliverable);
                ArmTimer(now);
            }
            _context.Raise(notes);
        }

        private void DisposeTimer()
        {
            _timer?.Dispose();
            _timer = null;
            _timerDueTicks = long.MaxValue;
        }
    }
}

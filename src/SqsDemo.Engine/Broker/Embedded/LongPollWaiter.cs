using System.Collections.Generic;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// A long poll parked on a queue. The queue completes <see cref="Signal"/> when a message may
    /// have become available (a send, a visibility or delay deadline, a queue deletion); the poll
    /// then tries again. Never spins: between signals it only awaits.
    /// </summary>
    internal sealed class LongPollWaiter
    {
        private TaskCompletionSource<bool> _signal = NewSignal();

        /// <summary>The waiter's place in its queue's list while parked; null once woken or gone.</summary>
        internal LinkedListNode<LongPollWaiter>? Node;

        public Task Signal => _signal.Task;

        /// <summary>Re-arms the signal before parking again (under the queue's lock).</summary>
        internal void Reset()
        {
            if (_signal.Task.IsCompleted) _signal = NewSignal();
        }

        internal void Wake() => _signal.TrySetResult(true);

        /// <summary>Whether a wake-up was delivered to this waiter (and not yet used).</summary>
        internal bool WasWoken => _signal.Task.IsCompleted;

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

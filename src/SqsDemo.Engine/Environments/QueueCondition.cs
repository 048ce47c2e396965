using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Environments
{
    /// <summary>
    /// A condition on a queue's counts (all of the given parts must hold), and the wait for it on
    /// the scenario clock: it looks again whenever the journal records something on the queue or
    /// its DLQ, and once a scenario second, since a visibility timeout ends without an event.
    /// </summary>
    public sealed class QueueCondition
    {
        private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

        /// <summary>Nothing visible, in flight or delayed.</summary>
        public bool Empty { get; set; }
        public int? VisibleAtLeast { get; set; }
        public int? VisibleAtMost { get; set; }
        /// <summary>Exactly this many in flight.</summary>
        public int? InFlight { get; set; }
        public int? DeadLetterVisibleAtLeast { get; set; }

        public bool IsSpecified => Empty || VisibleAtLeast != null || VisibleAtMost != null || InFlight != null || DeadLetterVisibleAtLeast != null;

        public bool HoldsFor(QueueStatistics stats) =>
            (!Empty || stats.IsEmpty) &&
            (VisibleAtLeast == null || stats.Visible >= VisibleAtLeast) &&
            (VisibleAtMost == null || stats.Visible <= VisibleAtMost) &&
            (InFlight == null || stats.InFlight == InFlight) &&
            (DeadLetterVisibleAtLeast == null || (stats.DeadLetterVisible ?? 0) >= DeadLetterVisibleAtLeast);

        public override string ToString()
        {
            var parts = new List<string>();
            if (Empty) parts.Add("empty");
            if (VisibleAtLeast is int least) parts.Add("at least " + least.ToString(CultureInfo.InvariantCulture) + " visible");
            if (VisibleAtMost is int most) parts.Add("at most " + most.ToString(CultureInfo.InvariantCulture) + " visible");
            if (InFlight is int inFlight) parts.Add(inFlight.ToString(CultureInfo.InvariantCulture) + " in flight");
            if (DeadLetterVisibleAtLeast is int dead) parts.Add("at least " + dead.ToString(CultureInfo.InvariantCulture) + " visible in the DLQ");
            return string.Join(", ", parts);
        }

        /// <summary>Waits until the condition holds or <paramref name="timeout"/> (scenario time) ends; returns the last counts read and whether it held.</summary>
        public async Task<(bool Held, QueueStatistics Last)> WaitAsync(IBroker broker, EventJournal journal, TimeProvider clock, string queueUrl, string? deadLetterQueueUrl,
            TimeSpan timeout, CancellationToken cancellationToken)
        {
            var signal = new SemaphoreSlim(0);
            EventHandler<JournalEvent> onAppended = (_, e) =>
            {
                if (e.QueueUrl == queueUrl || (deadLetterQueueUrl != null && e.QueueUrl == deadLetterQueueUrl)) signal.Release();
            };
            journal.Appended += onAppended;
            try
            {
                var deadline = clock.GetUtcNow() + timeout;
                while (true)
                {
                    var stats = await QueueStatistics.ReadAsync(broker, queueUrl, deadLetterQueueUrl, cancellationToken).ConfigureAwait(false);
                    if (HoldsFor(stats)) return (true, stats);
                    var remaining = deadline - clock.GetUtcNow();
                    if (remaining <= TimeSpan.Zero) return (false, stats);
                    using (var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        var delay = clock.Delay(remaining < LookEvery ? remaining : LookEvery, wake.Token);
                        await Task.WhenAny(delay, signal.WaitAsync(wake.Token)).ConfigureAwait(false);
                        wake.Cancel();
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
            finally
            {
                journal.Appended -= onAppended;
            }
        }
    }
}

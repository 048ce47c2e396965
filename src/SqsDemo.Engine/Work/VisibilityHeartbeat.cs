using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// Keeps the messages of one receive invisible while a consumer works on them: every
    /// interval of the backend's clock, one ChangeMessageVisibility per held message sets its
    /// visibility to the extension from the call, as long-running SQS workers do. A message is
    /// let go when the consumer deletes, rejects or hands it back; <see cref="HaltAsync"/> stops
    /// everything at once, as a crash does. After either returns, no extension of that message is
    /// under way or will start, so the journal never shows one after the delete or the crash.
    /// </summary>
    internal sealed class VisibilityHeartbeat
    {
        /// <summary>Extends one message's visibility to the given seconds from the call, with a note for the journal.</summary>
        internal delegate Task Extend(Message message, int visibilityTimeout, bool capped, string detail);

        private readonly TimeProvider _clock;
        private readonly Extend _extend;
        private readonly TimeSpan _interval;
        private readonly int _extensionSeconds;
        private readonly DateTimeOffset _receivedAt;
        private readonly List<Message> _held;
        private readonly Action<Message, string> _lost;
        // One beat at a time, and never a beat across a let-go or a halt: both take this gate.
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly CancellationTokenSource _halt = new CancellationTokenSource();
        private int _beats;

        /// <param name="receivedAt">When the receive call began: at or before SQS's receive, so the 12-hour cap is reckoned from no later than SQS reckons it.</param>
        /// <param name="lost">Called (outside any beat's journal event) when a message can no longer be extended, with the reason.</param>
        private VisibilityHeartbeat(TimeProvider clock, Extend extend, int intervalSeconds, int extensionSeconds, DateTimeOffset receivedAt,
            IReadOnlyList<Message> messages, Action<Message, string> lost)
        {
            _clock = clock;
            _extend = extend;
            _interval = TimeSpan.FromSeconds(intervalSeconds);
            _extensionSeconds = extensionSeconds;
            _receivedAt = receivedAt;
            _held = new List<Message>(messages);
            _lost = lost;
        }

        public static VisibilityHeartbeat Start(TimeProvider clock, Extend extend, int intervalSeconds, int extensionSeconds, DateTimeOffset receivedAt,
            IReadOnlyList<Message> messages, Action<Message, string> lost)
        {
            var heartbeat = new VisibilityHeartbeat(clock, extend, intervalSeconds, extensionSeconds, receivedAt, messages, lost);
            heartbeat.Loop = Task.Run(heartbeat.LoopAsync);
            return heartbeat;
        }

        /// <summary>The beating loop; it ends on a halt or when nothing is held any more.</summary>
        public Task Loop { get; private set; } = Task.CompletedTask;

        /// <summary>
        /// The visibility timeout of the next extension: the extension, or what is left of SQS's
        /// 12 hours since the receive when that is less; 0 or less means no extension is allowed.
        /// </summary>
        public static int NextTimeout(int extensionSeconds, TimeSpan sinceReceive)
        {
            var left = Math.Floor(SqsLimits.MaxVisibilityTimeoutSeconds - sinceReceive.TotalSeconds);
            return (int)Math.Max(0, Math.Min(extensionSeconds, left));
        }

        /// <summary>Stops extending <paramref name="message"/>; waits for a beat in progress to finish first.</summary>
        public async Task LetGoAsync(Message message)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                _held.Remove(message);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Stops every extension: no beat is under way once this returns, and none starts after.</summary>
        public async Task HaltAsync()
        {
            _halt.Cancel();
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                _held.Clear();
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task LoopAsync()
        {
            // Beats keep one cadence from the start (interval, 2 x interval, ...): a beat that comes
            // late does not push the later ones back, and one that comes later than the next is due
            // leaves out the beats it missed.
            var due = _clock.GetUtcNow() + _interval;
            try
            {
                while (true)
                {
                    var wait = due - _clock.GetUtcNow();
                    if (wait > TimeSpan.Zero) await _clock.Delay(wait, _halt.Token).ConfigureAwait(false);
                    await _gate.WaitAsync(_halt.Token).ConfigureAwait(false);
                    try
                    {
                        if (_halt.IsCancellationRequested || _held.Count == 0) return;
                        _beats++;
                        foreach (var message in _held.ToArray())
                            await BeatAsync(message).ConfigureAwait(false);
                        if (_held.Count == 0) return;
                    }
                    finally
                    {
                        _gate.Release();
                    }
                    var now = _clock.GetUtcNow();
                    do due += _interval; while (due <= now);
                }
            }
            catch (OperationCanceledException)
            {
                // Halted.
            }
        }

        /// <summary>One extension of one message; runs under the gate.</summary>
        private async Task BeatAsync(Message message)
        {
            var sinceReceive = _clock.GetUtcNow() - _receivedAt;
            var timeout = NextTimeout(_extensionSeconds, sinceReceive);
            if (timeout <= 0)
            {
                _held.Remove(message);
                _lost(message, "the heartbeat stops: SQS allows no visibility beyond 12 hours from the receive");
                return;
            }
            var capped = timeout < _extensionSeconds;
            var detail = "heartbeat " + _beats.ToString(CultureInfo.InvariantCulture) + ", "
                         + sinceReceive.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s after the receive"
                         + (capped ? ", the last: capped by SQS's 12 hours from the receive" : "");
            try
            {
                // Not cancellable by a halt: a call that has gone out counts, and the journal records it.
                await _extend(message, timeout, capped, detail).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Too late (the visibility already ended and another consumer may hold it), gone, or
                // the endpoint did not answer: the heartbeat must not take the consumer down, and a
                // message it failed to extend once is left to its visibility timeout.
                _held.Remove(message);
                _lost(message, "the heartbeat could not extend its visibility (" + (e is SqsException sqs ? sqs.ErrorCode : e.GetType().Name) + ": " + e.Message + ")");
                return;
            }
            if (capped) _held.Remove(message);
        }
    }
}

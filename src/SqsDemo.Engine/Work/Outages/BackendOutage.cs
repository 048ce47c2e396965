using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace SqsDemo.Engine.Work.Outages
{
    /// <summary>
    /// How one incarnation of a consumer rides out an outage of its backend. A transient failure
    /// (<see cref="TransientFailures"/>) begins an outage (journaled once, BackendUnavailable); the
    /// consumer's calls through <see cref="CallAsync{T}"/> are retried by Polly with capped, jittered
    /// exponential backoff on the backend's clock; the first call that succeeds ends it
    /// (BackendRecovered, with its length and failed attempts). Past the budget (MaxOutageSeconds, from
    /// the first failure) the failure stands and the consumer faults; a budget of 0 faults at once.
    /// </summary>
    internal sealed class BackendOutage
    {
        /// <summary>The first wait after a failure; it doubles (jittered) up to <see cref="MaxDelay"/>.</summary>
        public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(0.5);

        /// <summary>The longest wait between two attempts: a recovered backend is noticed within this (plus one call).</summary>
        public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

        private static readonly ResiliencePropertyKey<string> OperationKey = new ResiliencePropertyKey<string>("SqsDemo.Operation");

        private readonly object _gate = new object();
        private readonly TimeProvider _clock;
        private readonly TimeSpan _budget;
        private readonly Action<string, Exception> _unavailable;
        private readonly Action<TimeSpan, int> _recovered;
        private readonly ResiliencePipeline _retry;
        private DateTimeOffset? _since;
        private int _failedAttempts;

        /// <param name="unavailable">Journals the first failure of an outage: the operation and the error.</param>
        /// <param name="recovered">Journals the end of an outage: its length and the failed attempts.</param>
        public BackendOutage(TimeProvider clock, double maxOutageSeconds, Func<double> random, Action<string, Exception> unavailable, Action<TimeSpan, int> recovered)
        {
            _clock = clock;
            _budget = TimeSpan.FromSeconds(maxOutageSeconds);
            _unavailable = unavailable;
            _recovered = recovered;
            _retry = new ResiliencePipelineBuilder { TimeProvider = clock }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is Exception e
                        && Endure(args.Context.Properties.GetValue(OperationKey, "a call"), e, args.Context.CancellationToken)),
                    MaxRetryAttempts = int.MaxValue,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = FirstDelay,
                    MaxDelay = MaxDelay,
                    Randomizer = random,
                })
                .Build();
        }

        /// <summary>Whether an outage is under way (a transient failure, and no success since).</summary>
        public bool IsOngoing
        {
            get { lock (_gate) return _since != null; }
        }

        /// <summary>
        /// Runs <paramref name="call"/>, retrying it through an outage. A stop (<paramref name="stop"/>) during the
        /// outage ends the wait with <see cref="OperationCanceledException"/>; a spent budget rethrows the failure
        /// (wrapped in <see cref="BackendOutageException"/> when there was a budget to spend); a permanent failure passes at once.
        /// </summary>
        public async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, CancellationToken stop)
        {
            var context = ResilienceContextPool.Shared.Get(stop);
            context.Properties.Set(OperationKey, operation);
            try
            {
                var result = await _retry.ExecuteAsync(static async (_, state) => await state().ConfigureAwait(false), context, call).ConfigureAwait(false);
                Succeeded();
                return result;
            }
            catch (Exception e) when (!(e is OperationCanceledException) && stop.IsCancellationRequested && TransientFailures.IsTransient(e, CancellationToken.None))
            {
                // Stopped while the backend was down: the stop, not the outage, is how it ends.
                throw new OperationCanceledException("stopped during an outage of the backend", e, stop);
            }
            catch (Exception e) when (TransientFailures.IsTransient(e, stop) && _budget > TimeSpan.Zero)
            {
                throw Spent(operation, e);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>
        /// A call outside <see cref="CallAsync{T}"/> failed transiently (one while a message was in hand): the
        /// outage begins or goes on. Returns normally while the budget lasts; otherwise throws what
        /// <see cref="CallAsync{T}"/> would.
        /// </summary>
        public void Failed(string operation, Exception error, CancellationToken stop)
        {
            if (stop.IsCancellationRequested) throw new OperationCanceledException("stopped during an outage of the backend", error, stop);
            if (Endure(operation, error, stop)) return;
            if (_budget <= TimeSpan.Zero || !TransientFailures.IsTransient(error, stop)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            throw Spent(operation, error);
        }

        /// <summary>Records a transient failure; true while the outage is within its budget (wait, then try again).</summary>
        private bool Endure(string operation, Exception error, CancellationToken stop)
        {
            if (stop.IsCancellationRequested || !TransientFailures.IsTransient(error, stop)) return false;
            bool first;
            TimeSpan lasted;
            lock (_gate)
            {
                first = _since == null;
                _since ??= _clock.GetUtcNow();
                _failedAttempts++;
                lasted = _clock.GetUtcNow() - _since.Value;
            }
            if (first) _unavailable(operation, error);
            return _budget > TimeSpan.Zero && lasted < _budget;
        }

        private void Succeeded()
        {
            TimeSpan lasted;
            int attempts;
            lock (_gate)
            {
                if (_since == null) return;
                lasted = _clock.GetUtcNow() - _since.Value;
                attempts = _failedAttempts;
                _since = null;
                _failedAttempts = 0;
            }
            _recovered(lasted, attempts);
        }

        /// <summary>The failure that ends the consumer once a budget was spent (without one, the failure itself stands, as it always did).</summary>
        private BackendOutageException Spent(string operation, Exception error)
        {
            TimeSpan lasted;
            lock (_gate) lasted = _since is DateTimeOffset since ? _clock.GetUtcNow() - since : TimeSpan.Zero;
            return new BackendOutageException(operation, lasted, _budget, error);
        }

        public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
    }
}

using System;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// Per-message retry backoff, the way a consumer sets it with ChangeMessageVisibility: the
    /// delay doubles with each receive (base, 2 x base, 4 x base, ...), is capped, and is
    /// jittered ("equal jitter": half fixed, half random) so that messages which failed together
    /// do not all come back at once.
    /// </summary>
    public static class RetryBackoff
    {
        /// <summary>
        /// Whole seconds until the message should be visible again after failing on its
        /// <paramref name="receiveCount"/>-th receive (1 for the first); <paramref name="random01"/>
        /// in [0, 1) draws the jitter. Never more than <paramref name="maxSeconds"/> nor SQS's 12 hours.
        /// </summary>
        public static int VisibilityTimeout(int receiveCount, double baseSeconds, int maxSeconds, double random01)
        {
            if (!(baseSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(baseSeconds), baseSeconds, "The backoff base must be above 0.");
            if (maxSeconds < 1) throw new ArgumentOutOfRangeException(nameof(maxSeconds), maxSeconds, "The backoff cap must be 1 second or more.");
            var cap = Math.Min(maxSeconds, Broker.SqsLimits.MaxVisibilityTimeoutSeconds);
            // 2^(n-1) overflows nothing here: the exponent stops growing once the cap is reached.
            var exponent = Math.Min(Math.Max(receiveCount, 1) - 1, 62);
            var delay = Math.Min(cap, baseSeconds * Math.Pow(2, exponent));
            var jittered = delay / 2 + Math.Max(0, Math.Min(random01, 1)) * delay / 2;
            return (int)Math.Min(cap, Math.Ceiling(jittered));
        }
    }
}

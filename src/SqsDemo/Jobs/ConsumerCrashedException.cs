using System;

namespace SqsDemo.Jobs
{
    /// <summary>The reason a consumer failed: it crashed, on purpose, as configured.</summary>
    public sealed class ConsumerCrashedException : Exception
    {
        public ConsumerCrashedException(string consumerId, string reason)
            : base($"Consumer {consumerId} crashed: {reason}. Messages it held stay in flight until their visibility timeout ends.")
        {
            ConsumerId = consumerId;
            Reason = reason;
        }

        public string ConsumerId { get; }
        public string Reason { get; }
    }
}

using System;

namespace SqsDemo.Engine.Cost
{
    /// <summary>
    /// How SQS counts billable requests: every API action is a request, a batch of up to 10 messages is one, and each
    /// 64 KiB chunk of a request's payload is billed as one request (a 256 KiB message is four).
    /// </summary>
    public static class SqsBilling
    {
        public const long ChunkBytes = 64 * 1024;

        /// <summary>The requests one call is billed as, from the payload it carried (0 for a call with none, e.g. an empty receive: still one).</summary>
        public static long BilledRequests(long payloadBytes)
        {
            if (payloadBytes < 0) throw new ArgumentOutOfRangeException(nameof(payloadBytes), payloadBytes, "A payload has no negative size.");
            return Math.Max(1, (payloadBytes + ChunkBytes - 1) / ChunkBytes);
        }

        /// <summary>A FIFO queue's name ends in .fifo; FIFO requests have their own price.</summary>
        public static bool IsFifo(string? queueUrl) => queueUrl != null && queueUrl.EndsWith(".fifo", StringComparison.Ordinal);
    }
}

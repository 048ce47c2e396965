using System;
using System.Globalization;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>FIFO constants and the sequence-number format.</summary>
    internal static class FifoSequence
    {
        /// <summary>SQS's in-flight limit for FIFO queues: past it a receive returns nothing more (no error).</summary>
        public const int InFlightLimit = 120_000;

        /// <summary>The deduplication interval (sends) and the ReceiveRequestAttemptId interval (receives).</summary>
        public static readonly long IntervalTicks = TimeSpan.FromMinutes(5).Ticks;

        private const ulong Base = 18_000_000_000_000_000_000UL;

        /// <summary>
        /// A sequence number as SQS shows it: a 20-digit decimal string, increasing with every
        /// message the queue admits (so within each group), and comparable as text.
        /// </summary>
        public static string Format(long sequence) => (Base + (ulong)sequence).ToString(CultureInfo.InvariantCulture);
    }
}

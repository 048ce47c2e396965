using System;
using System.Collections.Generic;
using SqsDemo.Engine.Clock;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>What every queue of one broker shares: the clock, the seeded randomness, the options, the handle codec, the notification sink.</summary>
    internal sealed class BrokerContext
    {
        public BrokerContext(TimeProvider clock, SeededRandom random, EmbeddedBrokerOptions options, QueueAddressing addressing, Action<List<BrokerNotificationEventArgs>> raise)
        {
            Clock = clock;
            Random = random;
            Options = options;
            Addressing = addressing;
            Raise = raise;
            var key = new byte[8];
            random.NextBytes(key);
            Handles = new ReceiptHandleCodec(BitConverter.ToUInt64(key, 0));
        }

        public TimeProvider Clock { get; }
        public SeededRandom Random { get; }
        public EmbeddedBrokerOptions Options { get; }
        public QueueAddressing Addressing { get; }
        public ReceiptHandleCodec Handles { get; }
        /// <summary>Raises notifications; call it outside every queue lock.</summary>
        public Action<List<BrokerNotificationEventArgs>> Raise { get; }

        public long NowTicks => Clock.GetUtcNow().UtcTicks;

        /// <summary>A receipt-handle nonce from the seed (never 0, which means "no handle").</summary>
        public int NextNonce() => Random.Next(1, int.MaxValue);
    }
}

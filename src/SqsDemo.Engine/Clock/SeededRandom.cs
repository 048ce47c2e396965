using System;

namespace SqsDemo.Engine.Clock
{
    /// <summary>
    /// A thread-safe random source from one seed. Each actor (a consumer, the producer, the
    /// broker) derives its own stream from the run's seed and its name, so its decisions
    /// replay with the seed however the threads interleave.
    /// </summary>
    public sealed class SeededRandom
    {
        private readonly Random _random;
        private readonly object _gate = new object();
        private readonly byte[] _guidBytes = new byte[16];

        public SeededRandom(int seed)
        {
            Seed = seed;
            _random = new Random(seed);
        }

        public int Seed { get; }

        /// <summary>A stream of its own for <paramref name="name"/>, stable across runs and platforms.</summary>
        public static SeededRandom Derive(int seed, string name) => new SeededRandom(unchecked(seed * 31 + StableHash(name)));

        public double NextDouble() { lock (_gate) return _random.NextDouble(); }

        public int Next(int minInclusive, int maxExclusive) { lock (_gate) return _random.Next(minInclusive, maxExclusive); }

        public void NextBytes(byte[] buffer) { lock (_gate) _random.NextBytes(buffer); }

        /// <summary>A version-4 shaped UUID from this stream, so ids replay with the seed.</summary>
        public Guid NextGuid()
        {
            lock (_gate)
            {
                // The same draw as NextBytes(new byte[16]), into a buffer kept under the lock.
                var bytes = _guidBytes;
                _random.NextBytes(bytes);
                bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
                bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
                return new Guid(bytes);
            }
        }

        /// <summary>Fisher-Yates shuffle in place.</summary>
        public void Shuffle<T>(T[] items)
        {
            lock (_gate)
            {
                for (var i = items.Length - 1; i > 0; i--)
                {
                    var j = _random.Next(i + 1);
                    (items[i], items[j]) = (items[j], items[i]);
                }
            }
        }

        /// <summary>FNV-1a: string.GetHashCode is randomised per process, this is not.</summary>
        public static int StableHash(string text)
        {
            unchecked
            {
                var hash = 2166136261;
                foreach (var c in text)
                {
                    hash ^= c;
                    hash *= 16777619;
                }
                return (int)hash;
            }
        }
    }
}

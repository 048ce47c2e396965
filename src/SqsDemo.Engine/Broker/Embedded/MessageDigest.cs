using System;
using System.Security.Cryptography;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>An MD5 digest held as two values (16 bytes inline rather than a 32-character string per message).</summary>
    internal readonly struct MessageDigest
    {
        [ThreadStatic] private static MD5? _md5;

        private readonly ulong _high;
        private readonly ulong _low;

        private MessageDigest(ulong high, ulong low)
        {
            _high = high;
            _low = low;
        }

        public static MessageDigest Of(byte[] data)
        {
            var md5 = _md5 ??= MD5.Create();
            var hash = md5.ComputeHash(data);
            ulong high = 0, low = 0;
            for (var i = 0; i < 8; i++) high = (high << 8) | hash[i];
            for (var i = 8; i < 16; i++) low = (low << 8) | hash[i];
            return new MessageDigest(high, low);
        }

        /// <summary>Lower-case hex, as SQS reports MD5OfMessageBody.</summary>
        public string ToHex() => _high.ToString("x16") + _low.ToString("x16");

        public override string ToString() => ToHex();
    }
}

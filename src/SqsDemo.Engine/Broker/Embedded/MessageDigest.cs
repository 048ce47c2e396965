using System;
using System.Security.Cryptography;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>An MD5 digest held as two values (16 bytes inline rather than a 32-character string per message).</summary>
    internal readonly struct MessageDigest
    {
        private const string HexDigits = "0123456789abcdef";

        [ThreadStatic] private static MD5? _md5;
        [ThreadStatic] private static char[]? _hex;

        private readonly ulong _high;
        private readonly ulong _low;

        private MessageDigest(ulong high, ulong low)
        {
            _high = high;
            _low = low;
        }

        public static MessageDigest Of(byte[] data) => Of(data, data.Length);

        /// <summary>The digest of the first <paramref name="count"/> bytes of <paramref name="data"/>.</summary>
        public static MessageDigest Of(byte[] data, int count)
        {
            var md5 = _md5 ??= MD5.Create();
            var hash = md5.ComputeHash(data, 0, count);
            ulong high = 0, low = 0;
            for (var i = 0; i < 8; i++) high = (high << 8) | hash[i];
            for (var i = 8; i < 16; i++) low = (low << 8) | hash[i];
            return new MessageDigest(high, low);
        }

        /// <summary>
        /// Lower-case hex, as SQS reports MD5OfMessageBody. Written digit by digit: every send and every
        /// receive asks for it, and ulong.ToString("x16") parses its format string each time.
        /// </summary>
        public string ToHex()
        {
            var chars = _hex ??= new char[32];
            Write(chars, 0, _high);
            Write(chars, 16, _low);
            return new string(chars);
        }

        private static void Write(char[] chars, int offset, ulong value)
        {
            for (var i = offset + 15; i >= offset; i--)
            {
                chars[i] = HexDigits[(int)(value & 0xF)];
                value >>= 4;
            }
        }

        public override string ToString() => ToHex();
    }
}

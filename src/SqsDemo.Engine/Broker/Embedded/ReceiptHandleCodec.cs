using System;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>What a receipt handle names: a queue, a message in it, and which receive issued it (and when).</summary>
    internal readonly struct ReceiptHandleParts
    {
        public ReceiptHandleParts(int queueId, long seq, int receiveCount, int nonce, long receivedAtTicks)
        {
            QueueId = queueId;
            Seq = seq;
            ReceiveCount = receiveCount;
            Nonce = nonce;
            ReceivedAtTicks = receivedAtTicks;
        }

        public int QueueId { get; }
        public long Seq { get; }
        public int ReceiveCount { get; }
        public int Nonce { get; }
        /// <summary>When the receive that issued the handle happened: the 12-hour visibility cap counts from it, even for an older handle.</summary>
        public long ReceivedAtTicks { get; }
    }

    /// <summary>
    /// Receipt handles are self-describing: base64 of a version byte, the queue id, the message's
    /// sequence number, the receive count, a nonce and the time of that receive, sealed by a checksum keyed
    /// with the broker's seed. A handle that fails to decode or whose checksum does not match is
    /// malformed (ReceiptHandleIsInvalid); a well-formed one that no longer matches the message's
    /// current receive is stale.
    /// </summary>
    internal sealed class ReceiptHandleCodec
    {
        private const byte Version = 2;
        private const int PayloadLength = 29;
        private const int ChecksumLength = 7;
        private const int TotalLength = PayloadLength + ChecksumLength; // 36 bytes: 48 base64 characters, no padding
        private const int EncodedLength = 48;

        private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        private static readonly sbyte[] Base64Values = BuildBase64Values();

        // Scratch buffers per thread: encoding and decoding run inside one call, never nested.
        [ThreadStatic] private static byte[]? _encodeBytes;
        [ThreadStatic] private static char[]? _encodeChars;
        [ThreadStatic] private static byte[]? _decodeBytes;

        private readonly ulong _key;

        public ReceiptHandleCodec(ulong key)
        {
            _key = key;
        }

        public string Encode(ReceiptHandleParts parts)
        {
            var bytes = _encodeBytes ??= new byte[TotalLength];
            bytes[0] = Version;
            Write(bytes, 1, (uint)parts.QueueId, 4);
            Write(bytes, 5, (ulong)parts.Seq, 8);
            Write(bytes, 13, (uint)parts.ReceiveCount, 4);
            Write(bytes, 17, (uint)parts.Nonce, 4);
            Write(bytes, 21, (ulong)parts.ReceivedAtTicks, 8);
            Write(bytes, PayloadLength, Checksum(bytes), ChecksumLength);
            // Base64 by hand (36 bytes are 48 characters, no padding): Convert's would allocate the bytes and the characters again.
            var chars = _encodeChars ??= new char[EncodedLength];
            for (int i = 0, o = 0; i < TotalLength; i += 3, o += 4)
            {
                var group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
                chars[o] = Base64Alphabet[group >> 18];
                chars[o + 1] = Base64Alphabet[(group >> 12) & 0x3F];
                chars[o + 2] = Base64Alphabet[(group >> 6) & 0x3F];
                chars[o + 3] = Base64Alphabet[group & 0x3F];
            }
            return new string(chars);
        }

        /// <summary>
        /// Decodes a handle: exactly 48 characters of the base64 alphabet (no padding, no white space),
        /// the version, and the checksum. Anything else is not a handle of this broker.
        /// </summary>
        public bool TryDecode(string? handle, out ReceiptHandleParts parts)
        {
            parts = default;
            if (handle == null || handle.Length != EncodedLength) return false;
            var bytes = _decodeBytes ??= new byte[TotalLength];
            for (int i = 0, o = 0; i < EncodedLength; i += 4, o += 3)
            {
                int a = ValueOf(handle[i]), b = ValueOf(handle[i + 1]), c = ValueOf(handle[i + 2]), d = ValueOf(handle[i + 3]);
                if ((a | b | c | d) < 0) return false;
                var group = (a << 18) | (b << 12) | (c << 6) | d;
                bytes[o] = (byte)(group >> 16);
                bytes[o + 1] = (byte)(group >> 8);
                bytes[o + 2] = (byte)group;
            }
            if (bytes[0] != Version) return false;
            if (Read(bytes, PayloadLength, ChecksumLength) != (Checksum(bytes) & 0xFF_FFFF_FFFF_FFFFUL)) return false;
            parts = new ReceiptHandleParts((int)Read(bytes, 1, 4), (long)Read(bytes, 5, 8), (int)Read(bytes, 13, 4), (int)Read(bytes, 17, 4), (long)Read(bytes, 21, 8));
            return true;
        }

        private static int ValueOf(char c) => c < 128 ? Base64Values[c] : -1;

        private static sbyte[] BuildBase64Values()
        {
            var values = new sbyte[128];
            for (var i = 0; i < values.Length; i++) values[i] = -1;
            for (var i = 0; i < Base64Alphabet.Length; i++) values[Base64Alphabet[i]] = (sbyte)i;
            return values;
        }

        private ulong Checksum(byte[] bytes)
        {
            unchecked
            {
                var hash = 14695981039346656037UL ^ _key;
                for (var i = 0; i < PayloadLength; i++)
                {
                    hash ^= bytes[i];
                    hash *= 1099511628211UL;
                }
                hash ^= hash >> 29;
                hash *= 0xBF58476D1CE4E5B9UL;
                hash ^= hash >> 32;
                return hash;
            }
        }

        private static void Write(byte[] bytes, int offset, ulong value, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                bytes[offset + i] = (byte)value;
                value >>= 8;
            }
        }

        private static ulong Read(byte[] bytes, int offset, int length)
        {
            ulong value = 0;
            for (var i = 0; i < length; i++) value = (value << 8) | bytes[offset + i];
            return value;
        }
    }
}

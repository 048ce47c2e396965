using System;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>What a receipt handle names: a queue, a message in it, and which receive issued it.</summary>
    internal readonly struct ReceiptHandleParts
    {
        public ReceiptHandleParts(int queueId, long seq, int receiveCount, int nonce)
        {
            QueueId = queueId;
            Seq = seq;
            ReceiveCount = receiveCount;
            Nonce = nonce;
        }

        public int QueueId { get; }
        public long Seq { get; }
        public int ReceiveCount { get; }
        public int Nonce { get; }
    }

    /// <summary>
    /// Receipt handles are self-describing: base64 of a version byte, the queue id, the message's
    /// sequence number, the receive count and a nonce of that receive, sealed by a checksum keyed
    /// with the broker's seed. A handle that fails to decode or whose checksum does not match is
    /// malformed (ReceiptHandleIsInvalid); a well-formed one that no longer matches the message's
    /// current receive is stale.
    /// </summary>
    internal sealed class ReceiptHandleCodec
    {
        private const byte Version = 1;
        private const int PayloadLength = 21;
        private const int ChecksumLength = 6;
        private const int TotalLength = PayloadLength + ChecksumLength; // 27 bytes: 36 base64 characters, no padding
        private const int EncodedLength = 36;

        private readonly ulong _key;

        public ReceiptHandleCodec(ulong key)
        {
            _key = key;
        }

        public string Encode(ReceiptHandleParts parts)
        {
            var bytes = new byte[TotalLength];
            bytes[0] = Version;
            Write(bytes, 1, (uint)parts.QueueId, 4);
            Write(bytes, 5, (ulong)parts.Seq, 8);
            Write(bytes, 13, (uint)parts.ReceiveCount, 4);
            Write(bytes, 17, (uint)parts.Nonce, 4);
            Write(bytes, PayloadLength, Checksum(bytes), ChecksumLength);
            return Convert.ToBase64String(bytes);
        }

        public bool TryDecode(string? handle, out ReceiptHandleParts parts)
        {
            parts = default;
            if (handle == null || handle.Length != EncodedLength) return false;
            foreach (var c in handle)
            {
                var base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
                if (!base64) return false;
            }
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(handle);
            }
            catch (FormatException)
            {
                return false;
            }
            if (bytes.Length != TotalLength || bytes[0] != Version) return false;
            if (Read(bytes, PayloadLength, ChecksumLength) != (Checksum(bytes) & 0xFFFF_FFFF_FFFFUL)) return false;
            parts = new ReceiptHandleParts((int)Read(bytes, 1, 4), (long)Read(bytes, 5, 8), (int)Read(bytes, 13, 4), (int)Read(bytes, 17, 4));
            return true;
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

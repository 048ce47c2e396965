using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// MD5OfMessageAttributes (and MD5OfMessageSystemAttributes) in SQS's documented encoding
    /// (Developer Guide, "Calculating the MD5 message digest for message attributes"): for each
    /// attribute, sorted by name, the name, the data type, one transport byte (1 for String and
    /// Number, 2 for Binary) and the value, each string or value preceded by its length as a 4-byte
    /// big-endian integer; the MD5 of the whole. The AWS SDKs check it on every send and receive.
    /// </summary>
    internal static class MessageAttributeDigest
    {
        private const byte StringTransport = 1;
        private const byte BinaryTransport = 2;
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        /// <summary>The digest of <paramref name="attributes"/>, which must be non-empty and valid.</summary>
        public static MessageDigest Of(IReadOnlyList<KeyValuePair<string, MessageAttributeValue>> attributes)
        {
            var sorted = new KeyValuePair<string, MessageAttributeValue>[attributes.Count];
            for (var i = 0; i < sorted.Length; i++) sorted[i] = attributes[i];
            Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            using (var buffer = new MemoryStream())
            {
                foreach (var pair in sorted)
                {
                    WriteString(buffer, pair.Key);
                    WriteString(buffer, pair.Value.DataType);
                    if (pair.Value.DataType.StartsWith("Binary", StringComparison.Ordinal))
                    {
                        buffer.WriteByte(BinaryTransport);
                        WriteBytes(buffer, pair.Value.BinaryValue ?? Array.Empty<byte>());
                    }
                    else
                    {
                        buffer.WriteByte(StringTransport);
                        WriteString(buffer, pair.Value.StringValue ?? "");
                    }
                }
                return MessageDigest.Of(buffer.GetBuffer(), (int)buffer.Length);
            }
        }

        private static void WriteString(MemoryStream buffer, string text) => WriteBytes(buffer, Utf8.GetBytes(text));

        private static void WriteBytes(MemoryStream buffer, byte[] bytes)
        {
            var length = bytes.Length;
            buffer.WriteByte((byte)(length >> 24));
            buffer.WriteByte((byte)(length >> 16));
            buffer.WriteByte((byte)(length >> 8));
            buffer.WriteByte((byte)length);
            buffer.Write(bytes, 0, length);
        }
    }
}

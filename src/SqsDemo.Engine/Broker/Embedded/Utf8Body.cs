using System.Globalization;
using System.Text;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// A message body as the queue keeps it: UTF-8 bytes, the form it arrives in over HTTP and the
    /// form SQS sizes and digests it in. Half the memory of a .NET string for the usual ASCII/JSON
    /// body, and an endpoint can hand its bytes through without a string in between.
    /// </summary>
    internal static class Utf8Body
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        /// <summary>The body's bytes, after the character check SQS makes (throws InvalidMessageContents).</summary>
        public static byte[] FromText(string body)
        {
            var invalid = MessageValidator.FirstInvalidCharacter(body);
            if (invalid >= 0) throw InvalidCharacter(invalid);
            return Utf8.GetBytes(body);
        }

        /// <summary>
        /// Checks bytes a caller gave as the body: well-formed UTF-8 (no overlong forms, no surrogates) of
        /// characters SQS allows; throws InvalidMessageContents naming the first one that is not.
        /// </summary>
        public static void Check(byte[] utf8)
        {
            var i = 0;
            while (i < utf8.Length)
            {
                var codePoint = Next(utf8, ref i);
                if (codePoint < 0) throw SqsErrors.InvalidMessageContents("The message body is not valid UTF-8 (at byte " + (i).ToString(CultureInfo.InvariantCulture) + ").");
                if (!Allowed(codePoint)) throw InvalidCharacter(codePoint);
            }
        }

        public static string ToText(byte[] utf8) => Utf8.GetString(utf8);

        /// <summary>#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.</summary>
        private static bool Allowed(int c) =>
            c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);

        /// <summary>Decodes the code point at <paramref name="i"/> and moves past it; -1 for a malformed sequence (then <paramref name="i"/> is where it starts).</summary>
        private static int Next(byte[] bytes, ref int i)
        {
            int lead = bytes[i];
            if (lead < 0x80)
            {
                i++;
                return lead;
            }
            int length, codePoint, minimum;
            if ((lead & 0xE0) == 0xC0) (length, codePoint, minimum) = (2, lead & 0x1F, 0x80);
            else if ((lead & 0xF0) == 0xE0) (length, codePoint, minimum) = (3, lead & 0x0F, 0x800);
            else if ((lead & 0xF8) == 0xF0) (length, codePoint, minimum) = (4, lead & 0x07, 0x10000);
            else return -1;
            if (i + length > bytes.Length) return -1;
            for (var k = 1; k < length; k++)
            {
                int next = bytes[i + k];
                if ((next & 0xC0) != 0x80) return -1;
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) return -1;
            i += length;
            return codePoint;
        }

        private static SqsException InvalidCharacter(int codePoint) =>
            SqsErrors.InvalidMessageContents(string.Format(CultureInfo.InvariantCulture,
                "Invalid binary character '#x{0:X}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF", codePoint));
    }
}

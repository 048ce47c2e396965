using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SqsDemo.Engine.Cost
{
    /// <summary>
    /// DynamoDB's on-demand request units: a write is 1 WRU per 1 KB of the item (rounded up), a strongly consistent
    /// read 1 RRU per 4 KB, an eventually consistent read half that, a transactional read or write twice.
    /// </summary>
    public static class DynamoDbBilling
    {
        public const long WriteUnitBytes = 1024;
        public const long ReadUnitBytes = 4096;

        public static long WriteUnits(long itemBytes, bool transactional = false) =>
            Units(itemBytes, WriteUnitBytes) * (transactional ? 2 : 1);

        public static double ReadUnits(long itemBytes, ReadConsistency consistency)
        {
            var units = Units(itemBytes, ReadUnitBytes);
            return consistency switch
            {
                ReadConsistency.Eventual => units / 2.0,
                ReadConsistency.Transactional => units * 2.0,
                _ => units,
            };
        }

        private static long Units(long itemBytes, long unitBytes)
        {
            if (itemBytes < 0) throw new ArgumentOutOfRangeException(nameof(itemBytes), itemBytes, "An item has no negative size.");
            return Math.Max(1, (itemBytes + unitBytes - 1) / unitBytes);
        }

        /// <summary>A string attribute: its name's and its value's UTF-8 bytes.</summary>
        public static long StringAttributeSize(string name, string value) => Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);

        /// <summary>A number attribute: its name's bytes, one byte per two significant digits, plus one.</summary>
        public static long NumberAttributeSize(string name, string number)
        {
            var digits = number.TrimStart('-', '+');
            var exponent = digits.IndexOfAny(new[] { 'e', 'E' });
            if (exponent >= 0) digits = digits.Substring(0, exponent);
            digits = digits.Replace(".", "").TrimStart('0').TrimEnd('0');
            return Encoding.UTF8.GetByteCount(name) + (digits.Length + 1) / 2 + 1;
        }

        /// <summary>A boolean or null attribute: its name's bytes plus one.</summary>
        public static long BooleanAttributeSize(string name) => Encoding.UTF8.GetByteCount(name) + 1;

        /// <summary>
        /// An item's size from the text of its attributes as the journal holds them (TableRequest's ItemValues): each
        /// attribute counted as a string, since the text does not say its type — a number is never larger as a string.
        /// </summary>
        public static long ItemSize(IReadOnlyDictionary<string, string> attributes) =>
            attributes.Sum(a => StringAttributeSize(a.Key, a.Value));
    }

    public enum ReadConsistency
    {
        Strong,
        Eventual,
        Transactional,
    }
}

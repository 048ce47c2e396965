using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>An item's primary key: the partition key value and, in a table with a sort key, its value.</summary>
    internal sealed class ItemKey
    {
        public ItemKey(AttributeValue hash, AttributeValue? range)
        {
            Hash = IncomingValues.Normalize(hash);
            Range = range == null ? null : IncomingValues.Normalize(range);
        }

        public AttributeValue Hash { get; }
        public AttributeValue? Range { get; }

        /// <summary>A stable text for the key, to spot two operations on one item in a transaction or a batch.</summary>
        public string Identity => Text(Hash) + "\u0001" + (Range == null ? "" : Text(Range));

        private static string Text(AttributeValue v) => v.S ?? v.N ?? System.Convert.ToBase64String(v.B.ToArray());
    }
}

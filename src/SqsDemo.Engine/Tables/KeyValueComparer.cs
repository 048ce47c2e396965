using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>Orders key values of one scalar type as DynamoDB sorts them (N by value, S and B by bytes).</summary>
    internal sealed class KeyValueComparer : IComparer<AttributeValue>
    {
        public static readonly KeyValueComparer Instance = new KeyValueComparer();

        public int Compare(AttributeValue? x, AttributeValue? y) => AttributeValues.Compare(x!, y!) ?? 0;
    }
}

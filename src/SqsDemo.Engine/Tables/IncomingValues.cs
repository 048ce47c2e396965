using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// Checks a value a caller sends and copies it into the store's form: numbers in DynamoDB's
    /// canonical text (so 1.50 and 1.5 are one value, and one key), sets non-empty and without duplicates.
    /// </summary>
    internal static class IncomingValues
    {
        public static AttributeValue Normalize(AttributeValue value)
        {
            switch (AttributeValues.TypeOf(value))
            {
                case "N": return new AttributeValue { N = DynamoNumber.Parse(value.N).ToString() };
                case "SS": return new AttributeValue { SS = Distinct(value.SS, s => s, "string") };
                case "NS": return new AttributeValue { NS = Distinct(value.NS.Select(n => DynamoNumber.Parse(n).ToString()).ToList(), s => s, "number") };
                case "BS": return new AttributeValue { BS = Distinct(value.BS, b => System.Convert.ToBase64String(b.ToArray()), "binary").Select(b => new System.IO.MemoryStream(b.ToArray())).ToList() };
                case "L": return new AttributeValue { L = value.L.Select(Normalize).ToList() };
                case "M": return new AttributeValue { M = NormalizeItem(value.M) };
                default: return AttributeValues.Clone(value);
            }
        }

        public static Dictionary<string, AttributeValue> NormalizeItem(Dictionary<string, AttributeValue> item) =>
            item.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), System.StringComparer.Ordinal);

        private static List<T> Distinct<T>(List<T> set, System.Func<T, string> identity, string kind)
        {
            // DynamoDB's own wording, double space included.
            if (set.Count == 0)
                throw TableErrors.Validation("One or more parameter values were invalid: An " + kind + " set  may not be empty");
            if (set.Select(identity).Distinct().Count() != set.Count)
                throw TableErrors.Validation("One or more parameter values were invalid: Input collection [" + string.Join(", ", set.Select(identity)) + "] contains duplicates.");
            return set.ToList();
        }
    }
}

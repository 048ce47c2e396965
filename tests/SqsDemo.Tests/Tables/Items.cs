using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables;

namespace SqsDemo.Tests.Tables
{
    /// <summary>Short ways to write attribute values, items and tables in the store tests.</summary>
    internal static class Items
    {
        public static AttributeValue S(string s) => new AttributeValue { S = s };
        public static AttributeValue N(string n) => new AttributeValue { N = n };
        public static AttributeValue N(long n) => new AttributeValue { N = n.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        public static AttributeValue SS(params string[] s) => new AttributeValue { SS = s.ToList() };
        public static AttributeValue NS(params string[] n) => new AttributeValue { NS = n.ToList() };
        public static AttributeValue L(params AttributeValue[] l) => new AttributeValue { L = l.ToList() };
        public static AttributeValue M(params (string Name, AttributeValue Value)[] m) => new AttributeValue { M = Item(m) };
        public static AttributeValue Bool(bool b) => new AttributeValue { BOOL = b };
        public static AttributeValue B(params byte[] b) => new AttributeValue { B = new MemoryStream(b) };

        public static Dictionary<string, AttributeValue> Item(params (string Name, AttributeValue Value)[] attributes) =>
            attributes.ToDictionary(a => a.Name, a => a.Value);

        public static Dictionary<string, string> Names(params (string Placeholder, string Name)[] names) => names.ToDictionary(n => n.Placeholder, n => n.Name);

        public static Dictionary<string, AttributeValue> Values(params (string Placeholder, AttributeValue Value)[] values) => values.ToDictionary(v => v.Placeholder, v => v.Value);

        public static Task<CreateTableResponse> CreateTable(ITableStore store, string name, string hash, string hashType = "S", string? range = null, string rangeType = "S")
        {
            var request = new CreateTableRequest
            {
                TableName = name,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement(hash, KeyType.HASH) },
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition(hash, hashType) },
            };
            if (range != null)
            {
                request.KeySchema.Add(new KeySchemaElement(range, KeyType.RANGE));
                request.AttributeDefinitions.Add(new AttributeDefinition(range, rangeType));
            }
            return store.CreateTableAsync(request);
        }

        /// <summary>An item as one line of text with sorted names, for comparing what two stores answer.</summary>
        public static string Text(IDictionary<string, AttributeValue>? item) =>
            item == null ? "<none>" : "{" + string.Join(", ", item.OrderBy(kv => kv.Key, System.StringComparer.Ordinal).Select(kv => kv.Key + ": " + Text(kv.Value))) + "}";

        public static string Text(AttributeValue v)
        {
            if (v.S != null) return "S'" + v.S + "'";
            if (v.N != null) return "N" + v.N;
            if (v.B != null) return "B" + System.Convert.ToBase64String(v.B.ToArray());
            if (v.BOOL.HasValue) return v.BOOL.Value ? "true" : "false";
            if (v.NULL == true) return "null";
            if (v.IsSSSet) return "SS[" + string.Join(",", v.SS.OrderBy(x => x, System.StringComparer.Ordinal)) + "]";
            if (v.IsNSSet) return "NS[" + string.Join(",", v.NS.OrderBy(x => decimal.Parse(x, System.Globalization.CultureInfo.InvariantCulture))) + "]";
            if (v.IsLSet) return "[" + string.Join(", ", v.L.Select(Text)) + "]";
            if (v.IsMSet) return Text(v.M);
            return "?";
        }
    }
}

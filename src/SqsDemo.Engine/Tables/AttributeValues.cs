using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// What DynamoDB does with one AttributeValue: its type name, equality (numbers by value, sets
    /// in any order), ordering (N by value, S by UTF-8 bytes, B by bytes), size, and deep copies
    /// so that no caller holds a reference into the store.
    /// </summary>
    internal static class AttributeValues
    {
        public static string TypeOf(AttributeValue value)
        {
            if (value.S != null) return "S";
            if (value.N != null) return "N";
            if (value.B != null) return "B";
            if (value.BOOL.HasValue) return "BOOL";
            if (value.NULL == true) return "NULL";
            if (value.IsSSSet) return "SS";
            if (value.IsNSSet) return "NS";
            if (value.IsBSSet) return "BS";
            if (value.IsMSet) return "M";
            if (value.IsLSet) return "L";
            throw TableErrors.Validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }

        public static byte[] Bytes(MemoryStream stream) => stream.ToArray();

        public static AttributeValue String(string s) => new AttributeValue { S = s };

        public static AttributeValue Number(DynamoNumber n) => new AttributeValue { N = n.ToString() };

        public static bool AreEqual(AttributeValue a, AttributeValue b)
        {
            var type = TypeOf(a);
            if (type != TypeOf(b)) return false;
            switch (type)
            {
                case "S": return a.S == b.S;
                case "N": return DynamoNumber.Parse(a.N).Equals(DynamoNumber.Parse(b.N));
                case "B": return Bytes(a.B).SequenceEqual(Bytes(b.B));
                case "BOOL": return a.BOOL == b.BOOL;
                case "NULL": return true;
                case "SS": return new HashSet<string>(a.SS).SetEquals(b.SS);
                case "NS": return new HashSet<DynamoNumber>(a.NS.Select(DynamoNumber.Parse)).SetEquals(b.NS.Select(DynamoNumber.Parse));
                case "BS": return new HashSet<string>(a.BS.Select(x => Convert.ToBase64String(Bytes(x)))).SetEquals(b.BS.Select(x => Convert.ToBase64String(Bytes(x))));
                case "L": return a.L.Count == b.L.Count && a.L.Zip(b.L, AreEqual).All(x => x);
                default: return a.M.Count == b.M.Count && a.M.All(kv => b.M.TryGetValue(kv.Key, out var other) && AreEqual(kv.Value, other));
            }
        }

        /// <summary>Orders two scalars of one type (S, N or B); null when DynamoDB does not order them.</summary>
        public static int? Compare(AttributeValue a, AttributeValue b)
        {
            var type = TypeOf(a);
            if (type != TypeOf(b)) return null;
            switch (type)
            {
                case "S": return CompareBytes(Encoding.UTF8.GetBytes(a.S), Encoding.UTF8.GetBytes(b.S));
                case "N": return DynamoNumber.Parse(a.N).CompareTo(DynamoNumber.Parse(b.N));
                case "B": return CompareBytes(Bytes(a.B), Bytes(b.B));
                default: return null;
            }
        }

        public static int CompareBytes(byte[] a, byte[] b)
        {
            var n = Math.Min(a.Length, b.Length);
            for (var i = 0; i < n; i++)
                if (a[i] != b[i]) return a[i].CompareTo(b[i]);
            return a.Length.CompareTo(b.Length);
        }

        public static AttributeValue Clone(AttributeValue v)
        {
            switch (TypeOf(v))
            {
                case "S": return new AttributeValue { S = v.S };
                case "N": return new AttributeValue { N = v.N };
                case "B": return new AttributeValue { B = new MemoryStream(Bytes(v.B)) };
                case "BOOL": return new AttributeValue { BOOL = v.BOOL };
                case "NULL": return new AttributeValue { NULL = true };
                case "SS": return new AttributeValue { SS = new List<string>(v.SS) };
                case "NS": return new AttributeValue { NS = new List<string>(v.NS) };
                case "BS": return new AttributeValue { BS = v.BS.Select(x => new MemoryStream(Bytes(x))).ToList() };
                case "L": return new AttributeValue { L = v.L.Select(Clone).ToList() };
                default: return new AttributeValue { M = CloneItem(v.M) };
            }
        }

        public static Dictionary<string, AttributeValue> CloneItem(IDictionary<string, AttributeValue> item) =>
            item.ToDictionary(kv => kv.Key, kv => Clone(kv.Value), StringComparer.Ordinal);

        /// <summary>DynamoDB's size of a value in bytes (UTF-8 text, numbers about one byte per two digits).</summary>
        public static long SizeOf(AttributeValue v)
        {
            switch (TypeOf(v))
            {
                case "S": return Encoding.UTF8.GetByteCount(v.S);
                case "N": return v.N.Length / 2 + 2;
                case "B": return v.B.Length;
                case "BOOL":
                case "NULL": return 1;
                case "SS": return v.SS.Sum(s => (long)Encoding.UTF8.GetByteCount(s));
                case "NS": return v.NS.Sum(s => (long)(s.Length / 2 + 2));
                case "BS": return v.BS.Sum(s => s.Length);
                case "L": return 3 + v.L.Sum(x => 1 + SizeOf(x));
                default: return 3 + SizeOfItem(v.M) + v.M.Count;
            }
        }

        public static long SizeOfItem(IDictionary<string, AttributeValue> item) =>
            item.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + SizeOf(kv.Value));
    }
}

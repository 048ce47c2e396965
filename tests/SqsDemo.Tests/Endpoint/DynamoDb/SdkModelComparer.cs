using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>
    /// Member-by-member equality of two SDK model objects: every public property the DynamoDB
    /// assembly declares, the SDK's own Is...Set flags included (so "absent" and "empty" are
    /// told apart), blobs by their bytes, timestamps to the millisecond. Names the first path
    /// that differs.
    /// </summary>
    internal static class SdkModelComparer
    {
        private static readonly Assembly ModelAssembly = typeof(AttributeValue).Assembly;

        public static string? FirstDifference(object? expected, object? actual, string path = "$")
        {
            if (expected == null || actual == null)
                return expected == null && actual == null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
            switch (expected)
            {
                case MemoryStream bytes:
                    return actual is MemoryStream other && bytes.ToArray().SequenceEqual(other.ToArray()) ? null : $"{path}: bytes differ";
                case DateTime time:
                    return actual is DateTime got && Math.Abs((time.ToUniversalTime() - got.ToUniversalTime()).TotalMilliseconds) < 1 ? null : $"{path}: expected {time:o}, got {actual}";
                case ConstantClass constant:
                    return actual is ConstantClass c && c.Value == constant.Value ? null : $"{path}: expected {constant.Value}, got {Show(actual)}";
                case IDictionary map:
                    return MapDifference(map, (IDictionary)actual, path);
                case IList list:
                    return ListDifference(list, (IList)actual, path);
            }
            if (expected.GetType().Assembly != ModelAssembly) return Equals(expected, actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
            foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.DeclaringType!.Assembly == ModelAssembly))
            {
                var difference = FirstDifference(property.GetValue(expected), property.GetValue(actual), path + "." + property.Name);
                if (difference != null) return difference;
            }
            return null;
        }

        private static string? MapDifference(IDictionary expected, IDictionary actual, string path)
        {
            if (expected.Count != actual.Count) return $"{path}: expected {expected.Count} entries, got {actual.Count}";
            foreach (DictionaryEntry entry in expected)
            {
                if (!actual.Contains(entry.Key)) return $"{path}: missing key {entry.Key}";
                var difference = FirstDifference(entry.Value, actual[entry.Key], $"{path}.{entry.Key}");
                if (difference != null) return difference;
            }
            return null;
        }

        private static string? ListDifference(IList expected, IList actual, string path)
        {
            if (expected.Count != actual.Count) return $"{path}: expected {expected.Count} items, got {actual.Count}";
            for (var i = 0; i < expected.Count; i++)
            {
                var difference = FirstDifference(expected[i], actual[i], $"{path}[{i}]");
                if (difference != null) return difference;
            }
            return null;
        }

        private static string Show(object? value) => value == null ? "null" : value.ToString() ?? "";
    }
}

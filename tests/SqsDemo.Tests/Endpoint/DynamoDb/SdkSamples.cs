using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>
    /// SDK model objects with every member set, from a seeded random source: whatever member
    /// the SDK has (and so the service model defines), a sample carries a value for it, so a
    /// round trip that drops or garbles one shows up. Attribute values rotate through all ten
    /// kinds, nested maps and lists included.
    /// </summary>
    internal sealed class SdkSamples
    {
        private const int MaxDepth = 7;
        private static readonly Assembly ModelAssembly = typeof(AttributeValue).Assembly;
        private readonly Random _random;
        private int _attributeKind;

        public SdkSamples(int seed) => _random = new Random(seed);

        public static Type ModelType(string name) => ModelAssembly.GetType("Amazon.DynamoDBv2.Model." + name, throwOnError: true)!;

        public object Structure(Type type, int depth = 0)
        {
            var target = Activator.CreateInstance(type)!;
            foreach (var property in WritableMembers(type))
            {
                var value = Value(property.PropertyType, depth + 1);
                if (value != null) property.SetValue(target, value);
            }
            return target;
        }

        public AttributeValue Attribute(int depth)
        {
            var kind = _attributeKind++ % (depth >= 4 ? 7 : 10);
            return kind switch
            {
                0 => new AttributeValue { S = "text-" + _random.Next() + " \u00e9\u4e2d\"\\" },
                1 => new AttributeValue { N = (_random.Next() - 1_000_000).ToString() + ".25" },
                2 => new AttributeValue { B = Bytes() },
                3 => new AttributeValue { SS = new List<string> { "a" + _random.Next(), "b" + _random.Next() } },
                4 => new AttributeValue { NS = new List<string> { _random.Next().ToString(), "-0.5" } },
                5 => new AttributeValue { BOOL = _random.Next(2) == 0 },
                6 => new AttributeValue { NULL = true },
                7 => new AttributeValue { BS = new List<MemoryStream> { Bytes(), Bytes() } },
                8 => new AttributeValue { M = new Dictionary<string, AttributeValue> { ["inner"] = Attribute(depth + 1), ["other"] = Attribute(depth + 1) } },
                _ => new AttributeValue { L = new List<AttributeValue> { Attribute(depth + 1), Attribute(depth + 1), Attribute(depth + 1) } },
            };
        }

        public Dictionary<string, AttributeValue> Item(int attributes = 10) =>
            Enumerable.Range(0, attributes).ToDictionary(i => "attr" + i, _ => Attribute(0));

        private object? Value(Type type, int depth)
        {
            var valueType = Nullable.GetUnderlyingType(type) ?? type;
            if (valueType == typeof(AttributeValue)) return Attribute(depth);
            if (valueType == typeof(string)) return "str-" + _random.Next();
            if (valueType == typeof(bool)) return _random.Next(2) == 0;
            if (valueType == typeof(int)) return _random.Next(1, 10_000);
            if (valueType == typeof(long)) return (long)_random.Next(1, int.MaxValue) * 7;
            if (valueType == typeof(double)) return _random.Next(1, 100_000) / 8.0;
            if (valueType == typeof(DateTime)) return new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(_random.Next());
            if (valueType == typeof(MemoryStream)) return Bytes();
            if (typeof(ConstantClass).IsAssignableFrom(valueType)) return Constant(valueType);
            if (depth > MaxDepth) return null;
            if (valueType.IsGenericType && valueType.GetGenericTypeDefinition() == typeof(List<>)) return List(valueType, depth);
            if (valueType.IsGenericType && valueType.GetGenericTypeDefinition() == typeof(Dictionary<,>)) return Map(valueType, depth);
            if (valueType.Assembly == ModelAssembly && valueType.IsClass) return Structure(valueType, depth);
            throw new NotSupportedException($"No sample for {valueType}");
        }

        private object List(Type listType, int depth)
        {
            var list = (IList)Activator.CreateInstance(listType)!;
            for (var i = 0; i < 2; i++) list.Add(Value(listType.GetGenericArguments()[0], depth + 1));
            return list;
        }

        private object Map(Type mapType, int depth)
        {
            var map = (IDictionary)Activator.CreateInstance(mapType)!;
            for (var i = 0; i < 2; i++) map["key" + i + "-" + _random.Next(100)] = Value(mapType.GetGenericArguments()[1], depth + 1);
            return map;
        }

        private object Constant(Type type)
        {
            var values = type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == type).ToArray();
            return values.Length > 0 ? values[_random.Next(values.Length)].GetValue(null)! : Activator.CreateInstance(type, "VALUE")!;
        }

        private MemoryStream Bytes()
        {
            var bytes = new byte[_random.Next(1, 40)];
            _random.NextBytes(bytes);
            return new MemoryStream(bytes);
        }

        private static IEnumerable<PropertyInfo> WritableMembers(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.DeclaringType!.Assembly == ModelAssembly && p.CanWrite)
                .Where(p => !(p.PropertyType == typeof(bool) && p.Name.StartsWith("Is", StringComparison.Ordinal) && p.Name.EndsWith("Set", StringComparison.Ordinal)));
    }
}

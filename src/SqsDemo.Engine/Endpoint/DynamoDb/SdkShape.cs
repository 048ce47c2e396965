using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// The wire members of one SDK model type. The SDK's model classes are generated from the
    /// same service model as the wire, one property per member under the member's own name, so
    /// the members are the public properties the DynamoDB assembly declares, less the SDK's
    /// <c>Is...Set</c> bookkeeping flags (and less ResponseMetadata and the like, which
    /// AWSSDK.Core declares).
    /// </summary>
    internal sealed class SdkShape
    {
        private static readonly Assembly ModelAssembly = typeof(AttributeValue).Assembly;
        private static readonly ConcurrentDictionary<Type, SdkShape> Shapes = new ConcurrentDictionary<Type, SdkShape>();

        private readonly Dictionary<string, PropertyInfo> _byName;

        private SdkShape(Type type)
        {
            Members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.DeclaringType.Assembly == ModelAssembly && p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
                .Where(p => !IsSetFlag(p))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .ToArray();
            _byName = Members.ToDictionary(p => p.Name, StringComparer.Ordinal);
        }

        /// <summary>The wire members, by name.</summary>
        public IReadOnlyList<PropertyInfo> Members { get; }

        public static SdkShape Of(Type type) => Shapes.GetOrAdd(type, t => new SdkShape(t));

        public bool TryGetMember(string wireName, out PropertyInfo member) => _byName.TryGetValue(wireName, out member);

        /// <summary>A structure of the DynamoDB model (not an enum-like ConstantClass, not a collection).</summary>
        public static bool IsStructure(Type type) =>
            type.IsClass && type.Assembly == ModelAssembly && !typeof(ConstantClass).IsAssignableFrom(type);

        private static bool IsSetFlag(PropertyInfo property) =>
            property.PropertyType == typeof(bool)
            && property.Name.StartsWith("Is", StringComparison.Ordinal)
            && property.Name.EndsWith("Set", StringComparison.Ordinal);
    }
}

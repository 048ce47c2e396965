using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// Reads a parsed JSON body into an SDK model object, member by member, after the member's
    /// declared type: structure, list, map, string, enum-like constant, boolean, integer, long,
    /// double, timestamp, blob or AttributeValue. Unknown members are ignored and JSON nulls
    /// count as absent, as the service does.
    /// </summary>
    internal static class SdkShapeReader
    {
        private static readonly Dictionary<Type, Func<JsonElement, string, object>> Scalars = new Dictionary<Type, Func<JsonElement, string, object>>
        {
            [typeof(string)] = (json, path) => JsonValues.String(json, path),
            [typeof(bool)] = (json, path) => JsonValues.Boolean(json, path),
            [typeof(int)] = (json, path) => JsonValues.Int32(json, path),
            [typeof(long)] = (json, path) => JsonValues.Int64(json, path),
            [typeof(double)] = (json, path) => JsonValues.Double(json, path),
            [typeof(DateTime)] = (json, path) => JsonValues.Timestamp(json, path),
            [typeof(MemoryStream)] = (json, path) => JsonValues.Binary(json, path),
            [typeof(AttributeValue)] = (json, path) => AttributeValueJson.Read(json, path),
        };

        public static object ReadStructure(Type type, JsonElement json, string path)
        {
            JsonValues.Expect(json, JsonValueKind.Object, path, "a structure");
            var target = Activator.CreateInstance(type);
            var shape = SdkShape.Of(type);
            foreach (var member in json.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.Null || !shape.TryGetMember(member.Name, out var property)) continue;
                property.SetValue(target, ReadValue(property.PropertyType, member.Value, path + "." + member.Name));
            }
            return target;
        }

        private static object ReadValue(Type type, JsonElement json, string path)
        {
            var valueType = Nullable.GetUnderlyingType(type) ?? type;
            if (Scalars.TryGetValue(valueType, out var readScalar)) return readScalar(json, path);
            if (typeof(ConstantClass).IsAssignableFrom(valueType)) return Activator.CreateInstance(valueType, JsonValues.String(json, path));
            if (IsGeneric(valueType, typeof(List<>))) return ReadList(valueType, json, path);
            if (IsGeneric(valueType, typeof(Dictionary<,>))) return ReadMap(valueType, json, path);
            if (SdkShape.IsStructure(valueType)) return ReadStructure(valueType, json, path);
            throw new NotSupportedException($"The SDK member type {valueType} at {path} has no JSON reading.");
        }

        private static object ReadList(Type listType, JsonElement json, string path)
        {
            JsonValues.Expect(json, JsonValueKind.Array, path, "a list");
            var itemType = listType.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(listType);
            var index = 0;
            foreach (var item in json.EnumerateArray()) list.Add(ReadValue(itemType, item, $"{path}[{index++}]"));
            return list;
        }

        private static object ReadMap(Type mapType, JsonElement json, string path)
        {
            JsonValues.Expect(json, JsonValueKind.Object, path, "a map");
            var valueType = mapType.GetGenericArguments()[1];
            var map = (IDictionary)Activator.CreateInstance(mapType);
            foreach (var entry in json.EnumerateObject()) map[entry.Name] = ReadValue(valueType, entry.Value, path + "." + entry.Name);
            return map;
        }

        private static bool IsGeneric(Type type, Type definition) =>
            type.IsGenericType && type.GetGenericTypeDefinition() == definition;
    }
}

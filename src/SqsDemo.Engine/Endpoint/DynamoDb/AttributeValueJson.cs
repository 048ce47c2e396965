using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// DynamoDB's typed attribute value on the wire: an object with exactly one of S, N, B
    /// (base64), SS, NS, BS, M, L, NULL, BOOL. Read and written by hand because "exactly one" is
    /// a rule of the value, not of its members, and DynamoDB words its refusals.
    /// </summary>
    internal static class AttributeValueJson
    {
        public static AttributeValue Read(JsonElement json, string path)
        {
            JsonValues.Expect(json, JsonValueKind.Object, path, "an AttributeValue object");
            var value = new AttributeValue();
            var kinds = 0;
            foreach (var member in json.EnumerateObject())
            {
                // An unknown member is ignored, as for any structure; only the ten types count.
                if (ReadKind(value, member, path + "." + member.Name)) kinds++;
            }
            if (kinds == 0) throw Validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
            if (kinds > 1) throw Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
            return value;
        }

        private static bool ReadKind(AttributeValue value, JsonProperty member, string path)
        {
            var json = member.Value;
            switch (member.Name)
            {
                case "S": value.S = JsonValues.String(json, path); return true;
                case "N": value.N = JsonValues.String(json, path); return true;
                case "B": value.B = JsonValues.Binary(json, path); return true;
                case "SS": value.SS = ReadList(json, path, JsonValues.String); return true;
                case "NS": value.NS = ReadList(json, path, JsonValues.String); return true;
                case "BS": value.BS = ReadList(json, path, JsonValues.Binary); return true;
                case "L": value.L = ReadList(json, path, Read); return true;
                case "M": value.M = ReadMap(json, path); return true;
                case "BOOL": value.BOOL = JsonValues.Boolean(json, path); return true;
                case "NULL":
                    if (!JsonValues.Boolean(json, path))
                        throw Validation("One or more parameter values were invalid: Null attribute value types must have the value of true");
                    value.NULL = true;
                    return true;
                default: return false;
            }
        }

        /// <summary>A map of attribute name to value: an item, a key, M, ExpressionAttributeValues.</summary>
        public static Dictionary<string, AttributeValue> ReadMap(JsonElement json, string path)
        {
            JsonValues.Expect(json, JsonValueKind.Object, path, "a map of attribute values");
            var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var member in json.EnumerateObject()) map[member.Name] = Read(member.Value, path + "." + member.Name);
            return map;
        }

        private static List<T> ReadList<T>(JsonElement json, string path, Func<JsonElement, string, T> readItem)
        {
            JsonValues.Expect(json, JsonValueKind.Array, path, "a list");
            var list = new List<T>(json.GetArrayLength());
            var index = 0;
            foreach (var item in json.EnumerateArray()) list.Add(readItem(item, $"{path}[{index++}]"));
            return list;
        }

        public static void Write(Utf8JsonWriter writer, AttributeValue value)
        {
            writer.WriteStartObject();
            if (value.S != null) writer.WriteString("S", value.S);
            else if (value.N != null) writer.WriteString("N", value.N);
            else if (value.B != null) writer.WriteBase64String("B", value.B.ToArray());
            else if (value.SS != null) WriteStrings(writer, "SS", value.SS);
            else if (value.NS != null) WriteStrings(writer, "NS", value.NS);
            else if (value.BS != null) WriteBinaries(writer, value.BS);
            else if (value.M != null) WriteMapMember(writer, "M", value.M);
            else if (value.L != null) WriteList(writer, value.L);
            else if (value.NULL == true) writer.WriteBoolean("NULL", true);
            else if (value.BOOL.HasValue) writer.WriteBoolean("BOOL", value.BOOL.Value);
            else throw new InvalidOperationException("An AttributeValue with no type set cannot be written: the item store returned an empty value.");
            writer.WriteEndObject();
        }

        public static void WriteMap(Utf8JsonWriter writer, IDictionary<string, AttributeValue> map)
        {
            writer.WriteStartObject();
            foreach (var entry in map)
            {
                writer.WritePropertyName(entry.Key);
                Write(writer, entry.Value);
            }
            writer.WriteEndObject();
        }

        private static void WriteMapMember(Utf8JsonWriter writer, string name, IDictionary<string, AttributeValue> map)
        {
            writer.WritePropertyName(name);
            WriteMap(writer, map);
        }

        private static void WriteList(Utf8JsonWriter writer, List<AttributeValue> list)
        {
            writer.WriteStartArray("L");
            foreach (var item in list) Write(writer, item);
            writer.WriteEndArray();
        }

        private static void WriteStrings(Utf8JsonWriter writer, string name, List<string> values)
        {
            writer.WriteStartArray(name);
            foreach (var value in values) writer.WriteStringValue(value);
            writer.WriteEndArray();
        }

        private static void WriteBinaries(Utf8JsonWriter writer, List<MemoryStream> values)
        {
            writer.WriteStartArray("BS");
            foreach (var value in values) writer.WriteBase64StringValue(value.ToArray());
            writer.WriteEndArray();
        }

        private static AmazonDynamoDBException Validation(string message) =>
            new AmazonDynamoDBException(message) { ErrorCode = "ValidationException", StatusCode = HttpStatusCode.BadRequest };
    }
}

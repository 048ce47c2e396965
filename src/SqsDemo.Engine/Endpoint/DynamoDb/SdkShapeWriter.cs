using System;
using System.Collections;
using System.IO;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// Writes an SDK model object as the wire's JSON: members that are set (not null), under
    /// their own names; timestamps as epoch seconds, blobs as base64, enum-like constants as
    /// their string. An empty list or map that is set is written, as the service writes
    /// <c>"Items":[]</c>.
    /// </summary>
    internal static class SdkShapeWriter
    {
        public static void WriteStructure(Utf8JsonWriter writer, object structure)
        {
            writer.WriteStartObject();
            foreach (var member in SdkShape.Of(structure.GetType()).Members)
            {
                var value = member.GetValue(structure);
                if (value == null) continue;
                writer.WritePropertyName(member.Name);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
        }

        private static void WriteValue(Utf8JsonWriter writer, object value)
        {
            switch (value)
            {
                case AttributeValue attribute: AttributeValueJson.Write(writer, attribute); break;
                case string text: writer.WriteStringValue(text); break;
                case ConstantClass constant: writer.WriteStringValue(constant.Value); break;
                case bool flag: writer.WriteBooleanValue(flag); break;
                case int number: writer.WriteNumberValue(number); break;
                case long number: writer.WriteNumberValue(number); break;
                case double number: writer.WriteNumberValue(number); break;
                case DateTime time: writer.WriteNumberValue(JsonValues.EpochSeconds(time)); break;
                case MemoryStream bytes: writer.WriteBase64StringValue(bytes.ToArray()); break;
                case IDictionary map: WriteMap(writer, map); break;
                case IList list: WriteList(writer, list); break;
                default:
                    if (!SdkShape.IsStructure(value.GetType()))
                        throw new NotSupportedException($"The SDK member type {value.GetType()} has no JSON writing.");
                    WriteStructure(writer, value);
                    break;
            }
        }

        private static void WriteMap(Utf8JsonWriter writer, IDictionary map)
        {
            writer.WriteStartObject();
            foreach (DictionaryEntry entry in map)
            {
                writer.WritePropertyName((string)entry.Key);
                WriteValue(writer, entry.Value);
            }
            writer.WriteEndObject();
        }

        private static void WriteList(Utf8JsonWriter writer, IList list)
        {
            writer.WriteStartArray();
            foreach (var item in list) WriteValue(writer, item);
            writer.WriteEndArray();
        }
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace SqsDemo.Handlers
{
    /// <summary>
    /// JSON to and from what a PowerShell script handles, without ConvertTo/From-Json (a runspace
    /// of the PowerShell SDK alone does not have them): objects become PSCustomObjects, arrays
    /// object[], integers long, other numbers double.
    /// </summary>
    public static class PowerShellJson
    {
        /// <summary>Deep enough for any message a scenario writes; deeper nesting (a cycle) is cut off and said so.</summary>
        public const int MaxDepth = 16;

        /// <summary>
        /// A stored result with a Data property, its JSON parsed (a result that is not JSON: its text),
        /// so a script reads $_.Data.sum without ConvertFrom-Json.
        /// </summary>
        public static PSObject WithData(Engine.Ledger.ResultRecord record)
        {
            var shaped = PSObject.AsPSObject(record);
            shaped.Properties.Add(new PSNoteProperty("Data", TryParse(record.Result) ?? record.Result));
            return shaped;
        }

        /// <summary>The value of a JSON text, or null when it is not JSON.</summary>
        public static object? TryParse(string json)
        {
            if (string.IsNullOrWhiteSpace(json)) return null;
            try
            {
                using (var document = JsonDocument.Parse(json))
                    return FromElement(document.RootElement);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static object? FromElement(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var obj = new PSObject();
                    foreach (var property in element.EnumerateObject())
                        obj.Properties.Add(new PSNoteProperty(property.Name, FromElement(property.Value)));
                    return obj;
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    var i = 0;
                    foreach (var item in element.EnumerateArray()) items[i++] = FromElement(item);
                    return items;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out var integer)) return integer;
                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        /// <summary>
        /// A script's output as a message body: a string as it is (the script wrote the text),
        /// anything else as JSON (hashtables and objects as JSON objects, lists as arrays).
        /// </summary>
        public static string ToBody(object? value)
        {
            var unwrapped = value is PSObject ps && !(ps.BaseObject is PSCustomObject) ? ps.BaseObject : value;
            if (unwrapped is string text) return text;
            return Serialize(value);
        }

        public static string Serialize(object? value)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                    Write(writer, value, 0);
                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        private static void Write(Utf8JsonWriter writer, object? value, int depth)
        {
            if (value is PSObject ps)
            {
                if (ps.BaseObject is PSCustomObject)
                {
                    WriteProperties(writer, ps.Properties.Select(p => (p.Name, (object?)p.Value)), depth);
                    return;
                }
                value = ps.BaseObject;
            }
            if (TryWriteScalar(writer, value)) return;
            if (depth >= MaxDepth)
            {
                writer.WriteStringValue("(nested too deep)");
                return;
            }
            if (value is IDictionary dictionary)
            {
                WriteProperties(writer, dictionary.Cast<DictionaryEntry>()
                    .Select(entry => (Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "", (object?)entry.Value)), depth);
                return;
            }
            if (value is IEnumerable sequence)
            {
                writer.WriteStartArray();
                foreach (var item in sequence) Write(writer, item, depth + 1);
                writer.WriteEndArray();
                return;
            }
            // Any other .NET object: its public properties, as ConvertTo-Json would.
            WriteProperties(writer, GettableProperties(value!), depth);
        }

        private static void WriteProperties(Utf8JsonWriter writer, IEnumerable<(string Name, object? Value)> properties, int depth)
        {
            if (depth >= MaxDepth)
            {
                writer.WriteStringValue("(nested too deep)");
                return;
            }
            writer.WriteStartObject();
            foreach (var (name, propertyValue) in properties)
            {
                writer.WritePropertyName(name);
                Write(writer, propertyValue, depth + 1);
            }
            writer.WriteEndObject();
        }

        /// <summary>An object's public properties, leaving out any whose getter throws.</summary>
        private static IEnumerable<(string Name, object? Value)> GettableProperties(object value)
        {
            foreach (var property in PSObject.AsPSObject(value).Properties)
            {
                if (!property.IsGettable) continue;
                object? propertyValue;
                try
                {
                    propertyValue = property.Value;
                }
                catch (GetValueException)
                {
                    continue;
                }
                yield return (property.Name, propertyValue);
            }
        }

        /// <summary>Writes a JSON scalar for null, text, numbers, booleans, dates, GUIDs and enums; false for anything else.</summary>
        private static bool TryWriteScalar(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null: writer.WriteNullValue(); return true;
                case string s: writer.WriteStringValue(s); return true;
                case char c: writer.WriteStringValue(c.ToString()); return true;
                case bool b: writer.WriteBooleanValue(b); return true;
                case int _:
                case long _:
                case short _:
                case byte _:
                case sbyte _:
                case ushort _:
                case uint _:
                    writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    return true;
                case ulong u: writer.WriteNumberValue(u); return true;
                case decimal m: writer.WriteNumberValue(m); return true;
                case double d when !double.IsNaN(d) && !double.IsInfinity(d): writer.WriteNumberValue(d); return true;
                case float f when !float.IsNaN(f) && !float.IsInfinity(f): writer.WriteNumberValue(f); return true;
                case double _:
                case float _:
                    // JSON has no NaN or infinity: said as text rather than lost.
                    writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return true;
                case DateTime dt: writer.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture)); return true;
                case DateTimeOffset dto: writer.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture)); return true;
                case Guid g: writer.WriteStringValue(g.ToString("D")); return true;
                case Enum e: writer.WriteStringValue(e.ToString()); return true;
                default: return false;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Reads an operation's input in the JSON protocol's shape (the Query protocol's parameters are
    /// converted to it first). Numbers may come as JSON numbers or, from the Query protocol, as text.
    /// A member of the wrong kind is the caller's error (InvalidParameterValue), never a crash.
    /// </summary>
    internal readonly struct SqsInput
    {
        private readonly JsonObject _members;

        public SqsInput(JsonObject members)
        {
            _members = members;
        }

        public string? Text(string name)
        {
            var node = _members[name];
            if (node == null) return null;
            if (node is JsonValue value)
            {
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String: return value.GetValue<string>();
                    case JsonValueKind.Number:
                    case JsonValueKind.True:
                    case JsonValueKind.False: return value.ToJsonString();
                }
            }
            throw Invalid(name);
        }

        public string Required(string name)
        {
            var text = Text(name);
            return string.IsNullOrEmpty(text) ? throw SqsErrors.MissingParameter(name) : text!;
        }

        public int? Int(string name)
        {
            var text = Text(name);
            if (text == null) return null;
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : throw Invalid(name, text);
        }

        public JsonObject? Object(string name) =>
            _members[name] switch { null => null, JsonObject o => o, _ => throw Invalid(name) };

        public IReadOnlyList<SqsInput> Objects(string name)
        {
            var list = new List<SqsInput>();
            foreach (var item in Array(name))
                list.Add(item is JsonObject o ? new SqsInput(o) : throw Invalid(name));
            return list;
        }

        public IReadOnlyList<string> Strings(string name)
        {
            var list = new List<string>();
            foreach (var item in Array(name))
                list.Add(item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Invalid(name));
            return list;
        }

        /// <summary>A map of strings (queue attributes, tags); null when absent.</summary>
        public Dictionary<string, string>? StringMap(string name)
        {
            var map = Object(name);
            if (map == null) return null;
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in map)
                result[pair.Key] = ValueText(pair.Value, name + "." + pair.Key);
            return result;
        }

        /// <summary>MessageAttributes: name to {DataType, StringValue | BinaryValue (base64)}; null when absent.</summary>
        public Dictionary<string, MessageAttributeValue>? MessageAttributes(string name)
        {
            var map = Object(name);
            if (map == null) return null;
            var result = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
            foreach (var pair in map)
            {
                var member = pair.Value as JsonObject ?? throw Invalid(name + "." + pair.Key);
                var value = new SqsInput(member);
                var binary = value.Text("BinaryValue");
                result[pair.Key] = new MessageAttributeValue
                {
                    DataType = value.Text("DataType") ?? "",
                    StringValue = value.Text("StringValue"),
                    BinaryValue = binary == null ? null : Base64(binary, name + "." + pair.Key + ".BinaryValue"),
                };
            }
            return result;
        }

        private IEnumerable<JsonNode?> Array(string name) =>
            _members[name] switch { null => System.Array.Empty<JsonNode?>(), JsonArray a => a, _ => throw Invalid(name) };

        private static string ValueText(JsonNode? node, string name) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Invalid(name);

        private static byte[] Base64(string text, string name)
        {
            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new SqsException(SqsErrorCode.InvalidParameterValue, "The value of " + name + " is not valid base64.");
            }
        }

        private static SqsException Invalid(string name, string? value = null) =>
            new SqsException(SqsErrorCode.InvalidParameterValue, value == null
                ? "The value of parameter " + name + " is not of the type SQS expects."
                : "Value " + value + " for parameter " + name + " is invalid.");
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace SqsDemo.Engine.Endpoint
{
    /// <summary>
    /// Turns the Query protocol's flat parameters (<c>Attribute.1.Name</c>, <c>SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue</c>)
    /// into the JSON protocol's input shape, so one set of operations serves both. SQS's Query collections are
    /// "flattened": a list or map member is named by its element (Attribute, Tag, ...) and numbered from 1.
    /// </summary>
    public static class QueryInput
    {
        // SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue is the deepest SQS name (6 parts); the bound keeps recursion shallow.
        private const int MaxNameDepth = 8;

        private enum Kind { Object, List, Map }

        // Element name -> (JSON member, kind, the map's key and value element names).
        private static readonly Dictionary<string, (string Member, Kind Kind, string Key, string Value)> Collections = new Dictionary<string, (string, Kind, string, string)>(StringComparer.Ordinal)
        {
            ["Attribute"] = ("Attributes", Kind.Map, "Name", "Value"),
            ["MessageAttribute"] = ("MessageAttributes", Kind.Map, "Name", "Value"),
            ["MessageSystemAttribute"] = ("MessageSystemAttributes", Kind.Map, "Name", "Value"),
            ["Tag"] = ("Tags", Kind.Map, "Key", "Value"),
            ["AttributeName"] = ("AttributeNames", Kind.List, "", ""),
            ["MessageAttributeName"] = ("MessageAttributeNames", Kind.List, "", ""),
            ["MessageSystemAttributeName"] = ("MessageSystemAttributeNames", Kind.List, "", ""),
            ["TagKey"] = ("TagKeys", Kind.List, "", ""),
            ["SendMessageBatchRequestEntry"] = ("Entries", Kind.List, "", ""),
            ["DeleteMessageBatchRequestEntry"] = ("Entries", Kind.List, "", ""),
            ["ChangeMessageVisibilityBatchRequestEntry"] = ("Entries", Kind.List, "", ""),
        };

        private sealed class Node
        {
            public string? Value;
            public readonly Dictionary<string, Node> Children = new Dictionary<string, Node>(StringComparer.Ordinal);
        }

        /// <summary>The operation's input; null with the reason when the parameters do not form one.</summary>
        public static JsonObject? ToJson(string operation, IReadOnlyDictionary<string, string> parameters, out string? malformed)
        {
            malformed = null;
            var root = new Node();
            foreach (var pair in parameters)
            {
                var node = root;
                var parts = pair.Key.Split('.');
                if (parts.Length > MaxNameDepth) return Fail("The parameter name " + pair.Key + " is nested deeper than any SQS parameter.", out malformed);
                foreach (var part in parts)
                {
                    if (part.Length == 0 || node.Value != null) return Fail("The parameter name " + pair.Key + " is malformed.", out malformed);
                    if (!node.Children.TryGetValue(part, out var child)) node.Children[part] = child = new Node();
                    node = child;
                }
                if (node.Children.Count > 0) return Fail("The parameter " + pair.Key + " is both a value and a structure.", out malformed);
                node.Value = pair.Value;
            }
            try
            {
                var input = ObjectOf(root);
                // CreateQueue's tags member is the model's lower-case "tags".
                if (operation == "CreateQueue" && input["Tags"] is JsonNode tags)
                {
                    input.Remove("Tags");
                    input["tags"] = tags;
                }
                return input;
            }
            catch (FormatException e)
            {
                return Fail(e.Message, out malformed);
            }
        }

        private static JsonObject? Fail(string reason, out string? malformed)
        {
            malformed = reason;
            return null;
        }

        private static JsonObject ObjectOf(Node node)
        {
            var result = new JsonObject();
            foreach (var pair in node.Children)
            {
                if (Collections.TryGetValue(pair.Key, out var collection))
                {
                    var items = Numbered(pair.Key, pair.Value);
                    result[collection.Member] = collection.Kind == Kind.List
                        ? (JsonNode)new JsonArray(items.Select(ValueOf).ToArray())
                        : MapOf(pair.Key, items, collection.Key, collection.Value);
                }
                else result[pair.Key] = ValueOf(pair.Value);
            }
            return result;
        }

        private static JsonNode? ValueOf(Node node) => node.Value != null ? JsonValue.Create(node.Value) : ObjectOf(node);

        private static JsonObject MapOf(string element, List<Node> entries, string keyName, string valueName)
        {
            var map = new JsonObject();
            foreach (var entry in entries)
            {
                var key = entry.Children.TryGetValue(keyName, out var k) && k.Value != null ? k.Value : throw new FormatException("Each " + element + " needs a " + keyName + ".");
                if (map.ContainsKey(key)) throw new FormatException(element + " " + key + " is given more than once.");
                map[key] = entry.Children.TryGetValue(valueName, out var v) ? ValueOf(v) : throw new FormatException(element + " " + key + " has no " + valueName + ".");
            }
            return map;
        }

        /// <summary>The members of a flattened collection in index order (1, 2, ...); a name that is not an index is malformed.</summary>
        private static List<Node> Numbered(string element, Node node)
        {
            if (node.Value != null) throw new FormatException("The parameter " + element + " needs an index, as in " + element + ".1.");
            var indexed = new SortedDictionary<int, Node>();
            foreach (var pair in node.Children)
            {
                if (!int.TryParse(pair.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
                    throw new FormatException("The parameter " + element + "." + pair.Key + " needs an index from 1.");
                indexed[index] = pair.Value;
            }
            return indexed.Values.ToList();
        }
    }
}

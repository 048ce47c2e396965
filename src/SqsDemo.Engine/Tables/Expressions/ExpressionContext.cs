using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables.Expressions
{
    /// <summary>
    /// A request's ExpressionAttributeNames and ExpressionAttributeValues: binds every #name and
    /// :value of the request's expressions up front (as DynamoDB does, whether or not evaluation
    /// reaches them) and then refuses those the expressions never used.
    /// </summary>
    internal sealed class ExpressionContext
    {
        private readonly Dictionary<string, string> _names;
        private readonly Dictionary<string, AttributeValue> _values;
        private readonly HashSet<string> _usedNames = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _usedValues = new HashSet<string>(StringComparer.Ordinal);

        public ExpressionContext(Dictionary<string, string>? names, Dictionary<string, AttributeValue>? values)
        {
            if (names != null && names.Count == 0) throw TableErrors.Validation("ExpressionAttributeNames must not be empty");
            if (values != null && values.Count == 0) throw TableErrors.Validation("ExpressionAttributeValues must not be empty");
            _names = names ?? new Dictionary<string, string>();
            _values = values ?? new Dictionary<string, AttributeValue>();
            var badName = _names.Keys.FirstOrDefault(k => !IsPlaceholder(k, '#'));
            if (badName != null) throw TableErrors.Validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + badName + "\"");
            var badValue = _values.Keys.FirstOrDefault(k => !IsPlaceholder(k, ':'));
            if (badValue != null) throw TableErrors.Validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + badValue + "\"");
            _values = _values.ToDictionary(kv => kv.Key, kv => IncomingValues.Normalize(kv.Value), StringComparer.Ordinal);
        }

        private static bool IsPlaceholder(string key, char sigil) =>
            key.Length > 1 && key[0] == sigil && key.Skip(1).All(c => char.IsLetterOrDigit(c) || c == '_');

        /// <summary>The path with every #name replaced by the attribute name it stands for.</summary>
        public DocumentPath Resolve(DocumentPath path) =>
            new DocumentPath(path.Elements.Select(e => e is NameElement n && n.IsPlaceholder ? new NameElement(Name(n.Name), false) : e).ToArray());

        private string Name(string placeholder)
        {
            if (!_names.TryGetValue(placeholder, out var name))
                throw TableErrors.Validation("An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
            _usedNames.Add(placeholder);
            return name;
        }

        public AttributeValue Value(string placeholder)
        {
            if (!_values.TryGetValue(placeholder, out var value))
                throw TableErrors.Validation("An expression attribute value used in expression is not defined; attribute value: " + placeholder);
            _usedValues.Add(placeholder);
            return value;
        }

        /// <summary>DynamoDB refuses names and values that no expression of the request used.</summary>
        public void CheckAllUsed()
        {
            var values = _values.Keys.Where(k => !_usedValues.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToArray();
            if (values.Length > 0)
                throw TableErrors.Validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + string.Join(", ", values) + "}");
            var names = _names.Keys.Where(k => !_usedNames.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToArray();
            if (names.Length > 0)
                throw TableErrors.Validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + string.Join(", ", names) + "}");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>A table's key: the partition (hash) key and optional sort (range) key, with their scalar types.</summary>
    internal sealed class TableSchema
    {
        private static readonly Regex TableName = new Regex("^[a-zA-Z0-9_.-]{3,255}$");

        public string HashKey { get; }
        public string HashType { get; }
        public string? RangeKey { get; }
        public string? RangeType { get; }

        private TableSchema(string hashKey, string hashType, string? rangeKey, string? rangeType)
        {
            HashKey = hashKey;
            HashType = hashType;
            RangeKey = rangeKey;
            RangeType = rangeType;
        }

        public IEnumerable<string> KeyNames => RangeKey == null ? new[] { HashKey } : new[] { HashKey, RangeKey };

        public static void CheckTableName(string? name)
        {
            if (name == null || !TableName.IsMatch(name))
                throw TableErrors.Validation("1 validation error detected: Value '" + name + "' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 3 and 255");
        }

        public static TableSchema From(CreateTableRequest request)
        {
            CheckTableName(request.TableName);
            var keys = request.KeySchema ?? new List<KeySchemaElement>();
            var hash = keys.Where(k => k.KeyType == KeyType.HASH).ToArray();
            var range = keys.Where(k => k.KeyType == KeyType.RANGE).ToArray();
            if (hash.Length != 1 || range.Length > 1 || keys.Count != hash.Length + range.Length)
                throw TableErrors.Validation("1 validation error detected: Value at 'keySchema' failed to satisfy constraint: a key schema has one HASH key and at most one RANGE key");
            if (request.GlobalSecondaryIndexes?.Count > 0 || request.LocalSecondaryIndexes?.Count > 0)
                throw TableErrors.Validation("SqsDemo's embedded table store has no secondary indexes; create the table without GlobalSecondaryIndexes and LocalSecondaryIndexes");
            var definitions = request.AttributeDefinitions ?? new List<AttributeDefinition>();
            if (definitions.Count != keys.Count)
                throw TableErrors.Validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
            CheckBilling(request);
            return new TableSchema(hash[0].AttributeName, TypeOf(hash[0].AttributeName, definitions, keys),
                range.FirstOrDefault()?.AttributeName, range.Length == 0 ? null : TypeOf(range[0].AttributeName, definitions, keys));
        }

        private static string TypeOf(string name, List<AttributeDefinition> definitions, List<KeySchemaElement> keys)
        {
            var definition = definitions.FirstOrDefault(d => d.AttributeName == name)
                ?? throw TableErrors.Validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
                    string.Join(", ", keys.Select(k => k.AttributeName)) + "], AttributeDefinitions: [" + string.Join(", ", definitions.Select(d => d.AttributeName)) + "]");
            var type = definition.AttributeType?.Value;
            if (type != "S" && type != "N" && type != "B")
                throw TableErrors.Validation("1 validation error detected: Value '" + type + "' at 'attributeDefinitions' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
            return type;
        }

        private static void CheckBilling(CreateTableRequest request)
        {
            if (request.BillingMode == BillingMode.PAY_PER_REQUEST) return;
            var throughput = request.ProvisionedThroughput;
            if (throughput?.ReadCapacityUnits == null || throughput.WriteCapacityUnits == null)
                throw TableErrors.Validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }

        /// <summary>The key of a Key argument (GetItem, UpdateItem, DeleteItem): exactly the key attributes, of the schema's types.</summary>
        public ItemKey KeyOf(Dictionary<string, AttributeValue>? key)
        {
            if (key == null || key.Count != KeyNames.Count() || KeyNames.Any(k => !key.ContainsKey(k)) || !TypesMatch(key))
                throw TableErrors.Validation(TableErrors.KeyMismatch);
            return new ItemKey(key[HashKey], RangeKey == null ? null : key[RangeKey]);
        }

        private bool TypesMatch(Dictionary<string, AttributeValue> key) =>
            AttributeValues.TypeOf(key[HashKey]) == HashType && (RangeKey == null || AttributeValues.TypeOf(key[RangeKey]) == RangeType);

        /// <summary>The key of a whole item (PutItem), with DynamoDB's messages for a missing or mistyped key attribute.</summary>
        public ItemKey KeyOfItem(Dictionary<string, AttributeValue> item)
        {
            foreach (var (name, type) in KeyNames.Select(n => (n, n == HashKey ? HashType : RangeType!)))
            {
                if (!item.TryGetValue(name, out var value))
                    throw TableErrors.Validation("One or more parameter values were invalid: Missing the key " + name + " in the item");
                var actual = AttributeValues.TypeOf(value);
                if (actual != type)
                    throw TableErrors.Validation("One or more parameter values were invalid: Type mismatch for key " + name + " expected: " + type + " actual: " + actual);
                if ((value.S != null && value.S.Length == 0) || (value.B != null && value.B.Length == 0))
                    throw TableErrors.Validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty " + (value.S != null ? "string" : "binary") + " value. Key: " + name);
            }
            return new ItemKey(item[HashKey], RangeKey == null ? null : item[RangeKey]);
        }

        /// <summary>The key attributes of an item, as DynamoDB answers in LastEvaluatedKey.</summary>
        public Dictionary<string, AttributeValue> KeyAttributes(IDictionary<string, AttributeValue> item) =>
            KeyNames.ToDictionary(n => n, n => AttributeValues.Clone(item[n]), StringComparer.Ordinal);
    }
}

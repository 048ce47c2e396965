using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// What makes two TransactWriteItems requests "the same request parameters" for a ClientRequestToken:
    /// a SHA-256 over a canonical JSON of everything but the token. Map keys are sorted (DynamoDB ignores
    /// the order a client wrote its keys in); lists, and each set's elements, keep their order.
    /// Built from whatever the request holds, valid or not, so it never fails a request itself.
    /// </summary>
    internal static class TransactionFingerprint
    {
        public static string Of(TransactWriteItemsRequest request)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("ReturnConsumedCapacity", request.ReturnConsumedCapacity?.Value);
                writer.WriteString("ReturnItemCollectionMetrics", request.ReturnItemCollectionMetrics?.Value);
                writer.WriteStartArray("TransactItems");
                foreach (var item in request.TransactItems ?? new List<TransactWriteItem>()) WriteItem(writer, item);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(buffer.ToArray()));
        }

        private static void WriteItem(Utf8JsonWriter writer, TransactWriteItem item)
        {
            writer.WriteStartObject();
            if (item.ConditionCheck is { } check)
                WriteAction(writer, "ConditionCheck", check.TableName, check.Key, null, null, check.ConditionExpression, check.ExpressionAttributeNames, check.ExpressionAttributeValues, check.ReturnValuesOnConditionCheckFailure);
            if (item.Put is { } put)
                WriteAction(writer, "Put", put.TableName, null, put.Item, null, put.ConditionExpression, put.ExpressionAttributeNames, put.ExpressionAttributeValues, put.ReturnValuesOnConditionCheckFailure);
            if (item.Update is { } update)
                WriteAction(writer, "Update", update.TableName, update.Key, null, update.UpdateExpression, update.ConditionExpression, update.ExpressionAttributeNames, update.ExpressionAttributeValues, update.ReturnValuesOnConditionCheckFailure);
            if (item.Delete is { } delete)
                WriteAction(writer, "Delete", delete.TableName, delete.Key, null, null, delete.ConditionExpression, delete.ExpressionAttributeNames, delete.ExpressionAttributeValues, delete.ReturnValuesOnConditionCheckFailure);
            writer.WriteEndObject();
        }

        private static void WriteAction(Utf8JsonWriter writer, string action, string? table, Dictionary<string, AttributeValue>? key, Dictionary<string, AttributeValue>? item,
            string? update, string? condition, Dictionary<string, string>? names, Dictionary<string, AttributeValue>? values, ReturnValuesOnConditionCheckFailure? onFailure)
        {
            writer.WriteStartObject(action);
            writer.WriteString("TableName", table);
            WriteValues(writer, "Key", key);
            WriteValues(writer, "Item", item);
            writer.WriteString("UpdateExpression", update);
            writer.WriteString("ConditionExpression", condition);
            if (names != null)
            {
                writer.WriteStartObject("ExpressionAttributeNames");
                foreach (var name in names.OrderBy(n => n.Key, StringComparer.Ordinal)) writer.WriteString(name.Key, name.Value);
                writer.WriteEndObject();
            }
            WriteValues(writer, "ExpressionAttributeValues", values);
            writer.WriteString("ReturnValuesOnConditionCheckFailure", onFailure?.Value);
            writer.WriteEndObject();
        }

        private static void WriteValues(Utf8JsonWriter writer, string member, Dictionary<string, AttributeValue>? values)
        {
            if (values == null) return;
            writer.WritePropertyName(member);
            WriteMap(writer, values);
        }

        private static void WriteMap(Utf8JsonWriter writer, Dictionary<string, AttributeValue> map)
        {
            writer.WriteStartObject();
            foreach (var entry in map.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(entry.Key);
                WriteValue(writer, entry.Value);
            }
            writer.WriteEndObject();
        }

        // Every member the value has set, so that even an invalid value (two types, none) fingerprints.
        private static void WriteValue(Utf8JsonWriter writer, AttributeValue? value)
        {
            writer.WriteStartObject();
            if (value != null)
            {
                if (value.S != null) writer.WriteString("S", value.S);
                if (value.N != null) writer.WriteString("N", value.N);
                if (value.B != null) writer.WriteBase64String("B", value.B.ToArray());
                if (value.BOOL.HasValue) writer.WriteBoolean("BOOL", value.BOOL.Value);
                if (value.NULL.HasValue) writer.WriteBoolean("NULL", value.NULL.Value);
                if (value.IsSSSet) WriteStrings(writer, "SS", value.SS);
                if (value.IsNSSet) WriteStrings(writer, "NS", value.NS);
                if (value.IsBSSet) WriteStrings(writer, "BS", value.BS.Select(b => Convert.ToBase64String(b.ToArray())));
                if (value.IsLSet)
                {
                    writer.WriteStartArray("L");
                    foreach (var element in value.L) WriteValue(writer, element);
                    writer.WriteEndArray();
                }
                if (value.IsMSet)
                {
                    writer.WritePropertyName("M");
                    WriteMap(writer, value.M);
                }
            }
            writer.WriteEndObject();
        }

        private static void WriteStrings(Utf8JsonWriter writer, string member, IEnumerable<string> strings)
        {
            writer.WriteStartArray(member);
            foreach (var s in strings) writer.WriteStringValue(s);
            writer.WriteEndArray();
        }
    }
}

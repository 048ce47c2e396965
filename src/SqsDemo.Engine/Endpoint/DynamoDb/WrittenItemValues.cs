using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace SqsDemo.Engine.Endpoint.DynamoDb
{
    /// <summary>
    /// What each written item held after a write, beside <see cref="WrittenItemKeys"/> and in its order, so a verdict can
    /// say which value a client wrote (the version it set on an entity) as the endpoint saw it. A put carries its item;
    /// an update's new item is asked of the store (ALL_NEW) when the client asked for nothing back, and the answer it gets
    /// is still the one it asked for.
    /// </summary>
    internal static class WrittenItemValues
    {
        /// <summary>
        /// Makes an update that asks for nothing back ask for its new item; true when it did, so <see cref="Of"/> takes the
        /// item out of the answer again.
        /// </summary>
        public static bool AskForNewItem(AmazonDynamoDBRequest call)
        {
            if (!(call is UpdateItemRequest update) || !(update.ReturnValues == null || update.ReturnValues == ReturnValue.NONE)) return false;
            update.ReturnValues = ReturnValue.ALL_NEW;
            return true;
        }

        /// <summary>The items <paramref name="call"/> wrote, as text (null for a read, a delete or a table operation).</summary>
        /// <param name="askedForNewItem">What <see cref="AskForNewItem"/> returned: the new item leaves the answer.</param>
        public static IReadOnlyList<IReadOnlyDictionary<string, string>?>? Of(AmazonDynamoDBRequest call, AmazonWebServiceResponse response, bool askedForNewItem)
        {
            switch (call)
            {
                case PutItemRequest put: return new[] { Text(put.Item) };
                case UpdateItemRequest update: return new[] { OfUpdate(update, (UpdateItemResponse)response, askedForNewItem) };
                case BatchWriteItemRequest batch:
                    return (batch.RequestItems ?? new Dictionary<string, List<WriteRequest>>())
                        .SelectMany(t => (t.Value ?? new List<WriteRequest>()).Where(w => w.PutRequest != null).Select(w => Text(w.PutRequest.Item))).ToArray();
                case TransactWriteItemsRequest transaction:
                    // A transaction's update returns nothing: its new item is not seen.
                    return (transaction.TransactItems ?? new List<TransactWriteItem>()).Where(i => i.Put != null || i.Update != null)
                        .Select(i => i.Put != null ? Text(i.Put.Item) : null).ToArray();
                default: return null;
            }
        }

        private static IReadOnlyDictionary<string, string>? OfUpdate(UpdateItemRequest update, UpdateItemResponse response, bool askedForNewItem)
        {
            var attributes = response.Attributes;
            if (askedForNewItem)
            {
                response.Attributes = null;
                return Text(attributes);
            }
            if (update.ReturnValues == ReturnValue.ALL_NEW) return Text(attributes);
            if (update.ReturnValues != ReturnValue.UPDATED_NEW) return null;
            // The attributes it set, with the key it names.
            var item = new Dictionary<string, AttributeValue>(update.Key ?? new Dictionary<string, AttributeValue>(), StringComparer.Ordinal);
            foreach (var set in attributes ?? new Dictionary<string, AttributeValue>()) item[set.Key] = set.Value;
            return Text(item);
        }

        /// <summary>String, number and boolean attributes as text; sets, lists, maps and binaries are left out.</summary>
        private static IReadOnlyDictionary<string, string> Text(Dictionary<string, AttributeValue>? item)
        {
            var text = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var attribute in item ?? new Dictionary<string, AttributeValue>())
            {
                var value = attribute.Value;
                if (value == null) continue;
                if (value.S != null) text[attribute.Key] = value.S;
                else if (value.N != null) text[attribute.Key] = value.N;
                else if (value.BOOL.HasValue) text[attribute.Key] = value.BOOL.Value ? "true" : "false";
            }
            return text;
        }
    }
}

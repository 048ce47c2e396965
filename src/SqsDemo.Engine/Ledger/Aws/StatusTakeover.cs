using System;
using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Ledger.Aws
{
    /// <summary>
    /// The takeover of a STARTED row exactly as it was read: one more attempt, this owner, now; conditional on
    /// status, owner token, attempts and last update being what the read saw (an attribute absent then must
    /// be absent still). So a row without an owner token (the seeds' kind of consumer writes none) is taken
    /// over as a stale one of SqsDemo's is, and any write in between (a takeover, a completion, the foreign
    /// consumer's own retry) makes the condition fail and the caller read again. Values are compared as stored,
    /// never re-encoded, so another writer's time format cannot make the condition unsatisfiable.
    /// </summary>
    internal static class StatusTakeover
    {
        /// <summary>The attributes whose values as read the takeover is conditional on, with their placeholders.</summary>
        private static readonly (string Placeholder, string Name)[] Unchanged =
        {
            ("#s", SeedAttributes.Status),
            ("#o", SeedAttributes.OwnerToken),
            ("#a", SeedAttributes.Attempts),
            ("#u", SeedAttributes.LastUpdated),
        };

        public static UpdateItemRequest Request(string statusTable, string messageId, Dictionary<string, AttributeValue> asRead, string ownerToken, DateTimeOffset now, long? expiresAt = null)
        {
            var names = new Dictionary<string, string>();
            var values = new Dictionary<string, AttributeValue>
            {
                [":zero"] = Items.N(0),
                [":one"] = Items.N(1),
                [":me"] = Items.S(ownerToken),
                [":now"] = Items.S(Items.Time(now)),
                [":started"] = Items.S(MessageStatus.STARTED.ToString()),
            };
            var conditions = new List<string>();
            foreach (var (placeholder, name) in Unchanged)
            {
                names[placeholder] = name;
                if (asRead.TryGetValue(name, out var value) && value != null)
                {
                    var was = ":was" + placeholder.Substring(1);
                    values[was] = value;
                    conditions.Add(placeholder + " = " + was);
                }
                else conditions.Add("attribute_not_exists(" + placeholder + ")");
            }
            var request = new UpdateItemRequest
            {
                TableName = statusTable,
                Key = Items.Key(SeedAttributes.MessageId, messageId),
                UpdateExpression = "SET #a = if_not_exists(#a, :zero) + :one, #o = :me, #u = :now, #s = :started",
                ConditionExpression = string.Join(" AND ", conditions),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ReturnValues = Amazon.DynamoDBv2.ReturnValue.ALL_NEW,
            };
            SetExpiry(request, expiresAt);
            return request;
        }

        /// <summary>Adds <c>SET expires_at = :expires</c> to a status row's update, when rows expire (<see cref="LedgerRetention"/>).</summary>
        public static void SetExpiry(UpdateItemRequest request, long? expiresAt)
        {
            if (expiresAt is not long at) return;
            request.UpdateExpression += ", #x = :expires";
            request.ExpressionAttributeNames["#x"] = LedgerRetention.Attribute;
            request.ExpressionAttributeValues[":expires"] = Items.N(at);
        }
    }
}

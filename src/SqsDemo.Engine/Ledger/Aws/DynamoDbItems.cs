using System;
using System.Collections.Generic;
using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Ledger.Aws
{
    /// <summary>The ledger's records as DynamoDB items (the two-table pattern's attribute names: <see cref="SeedAttributes"/>; the rest: see <see cref="DynamoDbLedger"/>).</summary>
    internal static class Items
    {
        public static AttributeValue S(string value) => new AttributeValue { S = value };

        public static AttributeValue N(long value) => new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) };

        /// <summary>Times are ISO 8601 round-trip strings in UTC.</summary>
        public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);

        public static Dictionary<string, AttributeValue> Key(string name, string value) =>
            new Dictionary<string, AttributeValue> { [name] = S(value) };

        public static string Str(Dictionary<string, AttributeValue> item, string name) =>
            item.TryGetValue(name, out var value) && value?.S != null ? value.S : "";

        public static long Long(Dictionary<string, AttributeValue>? item, string name) =>
            item != null && item.TryGetValue(name, out var value) && value?.N != null ? long.Parse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;

        /// <summary>
        /// A time as SqsDemo writes it (ISO 8601 round-trip, UTC) or as another writer of the same tables may: ISO 8601
        /// without an offset (Python's utcnow().isoformat(): UTC), or epoch seconds as a number. Unreadable: default.
        /// </summary>
        public static DateTimeOffset When(Dictionary<string, AttributeValue> item, string name)
        {
            if (!item.TryGetValue(name, out var value) || value == null) return default;
            if (value.N != null)
                return double.TryParse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && Math.Abs(seconds) < 253402300799
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
                    : default;
            return value.S != null && DateTimeOffset.TryParse(value.S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : default;
        }

        /// <summary>Adds a string attribute unless it is empty (empty strings are not stored; they read back as "").</summary>
        private static void Put(Dictionary<string, AttributeValue> item, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) item[name] = S(value!);
        }

        public static Dictionary<string, AttributeValue> ToItem(StatusRecord r)
        {
            var item = new Dictionary<string, AttributeValue>
            {
                [SeedAttributes.MessageId] = S(r.MessageId),
                [SeedAttributes.Status] = S(r.Status.ToString()),
                [SeedAttributes.Attempts] = N(r.Attempts),
                [SeedAttributes.LastUpdated] = S(Time(r.LastUpdate)),
            };
            Put(item, SeedAttributes.PayloadDigest, r.PayloadDigest);
            Put(item, SeedAttributes.OwnerToken, r.OwnerToken);
            return item;
        }

        public static StatusRecord ToStatus(Dictionary<string, AttributeValue> item) => new StatusRecord
        {
            MessageId = Str(item, SeedAttributes.MessageId),
            Status = Str(item, SeedAttributes.Status) == nameof(MessageStatus.COMPLETED) ? MessageStatus.COMPLETED : MessageStatus.STARTED,
            Attempts = (int)Long(item, SeedAttributes.Attempts),
            LastUpdate = When(item, SeedAttributes.LastUpdated),
            PayloadDigest = Str(item, SeedAttributes.PayloadDigest),
            OwnerToken = Str(item, SeedAttributes.OwnerToken),
        };

        public static Dictionary<string, AttributeValue> ToItem(SideEffectRecord r)
        {
            var item = new Dictionary<string, AttributeValue>
            {
                [SeedAttributes.MessageId] = S(r.Key),
                [SeedAttributes.PerformedAt] = S(Time(r.PerformedAt)),
            };
            Put(item, SeedAttributes.PayloadDigest, r.PayloadDigest);
            Put(item, SeedAttributes.OriginalMessageId, r.MessageId);
            return item;
        }

        public static SideEffectRecord ToSideEffect(Dictionary<string, AttributeValue> item) => new SideEffectRecord
        {
            Key = Str(item, SeedAttributes.MessageId),
            PerformedAt = When(item, SeedAttributes.PerformedAt),
            PayloadDigest = Str(item, SeedAttributes.PayloadDigest),
            MessageId = Str(item, SeedAttributes.OriginalMessageId),
        };

        public static Dictionary<string, AttributeValue> ToItem(EffectLogEntry e)
        {
            var item = new Dictionary<string, AttributeValue>
            {
                [DynamoDbLedger.LogPartitionKey] = S(DynamoDbLedger.LogPartition),
                [DynamoDbLedger.LogSortKey] = N(e.Sequence),
                ["time"] = S(Time(e.Time)),
            };
            Put(item, "kind", e.Kind);
            Put(item, "value", e.Value);
            Put(item, "message_id", e.MessageId);
            Put(item, "consumer_id", e.ConsumerId);
            if (e.EntityId != null) item["entity_id"] = S(e.EntityId.Length == 0 ? "\0" : e.EntityId);
            return item;
        }

        public static EffectLogEntry ToLogEntry(Dictionary<string, AttributeValue> item) => new EffectLogEntry
        {
            Sequence = Long(item, DynamoDbLedger.LogSortKey),
            Kind = Str(item, "kind"),
            Value = Str(item, "value"),
            MessageId = Str(item, "message_id"),
            ConsumerId = Str(item, "consumer_id"),
            Time = When(item, "time"),
            // An empty entity id is stored as "\0" so that null and "" stay apart.
            EntityId = item.ContainsKey("entity_id") ? (Str(item, "entity_id") == "\0" ? "" : Str(item, "entity_id")) : null,
        };

        public static Dictionary<string, AttributeValue> ToItem(ResultRecord r)
        {
            var item = new Dictionary<string, AttributeValue>
            {
                [DynamoDbLedger.ResultKey] = S(r.MessageId),
                ["stored_at"] = S(Time(r.StoredAt)),
            };
            Put(item, "result", r.Result);
            Put(item, "consumer_id", r.ConsumerId);
            return item;
        }

        public static ResultRecord ToResult(Dictionary<string, AttributeValue> item) => new ResultRecord
        {
            MessageId = Str(item, DynamoDbLedger.ResultKey),
            Result = Str(item, "result"),
            ConsumerId = Str(item, "consumer_id"),
            StoredAt = When(item, "stored_at"),
        };

        public static Dictionary<string, AttributeValue> ToItem(EntityVersion v) => new Dictionary<string, AttributeValue>
        {
            [DynamoDbLedger.EntityKey] = S(v.EntityId),
            ["version"] = N(v.Version),
            ["updated_at"] = S(Time(v.UpdatedAt)),
        };

        public static EntityVersion ToEntityVersion(Dictionary<string, AttributeValue> item) => new EntityVersion
        {
            EntityId = Str(item, DynamoDbLedger.EntityKey),
            Version = Long(item, "version"),
            UpdatedAt = When(item, "updated_at"),
        };
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.DynamoDBv2.Model;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// One table's items in key order: partitions sorted by partition key, each partition's items by
    /// sort key. Not thread-safe by itself: callers hold <see cref="Gate"/> (one lock per table).
    /// </summary>
    internal sealed class StoredTable
    {
        // A table without a sort key keeps each partition's one item under this placeholder.
        private static readonly AttributeValue NoRange = new AttributeValue { S = "" };

        private readonly SortedDictionary<AttributeValue, SortedDictionary<AttributeValue, Dictionary<string, AttributeValue>>> _partitions =
            new SortedDictionary<AttributeValue, SortedDictionary<AttributeValue, Dictionary<string, AttributeValue>>>(KeyValueComparer.Instance);

        public StoredTable(CreateTableRequest definition, TableSchema schema, DateTime createdAt)
        {
            Definition = definition;
            Schema = schema;
            CreatedAt = createdAt;
        }

        public object Gate { get; } = new object();
        public string Name => Definition.TableName;
        public CreateTableRequest Definition { get; }
        public TableSchema Schema { get; }
        public DateTime CreatedAt { get; }

        /// <summary>Set under <see cref="Gate"/> when the table is deleted, so a writer that raced the delete fails.</summary>
        public bool Deleted { get; set; }

        public int ItemCount { get; private set; }
        public long SizeBytes { get; private set; }

        public Dictionary<string, AttributeValue>? Get(ItemKey key) =>
            _partitions.TryGetValue(key.Hash, out var partition) && partition.TryGetValue(key.Range ?? NoRange, out var item) ? item : null;

        public void Put(ItemKey key, Dictionary<string, AttributeValue> item)
        {
            if (!_partitions.TryGetValue(key.Hash, out var partition))
                _partitions[key.Hash] = partition = new SortedDictionary<AttributeValue, Dictionary<string, AttributeValue>>(KeyValueComparer.Instance);
            if (partition.TryGetValue(key.Range ?? NoRange, out var old)) Forget(old);
            partition[key.Range ?? NoRange] = item;
            ItemCount++;
            SizeBytes += AttributeValues.SizeOfItem(item);
        }

        public void Remove(ItemKey key)
        {
            if (!_partitions.TryGetValue(key.Hash, out var partition) || !partition.TryGetValue(key.Range ?? NoRange, out var old)) return;
            partition.Remove(key.Range ?? NoRange);
            if (partition.Count == 0) _partitions.Remove(key.Hash);
            Forget(old);
        }

        private void Forget(Dictionary<string, AttributeValue> item)
        {
            ItemCount--;
            SizeBytes -= AttributeValues.SizeOfItem(item);
        }

        /// <summary>One partition's items in sort-key order (reversed when <paramref name="forward"/> is false).</summary>
        public IEnumerable<Dictionary<string, AttributeValue>> Partition(AttributeValue hash, bool forward)
        {
            if (!_partitions.TryGetValue(IncomingValues.Normalize(hash), out var partition)) return Array.Empty<Dictionary<string, AttributeValue>>();
            return forward ? partition.Values : partition.Values.Reverse();
        }

        /// <summary>Every item, partition by partition: the order Scan pages through.</summary>
        public IEnumerable<Dictionary<string, AttributeValue>> All() => _partitions.Values.SelectMany(p => p.Values);
    }
}

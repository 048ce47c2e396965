using System;
using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables.Expressions;
using Condition = SqsDemo.Engine.Tables.Expressions.Condition;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// One write checked and parsed outside any lock (a put, an update, a delete or a bare condition
    /// check), ready to be decided and applied while its table's lock is held. Single writes and
    /// transactions run the same way, so a condition is always evaluated against the item it guards.
    /// </summary>
    internal sealed class PreparedWrite
    {
        public PreparedWrite(StoredTable table, ItemKey key, Condition? condition, ExpressionContext context,
            Func<Dictionary<string, AttributeValue>?, Dictionary<string, AttributeValue>?>? change, bool returnOldOnFailure)
        {
            Table = table;
            Key = key;
            Condition = condition;
            Context = context;
            Change = change;
            ReturnOldOnFailure = returnOldOnFailure;
        }

        public StoredTable Table { get; }
        public ItemKey Key { get; }
        public Condition? Condition { get; }
        public ExpressionContext Context { get; }

        /// <summary>The item after the write, from the item before (null: absent); null Change: a condition check only.</summary>
        public Func<Dictionary<string, AttributeValue>?, Dictionary<string, AttributeValue>?>? Change { get; }

        public bool ReturnOldOnFailure { get; }

        /// <summary>Under the table's lock: does the condition hold for the current item?</summary>
        public bool ConditionHolds() =>
            Condition == null || ConditionEvaluator.Holds(Condition, Current ?? new Dictionary<string, AttributeValue>(), Context);

        public Dictionary<string, AttributeValue>? Current => Table.Get(Key);

        /// <summary>Under the table's lock, after the condition held: computes the new item (it may throw a ValidationException).</summary>
        public Dictionary<string, AttributeValue>? Compute()
        {
            var after = Change!(Current);
            if (after != null && AttributeValues.SizeOfItem(after) > EmbeddedTableStore.MaxItemBytes)
                throw TableErrors.Validation("Item size has exceeded the maximum allowed size");
            return after;
        }

        /// <summary>Under the table's lock: stores the computed item (or removes it).</summary>
        public void Commit(Dictionary<string, AttributeValue>? after)
        {
            if (after == null) Table.Remove(Key);
            else Table.Put(Key, after);
        }

        public Dictionary<string, AttributeValue>? OldItemForFailure() =>
            ReturnOldOnFailure && Current is { } old ? AttributeValues.CloneItem(old) : null;
    }
}

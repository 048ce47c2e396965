using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Cost
{
    /// <summary>
    /// The DynamoDB requests a journal shows: an endpoint's TableRequest events (operation and, for writes, the items
    /// written) and, for actors with none, the embedded ledger's events, each one conditional write whose item size
    /// the journal does not hold. Where the size is missing the row says so and prices the 1-unit minimum.
    /// </summary>
    internal static class DynamoDbCalls
    {
        private const string SizeMissing = "Item size not in the journal: priced at the 1-unit minimum.";

        private static readonly HashSet<string> Writes = new HashSet<string>(StringComparer.Ordinal) { "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem" };
        private static readonly HashSet<string> Reads = new HashSet<string>(StringComparer.Ordinal) { "GetItem", "Query", "Scan", "BatchGetItem" };

        // The ledger's own events on the embedded backend, each the outcome of one conditional write.
        private static readonly Dictionary<JournalEventKind, string> LedgerWrites = new Dictionary<JournalEventKind, string>
        {
            [JournalEventKind.LedgerStarted] = "PutItem",
            [JournalEventKind.LedgerCompleted] = "UpdateItem",
            [JournalEventKind.SideEffect] = "PutItem",
            [JournalEventKind.SideEffectSkipped] = "PutItem",
            [JournalEventKind.EffectLogged] = "UpdateItem",
            [JournalEventKind.VersionApplied] = "UpdateItem",
            [JournalEventKind.VersionIgnored] = "UpdateItem",
            [JournalEventKind.ResultStored] = "PutItem",
            [JournalEventKind.ResultAlreadyStored] = "PutItem",
        };

        internal static IEnumerable<(string, string, string, string, decimal, double, string?)> Of(IReadOnlyList<JournalEvent> events, PriceList prices)
        {
            var atEndpoint = new HashSet<string>(events.Where(e => e.Kind == JournalEventKind.TableRequest).Select(e => e.Actor ?? ""), StringComparer.Ordinal);
            foreach (var e in events)
            {
                if (e.Kind == JournalEventKind.TableRequest && e.Operation != null)
                {
                    var call = FromRequest(e, prices);
                    if (call != null) yield return call.Value;
                }
                else if (LedgerWrites.TryGetValue(e.Kind, out var operation) && !atEndpoint.Contains(e.Actor ?? ""))
                    yield return ("DynamoDB", operation, e.Actor ?? "", "WriteRequestUnit", prices.DynamoDbWritePerMillionUnits, 1, SizeMissing);
            }
        }

        private static (string, string, string, string, decimal, double, string?)? FromRequest(JournalEvent e, PriceList prices)
        {
            var operation = e.Operation!;
            var actor = e.Actor ?? "";
            if (operation == "TransactWriteItems" || Writes.Contains(operation))
            {
                var transactional = operation == "TransactWriteItems";
                var (units, missing) = WriteUnits(e, transactional);
                return ("DynamoDB", operation, actor, "WriteRequestUnit", prices.DynamoDbWritePerMillionUnits, units, missing ? SizeMissing : null);
            }
            if (operation == "TransactGetItems" || Reads.Contains(operation))
            {
                // The endpoint journals what a successful read consumed; DynamoDB bills no read it refused.
                if (e.ErrorCode != null)
                    return ("DynamoDB", operation, actor, "ReadRequestUnit", prices.DynamoDbReadPerMillionUnits, 0, "Refused (" + e.ErrorCode + "): no read units consumed.");
                if (e.ReadUnits is double consumed)
                    return ("DynamoDB", operation, actor, "ReadRequestUnit", prices.DynamoDbReadPerMillionUnits, consumed, null);
                var units = DynamoDbBilling.ReadUnits(0, operation == "TransactGetItems" ? ReadConsistency.Transactional : ReadConsistency.Strong);
                return ("DynamoDB", operation, actor, "ReadRequestUnit", prices.DynamoDbReadPerMillionUnits, units,
                    "Read size and consistency not in the journal: priced as one strongly consistent 4 KB read.");
            }
            return null; // table management (CreateTable, DescribeTable, ...) is not billed per request
        }

        private static (double Units, bool SizeMissing) WriteUnits(JournalEvent e, bool transactional)
        {
            var values = e.ItemValues;
            if (e.ErrorCode != null || values == null || values.Count == 0) return (DynamoDbBilling.WriteUnits(0, transactional), true);
            double units = 0;
            var missing = false;
            foreach (var item in values)
            {
                if (item == null) missing = true;
                units += DynamoDbBilling.WriteUnits(item == null ? 0 : DynamoDbBilling.ItemSize(item), transactional);
            }
            return (units, missing);
        }
    }
}

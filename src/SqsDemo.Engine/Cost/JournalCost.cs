using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Cost
{
    /// <summary>Prices a run from its journal: the SQS calls it made and the DynamoDB requests its ledger made.</summary>
    public static class JournalCost
    {
        private sealed class Usage
        {
            public string Service = "", Operation = "", Actor = "", Unit = "";
            public decimal Price;
            public long Calls;
            public double Units;
            public string? Note;
        }

        /// <summary>One row per service, operation, actor and unit; the free tier, when asked, pays for the first SQS requests.</summary>
        public static IReadOnlyList<CostRow> Price(IReadOnlyList<JournalEvent> events, PriceList prices, bool freeTier)
        {
            var usage = new Dictionary<string, Usage>(StringComparer.Ordinal);
            foreach (var call in SqsCalls(events, prices)) Add(usage, call);
            foreach (var call in DynamoDbCalls.Of(events, prices)) Add(usage, call);
            var free = freeTier ? (double)prices.SqsFreeRequestsPerMonth : 0;
            var rows = new List<CostRow>();
            foreach (var u in usage.Values.OrderBy(u => u.Service, StringComparer.Ordinal).ThenBy(u => u.Operation, StringComparer.Ordinal).ThenBy(u => u.Actor, StringComparer.Ordinal))
            {
                var freeUnits = u.Service == "SQS" ? Math.Min(free, u.Units) : 0;
                free -= freeUnits;
                rows.Add(new CostRow(u.Service, u.Operation, u.Actor, u.Calls, u.Units, u.Unit, u.Price, freeUnits, prices.Name, prices.Date, u.Note));
            }
            return rows;
        }

        /// <summary>The events of one queue's calls, and the DynamoDB requests of the actors who made them.</summary>
        public static IReadOnlyList<JournalEvent> OfQueue(IReadOnlyList<JournalEvent> events, string queueUrl)
        {
            var actors = new HashSet<string>(events.Where(e => e.QueueUrl == queueUrl && SqsOperation(e) != null).Select(e => e.Actor ?? ""), StringComparer.Ordinal);
            return events.Where(e => SqsOperation(e) != null ? e.QueueUrl == queueUrl : actors.Contains(e.Actor ?? "")).ToList();
        }

        /// <summary>Rows summed by operation (Actor "*") or by actor (Operation "*").</summary>
        public static IReadOnlyList<CostRow> Group(IReadOnlyList<CostRow> rows, CostGrouping by)
        {
            if (by == CostGrouping.OperationAndActor) return rows;
            return rows.GroupBy(r => (r.Service, Key: by == CostGrouping.Operation ? r.Operation : r.Actor, r.Unit, r.PricePerMillion))
                .Select(g => new CostRow(g.Key.Service, by == CostGrouping.Operation ? g.Key.Key : "*", by == CostGrouping.Actor ? g.Key.Key : "*",
                    g.Sum(r => r.Calls), g.Sum(r => r.BilledUnits), g.Key.Unit, g.Key.PricePerMillion, g.Sum(r => r.FreeUnits),
                    g.First().PriceList, g.First().PriceDate, Notes(g)))
                .ToList();
        }

        private static string? Notes(IEnumerable<CostRow> rows)
        {
            var notes = rows.Select(r => r.Note).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToArray();
            return notes.Length == 0 ? null : string.Join(" ", notes);
        }

        private static void Add(Dictionary<string, Usage> usage, (string Service, string Operation, string Actor, string Unit, decimal Price, double Units, string? Note) call)
        {
            var key = call.Service + "\n" + call.Operation + "\n" + call.Actor + "\n" + call.Unit + "\n" + call.Note;
            if (!usage.TryGetValue(key, out var u))
                usage[key] = u = new Usage { Service = call.Service, Operation = call.Operation, Actor = call.Actor, Unit = call.Unit, Price = call.Price, Note = call.Note };
            u.Calls++;
            u.Units += call.Units;
        }

        /// <summary>
        /// Each SQS call once, from its events (those of one batch or receive share their SqsRequest): billed by the
        /// 64 KiB chunks of what it carried, sent bodies for a send, the received messages' sizes (from their Sent events) for a receive.
        /// </summary>
        private static IEnumerable<(string, string, string, string, decimal, double, string?)> SqsCalls(IReadOnlyList<JournalEvent> events, PriceList prices)
        {
            var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var e in events)
                if (e.Kind == JournalEventKind.Sent && e.MessageId != null && e.MessageSizeBytes != null) sizes[e.MessageId] = e.MessageSizeBytes.Value;
            var calls = new Dictionary<long, (JournalEvent First, long Bytes, bool SizeMissing)>();
            var order = new List<long>();
            long unnumbered = -1;
            foreach (var e in events)
            {
                var operation = SqsOperation(e);
                if (operation == null) continue;
                var number = e.SqsRequest ?? unnumbered--;
                var bytes = e.Kind == JournalEventKind.Sent ? e.MessageSizeBytes ?? 0
                    : e.Kind == JournalEventKind.Received && e.MessageId != null && sizes.TryGetValue(e.MessageId, out var size) ? size : 0;
                var missing = e.Kind == JournalEventKind.Received && (e.MessageId == null || !sizes.ContainsKey(e.MessageId));
                if (calls.TryGetValue(number, out var call)) calls[number] = (call.First, call.Bytes + bytes, call.SizeMissing || missing);
                else { calls[number] = (e, bytes, missing); order.Add(number); }
            }
            foreach (var number in order)
            {
                var (first, bytes, missing) = calls[number];
                var fifo = SqsBilling.IsFifo(first.QueueUrl);
                yield return ("SQS", SqsOperation(first)!, first.Actor ?? "", fifo ? "FifoRequest" : "Request", fifo ? prices.SqsFifoPerMillionRequests : prices.SqsStandardPerMillionRequests, SqsBilling.BilledRequests(bytes),
                    missing ? "A received message's size is not in the journal (not sent in this run): counted as one chunk." : null);
            }
        }

        private static string? SqsOperation(JournalEvent e) => e.Kind switch
        {
            JournalEventKind.Sent or JournalEventKind.SendFailed => e.Operation ?? "SendMessage",
            JournalEventKind.Received or JournalEventKind.ReceivedEmpty => e.Operation ?? "ReceiveMessage",
            JournalEventKind.Deleted or JournalEventKind.DeleteMayNotHaveDeleted or JournalEventKind.DeleteFailed => e.Operation ?? "DeleteMessage",
            JournalEventKind.VisibilityChanged or JournalEventKind.VisibilityExtended => e.Operation ?? "ChangeMessageVisibility",
            JournalEventKind.Purged => "PurgeQueue",
            _ => null,
        };
    }

    public enum CostGrouping
    {
        Operation,
        Actor,
        OperationAndActor,
    }
}

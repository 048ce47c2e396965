using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Environments
{
    /// <summary>One write of a side effect: the external system acting once more for its key.</summary>
    public sealed class SideEffectWrite
    {
        public string Key { get; set; } = "";
        /// <summary>The consumer that wrote it (its access key id for a process).</summary>
        public string Actor { get; set; } = "";
        /// <summary>How: SideEffect (SqsDemo's consumer), or the DynamoDB operation a process called (PutItem, UpdateItem, ...).</summary>
        public string Operation { get; set; } = "";
        /// <summary>The message it was written for, when the writer says (SqsDemo's consumer does; a process's table call does not).</summary>
        public string? MessageId { get; set; }
        public TimeSpan ScenarioTime { get; set; }
        /// <summary>The journal event that recorded it.</summary>
        public long Sequence { get; set; }
    }

    /// <summary>
    /// Every write of a side effect, whichever consumer made it: SqsDemo's consumer journals each conditional put it won
    /// (SideEffect); a consumer process's writes are the endpoint's successful puts and updates of the side-effects
    /// table (TableRequest with the items written). Every write counts, an unconditional put over an existing key
    /// included: the external system it stands for, a payment provider, would have charged twice.
    /// </summary>
    public static class SideEffectWrites
    {
        /// <param name="sideEffectsTable">The table a process writes; its writes are matched by table.</param>
        /// <param name="queueUrl">The queue whose consumers' SideEffect events count; null counts every SideEffect event.</param>
        public static IReadOnlyList<SideEffectWrite> Of(IReadOnlyList<JournalEvent> journal, string sideEffectsTable, string? queueUrl)
        {
            var prefix = sideEffectsTable + "/";
            var writes = new List<SideEffectWrite>();
            foreach (var e in journal)
            {
                if (e.Kind == JournalEventKind.SideEffect && (queueUrl == null || e.QueueUrl == queueUrl) && e.SideEffectKey != null)
                    writes.Add(Write(e, e.SideEffectKey, "SideEffect", e.MessageId));
                else if (e.Kind == JournalEventKind.TableRequest && e.ErrorCode == null && e.ItemKeys != null)
                    writes.AddRange(e.ItemKeys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => Write(e, k.Substring(prefix.Length), e.Operation ?? "", null)));
            }
            return writes;
        }

        /// <summary>The keys written more than once, in order, each with its writes.</summary>
        public static IReadOnlyList<IGrouping<string, SideEffectWrite>> MoreThanOnce(IReadOnlyList<SideEffectWrite> writes) =>
            writes.GroupBy(w => w.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();

        private static SideEffectWrite Write(JournalEvent e, string key, string operation, string? messageId) =>
            new SideEffectWrite { Key = key, Actor = e.Actor ?? "", Operation = operation, MessageId = messageId, ScenarioTime = e.ScenarioTime, Sequence = e.Sequence };
    }
}

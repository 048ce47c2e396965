using System;
using System.Collections.Generic;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>The request-level checks every batch call shares: 1-10 entries, ids 1-80 of [A-Za-z0-9_-], distinct.</summary>
    internal static class BatchValidator
    {
        private const int MaxIdLength = 80;

        /// <summary>
        /// Throws the first problem in entry order: a bad id (InvalidBatchEntryId), else an id seen
        /// before (BatchEntryIdsNotDistinct). At most 10 entries, so ids are compared pairwise.
        /// </summary>
        public static void Validate<T>(IReadOnlyList<T>? entries, Func<T, string?> idOf, string entryType)
        {
            if (entries == null || entries.Count == 0) throw SqsErrors.EmptyBatch(entryType);
            if (entries.Count > SqsLimits.MaxBatchEntries) throw SqsErrors.TooManyEntries(entries.Count);
            var ids = new string[entries.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                var entry = entries[i];
                var id = entry == null ? null : idOf(entry);
                if (!IsValidId(id)) throw SqsErrors.InvalidBatchEntryId();
                for (var j = 0; j < i; j++)
                    if (string.Equals(ids[j], id, StringComparison.Ordinal)) throw SqsErrors.BatchEntryIdsNotDistinct(id!);
                ids[i] = id!;
            }
        }

        /// <summary>1-80 characters of [A-Za-z0-9_-].</summary>
        public static bool IsValidId(string? id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxIdLength) return false;
            foreach (var c in id)
            {
                var ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!ok) return false;
            }
            return true;
        }

        public static BatchResultErrorEntry Failure(string id, SqsException error) =>
            new BatchResultErrorEntry { Id = id, Code = error.ErrorCode, Message = error.Message, SenderFault = error.SenderFault };
    }
}

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>The request-level checks every batch call shares: 1-10 entries, ids 1-80 of [A-Za-z0-9_-], distinct.</summary>
    internal static class BatchValidator
    {
        private static readonly Regex IdPattern = new Regex("^[A-Za-z0-9_-]{1,80}$", RegexOptions.CultureInvariant);

        public static void Validate<T>(IReadOnlyList<T>? entries, Func<T, string?> idOf, string entryType)
        {
            if (entries == null || entries.Count == 0) throw SqsErrors.EmptyBatch(entryType);
            if (entries.Count > SqsLimits.MaxBatchEntries) throw SqsErrors.TooManyEntries(entries.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var id = entry == null ? null : idOf(entry);
                if (id == null || !IdPattern.IsMatch(id)) throw SqsErrors.InvalidBatchEntryId();
                if (!seen.Add(id)) throw SqsErrors.BatchEntryIdsNotDistinct(id);
            }
        }

        public static BatchResultErrorEntry Failure(string id, SqsException error) =>
            new BatchResultErrorEntry { Id = id, Code = error.ErrorCode, Message = error.Message, SenderFault = error.SenderFault };
    }
}

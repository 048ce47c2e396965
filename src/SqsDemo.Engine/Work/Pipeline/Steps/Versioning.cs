using System.Globalization;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>
    /// Entity versions: log the version seen, then apply it only if newer than the stored one (or
    /// always, last write wins), in the ledger's tables or the seeds' files, and record which.
    /// </summary>
    internal static class Versioning
    {
        public static async Task<StepResult> ApplyAsync(Incarnation consumer, MessageInHand message)
        {
            var options = consumer.Options;
            if (!options.Ledger.Versioning) return StepResult.Continue;
            var entity = MessageBody.TryGetString(message.Body, options.Ledger.EntityKey);
            var versionText = MessageBody.TryGetString(message.Body, options.Ledger.VersionKey);
            if (entity == null || versionText == null || !long.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
            {
                consumer.Warn($"message {message.Message.MessageId} has no '{options.Ledger.EntityKey}' and numeric '{options.Ledger.VersionKey}'; no version applied.");
                return StepResult.Continue;
            }
            var outcome = options.Ledger.UsesVersionFiles
                ? await ToFilesAsync(options, entity, version).ConfigureAwait(false)
                : await ToLedgerAsync(consumer, message.BodyId, entity, versionText, version).ConfigureAwait(false);
            consumer.RecordEvent(outcome.Applied ? JournalEventKind.VersionApplied : JournalEventKind.VersionIgnored, message,
                $"{entity} v{version} (stored before: {(outcome.Previous is long p ? "v" + p.ToString(CultureInfo.InvariantCulture) : "none")})",
                new JournalFacts { Entity = entity, Version = version, PreviousVersion = outcome.Previous });
            return StepResult.Continue;
        }

        private static async Task<(bool Applied, long? Previous)> ToLedgerAsync(Incarnation consumer, string bodyId, string entity, string versionText, long version)
        {
            var ledger = consumer.Ledger!;
            await ledger.AppendEffectLogAsync(new EffectLogEntry { Kind = "seen", Value = versionText, EntityId = entity, MessageId = bodyId, ConsumerId = consumer.ConsumerId }).ConfigureAwait(false);
            var outcome = await ledger.ApplyVersionAsync(new EffectLogEntry { Value = versionText, EntityId = entity, MessageId = bodyId, ConsumerId = consumer.ConsumerId },
                version, consumer.Options.Ledger.LastWriteWins).ConfigureAwait(false);
            return (outcome.Applied, outcome.Previous);
        }

        /// <summary>The seeds' versioning: VERSION_SEEN_LOG_PATH, then VERSION_STATE_PATH and VERSION_LOG_PATH.</summary>
        private static async Task<(bool Applied, long? Previous)> ToFilesAsync(ConsumerOptions options, string entity, long version)
        {
            if (!string.IsNullOrEmpty(options.Ledger.VersionSeenLogPath))
                await ReferenceConsumerFiles.AppendLineAsync(options.Ledger.VersionSeenLogPath!, version.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return await ReferenceConsumerFiles.ApplyVersionAsync(options.Ledger.VersionStatePath!, options.Ledger.VersionLogPath!, entity, version, options.Ledger.LastWriteWins).ConfigureAwait(false);
        }
    }
}

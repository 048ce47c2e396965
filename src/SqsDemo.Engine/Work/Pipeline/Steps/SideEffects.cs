using System;
using System.Globalization;
using System.Threading.Tasks;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>
    /// The side effect: a conditional put into the side-effects table (keyed by message id or a
    /// business key), then, if it took effect, the SideEffectLogField's line in the effect log.
    /// </summary>
    internal static class SideEffects
    {
        public static async Task<StepResult> PerformAsync(Incarnation consumer, MessageInHand message)
        {
            var options = consumer.Options;
            if (options.Ledger.UsesLedger)
            {
                if (options.Ledger.SideEffectDelaySeconds > 0)
                {
                    await consumer.Clock.Delay(TimeSpan.FromSeconds(options.Ledger.SideEffectDelaySeconds)).ConfigureAwait(false);
                    // The write lands at the end of the side effect's time: the lease must hold then.
                    if (await LeaseGuard.CheckAsync(consumer, message).ConfigureAwait(false) != StepResult.Continue) return StepResult.Failed;
                }
                var key = KeyOf(consumer, message);
                var effect = await consumer.Ledger!.TryPerformSideEffectAsync(key, MessageBody.Digest(message.Body), message.BodyId).ConfigureAwait(false);
                message.TookEffect = effect.Performed;
                if (effect.Performed)
                    consumer.RecordEvent(JournalEventKind.SideEffect, message, key, new JournalFacts { SideEffectKey = key });
                else
                    consumer.RecordEvent(JournalEventKind.SideEffectSkipped, message, key + " already performed for " + effect.Record.MessageId,
                        new JournalFacts { SideEffectKey = key, PerformedByMessageId = effect.Record.MessageId });
            }
            if (message.TookEffect) await LogFieldAsync(consumer, message).ConfigureAwait(false);
            return StepResult.Continue;
        }

        private static string KeyOf(Incarnation consumer, MessageInHand message)
        {
            var field = consumer.Options.Ledger.BusinessIdempotencyField;
            if (string.IsNullOrEmpty(field)) return message.BodyId;
            var value = MessageBody.TryGetString(message.Body, field!);
            if (value != null) return "biz:" + field + ":" + value;
            consumer.Warn($"message {message.Message.MessageId} has no '{field}' field; its side effect is keyed by message id {message.BodyId}.");
            return message.BodyId;
        }

        /// <summary>Appends the SideEffectLogField's value to the seeds' file and the ledger's ordered effect log, as the message takes effect.</summary>
        private static async Task LogFieldAsync(Incarnation consumer, MessageInHand message)
        {
            var options = consumer.Options;
            if (string.IsNullOrEmpty(options.Ledger.SideEffectLogField)) return;
            var value = MessageBody.TryGetString(message.Body, options.Ledger.SideEffectLogField!);
            if (value == null)
            {
                consumer.Warn($"message {message.Message.MessageId} has no '{options.Ledger.SideEffectLogField}' field to log.");
                return;
            }
            if (!string.IsNullOrEmpty(options.Ledger.SideEffectLogPath))
            {
                await ReferenceConsumerFiles.AppendLineAsync(options.Ledger.SideEffectLogPath!, value).ConfigureAwait(false);
                consumer.RecordEvent(JournalEventKind.EffectLogged, message, options.Ledger.SideEffectLogField + "=" + value + " (" + options.Ledger.SideEffectLogPath + ")");
            }
            if (string.IsNullOrEmpty(options.Ledger.EffectLogTable)) return;
            var entry = await consumer.Ledger!.AppendEffectLogAsync(new EffectLogEntry { Kind = "effect", Value = value, MessageId = message.BodyId, ConsumerId = consumer.ConsumerId }).ConfigureAwait(false);
            consumer.RecordEvent(JournalEventKind.EffectLogged, message, options.Ledger.SideEffectLogField + "=" + value + " (log #" + entry.Sequence.ToString(CultureInfo.InvariantCulture) + ")");
        }
    }
}

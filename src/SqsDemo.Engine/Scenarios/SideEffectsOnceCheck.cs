using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Scenarios
{
    /// <summary>
    /// "no side effect written twice", from every write of the environment's side effects (<see cref="SideEffectWrites"/>:
    /// SqsDemo's consumer's and a consumer process's alike, an unconditional overwrite included). For a key written more
    /// than once it tells what happened: each write's writer and time, the receive it followed, and what brought that
    /// message back (a crash, a hand-back, a visibility timeout that ran out) or that it was another message with the same key.
    /// </summary>
    public static class SideEffectsOnceCheck
    {
        public const string Name = "no side effect written twice";

        public static ScenarioCheck Take(IReadOnlyList<JournalEvent> journal, DemoEnvironment environment)
        {
            if (string.IsNullOrEmpty(environment.SideEffectsTable))
                return new ScenarioCheck(Name, false, 0, null, "Environment " + environment.Name + " has no side-effects table to count writes of: create it with New-DemoEnvironment -Ledger.");
            var writes = SideEffectWrites.Of(journal, environment.SideEffectsTable!, environment.QueueUrl);
            var doubled = SideEffectWrites.MoreThanOnce(writes);
            var detail = doubled.Count == 0 ? null : string.Join("; ", doubled.Select(g => Story(journal, environment.QueueUrl, g.Key, g.ToArray())));
            return new ScenarioCheck(Name, doubled.Count == 0, 0, doubled.Count, detail);
        }

        /// <summary>"'key' written 2 times: by consumer-1 (PutItem) at 30.4 s, after ...; then by consumer-2 ...".</summary>
        private static string Story(IReadOnlyList<JournalEvent> journal, string queueUrl, string key, IReadOnlyList<SideEffectWrite> writes)
        {
            var told = new List<string>();
            string? previousMessage = null;
            foreach (var write in writes)
            {
                var receive = ReceiveBefore(journal, queueUrl, write);
                var text = "by " + write.Actor + " (" + write.Operation + ") at " + Seconds(write.ScenarioTime);
                if (receive != null)
                {
                    text += ", after receiving message " + (receive.BodyId ?? receive.MessageId) + " at " + Seconds(receive.ScenarioTime)
                        + " (receive " + receive.ReceiveCount.ToString(CultureInfo.InvariantCulture) + ")";
                    if (previousMessage != null && previousMessage != receive.MessageId) text += ", another message with the same key";
                    else if (receive.ReceiveCount > 1) text += ", " + WhyBack(journal, receive);
                    previousMessage = receive.MessageId;
                }
                told.Add(text);
            }
            return "'" + key + "' written " + writes.Count.ToString(CultureInfo.InvariantCulture) + " times: " + string.Join("; then ", told);
        }

        /// <summary>The writer's last receive before the write (of the write's own message, where the writer names it).</summary>
        private static JournalEvent? ReceiveBefore(IReadOnlyList<JournalEvent> journal, string queueUrl, SideEffectWrite write) =>
            journal.LastOrDefault(e => e.Sequence < write.Sequence && e.Kind == JournalEventKind.Received && e.Actor == write.Actor
                && e.QueueUrl == queueUrl && (write.MessageId == null || e.MessageId == write.MessageId));

        /// <summary>What made a message come back to be received again: its previous holder's crash or hand-back, else its visibility timeout.</summary>
        private static string WhyBack(IReadOnlyList<JournalEvent> journal, JournalEvent receive)
        {
            var previous = journal.LastOrDefault(e => e.Sequence < receive.Sequence && e.Kind == JournalEventKind.Received && e.MessageId == receive.MessageId);
            if (previous == null) return "redelivered";
            var between = journal.Where(e => e.Sequence > previous.Sequence && e.Sequence < receive.Sequence && e.MessageId == receive.MessageId && e.Actor == previous.Actor);
            var crash = between.LastOrDefault(e => e.Kind == JournalEventKind.Crashed);
            if (crash != null) return "redelivered after " + crash.Actor + " crashed holding it at " + Seconds(crash.ScenarioTime) + (crash.Reason == null ? "" : " (" + crash.Reason + ")");
            var handedBack = between.LastOrDefault(e => e.Kind == JournalEventKind.VisibilityChanged || e.Kind == JournalEventKind.Released);
            if (handedBack != null) return "redelivered after " + handedBack.Actor + " handed it back at " + Seconds(handedBack.ScenarioTime);
            return "redelivered when " + previous.Actor + "'s visibility timeout ran out";
        }

        private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
    }
}

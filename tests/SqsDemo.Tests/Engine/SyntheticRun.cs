using System.Collections.Generic;
using System.Globalization;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// A backlog-drain-sized journal written by hand: messages sent, then drained by a pool of four consumers with
    /// the ledger; every <c>poisonEvery</c>-th is rejected twice and dead-lettered, a few crash once and are processed on
    /// their second receive.
    /// </summary>
    internal static class SyntheticRun
    {
        public static IReadOnlyList<JournalEvent> Journal(int messages, int poisonEvery, int crashEvery)
        {
            var journal = new JournalScript();
            for (var c = 1; c <= 4; c++) journal.Consumer(99, JournalEventKind.ConsumerStarted, "pool-" + c);
            for (var i = 0; i < messages; i++)
                journal.Sent(i * 0.1, Id("m", i), Id("b", i));
            for (var i = 0; i < messages; i++)
            {
                string m = Id("m", i), b = Id("b", i), consumer = "pool-" + (i % 4 + 1), other = "pool-" + ((i + 1) % 4 + 1);
                var t = 100 + i * 0.05;
                if (i % poisonEvery == 0)
                {
                    journal.Received(t, m, b, consumer, m + "-h1", 1)
                        .Did(t + 0.01, JournalEventKind.Rejected, m, b, consumer, m + "-h1", 1, "body carries the reject marker POISON")
                        .Received(t + 10.5, m, b, other, m + "-h2", 2)
                        .Did(t + 10.51, JournalEventKind.Rejected, m, b, other, m + "-h2", 2, "body carries the reject marker POISON")
                        .MovedToDeadLetterQueue(t + 21, m, 2);
                    continue;
                }
                var handle = m + "-h1";
                var receive = 1;
                if (i % crashEvery == crashEvery / 3)
                {
                    journal.Received(t, m, b, consumer, handle, 1)
                        .Did(t + 0.01, JournalEventKind.Crashed, m, b, consumer, handle, 1, "chaos: crash rate 0.02");
                    handle = m + "-h2";
                    receive = 2;
                    t += 10.5;
                    consumer = other;
                }
                journal.Received(t, m, b, consumer, handle, receive)
                    .Did(t + 0.01, JournalEventKind.LedgerStarted, m, b, consumer, handle, receive, "attempt " + receive.ToString(CultureInfo.InvariantCulture))
                    .Did(t + 0.02, JournalEventKind.SideEffect, m, b, consumer, handle, receive, b)
                    .Did(t + 0.03, JournalEventKind.LedgerCompleted, m, b, consumer, handle, receive)
                    .Did(t + 0.04, JournalEventKind.Processed, m, b, consumer, handle, receive, "work 1s")
                    .Deleted(t + 0.05, m, consumer, handle);
            }
            for (var c = 1; c <= 4; c++) journal.Consumer(200, JournalEventKind.ConsumerEnded, "pool-" + c, "Idle");
            return journal.Events;
        }

        private static string Id(string prefix, int i) => prefix + "-" + i.ToString("0000", CultureInfo.InvariantCulture) + "-6f1d2c3b-9a7e-4b1c-8d2e-0123456789ab";
    }
}

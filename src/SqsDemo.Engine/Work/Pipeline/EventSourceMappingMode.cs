using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>
    /// Lambda's event source mapping: gather up to BatchSize within the batching window, hand the
    /// whole batch to the function, then delete its successes in one DeleteMessageBatch and leave
    /// only the reported failures to return. A stop does not cut a batch short.
    /// </summary>
    internal sealed class EventSourceMappingMode : BatchMode
    {
        private readonly List<Message> _succeeded = new List<Message>();

        public EventSourceMappingMode(Incarnation consumer) : base(consumer) { }

        public override bool StopsBetweenMessages => false;

        public override void Begin() => _succeeded.Clear();

        public override Task DeleteAsync(Message message)
        {
            _succeeded.Add(message);
            return Task.CompletedTask;
        }

        /// <summary>Keeps receiving until the batch is full or the window, counted from the first message, is over.</summary>
        public override async Task<IReadOnlyList<Message>> GatherAsync(IReadOnlyList<Message> first, int size)
        {
            if (first.Count >= size || !(Consumer.Options.Batch.WindowSeconds > 0)) return first;
            var clock = Consumer.Clock;
            var batch = first.ToList();
            var windowEnds = clock.GetUtcNow() + TimeSpan.FromSeconds(Consumer.Options.Batch.WindowSeconds);
            var stop = Consumer.StopRequested;
            while (batch.Count < size && !stop.IsCancellationRequested)
            {
                var remaining = windowEnds - clock.GetUtcNow();
                if (remaining <= TimeSpan.Zero) break;
                var wait = (int)Math.Min(SqsLimits.MaxWaitTimeSeconds, Math.Floor(remaining.TotalSeconds));
                try
                {
                    batch.AddRange(await Consumer.ReceiveAsync(size - batch.Count, wait).ConfigureAwait(false));
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                // Less than a second of window left: a short poll answered, and nothing more is due.
                if (wait == 0) break;
            }
            return batch;
        }

        public override async Task FinishAsync(IReadOnlyList<Message> batch, IReadOnlyList<Message> failed)
        {
            var deletes = _succeeded.ToArray();
            _succeeded.Clear();
            if (deletes.Length > 0)
            {
                var entries = deletes.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = "d" + i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle }).ToArray();
                var result = await Consumer.Broker.DeleteMessageBatchAsync(Consumer.Options.QueueUrl, entries).ConfigureAwait(false);
                foreach (var error in result.Failed)
                    Consumer.Warn($"batch delete entry {error.Id} failed ({error.Code}: {error.Message})");
            }
            Consumer.Backend.Journal.Record(JournalEventKind.BatchProcessed, Consumer.Options.QueueUrl, actor: Consumer.ConsumerId, detail: string.Format(CultureInfo.InvariantCulture,
                "{0} message(s): {1} deleted, {2} reported failed{3}", batch.Count, deletes.Length, failed.Count,
                failed.Count == 0 ? "" : " (" + string.Join(", ", failed.Select(m => m.MessageId)) + ")"),
                facts: new JournalFacts { BatchSize = batch.Count, BatchDeleted = deletes.Length, FailedMessageIds = failed.Select(m => m.MessageId).ToArray() });
        }
    }
}

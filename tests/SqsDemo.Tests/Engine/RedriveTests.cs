using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// The module's redrive: a message move task where the broker has them, the receive-send-delete
    /// fallback where it answers UnsupportedOperation (as moto does), told apart by the task's Method.
    /// </summary>
    public sealed class RedriveTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

        /// <summary>A broker without message move tasks, the way moto answers them.</summary>
        private sealed class NoMoveTasksBroker : IBroker
        {
            private readonly IBroker _inner;
            public NoMoveTasksBroker(IBroker inner) => _inner = inner;
            private static SqsException Unsupported(string operation) => new SqsException(SqsErrorCode.UnsupportedOperation, operation + " is not supported by this endpoint.");
            public Task<string> StartMessageMoveTaskAsync(string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken = default) => throw Unsupported("StartMessageMoveTask");
            public Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults = null, CancellationToken cancellationToken = default) => throw Unsupported("ListMessageMoveTasks");
            public Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken = default) => throw Unsupported("CancelMessageMoveTask");
            public Task<string> CreateQueueAsync(string queueName, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken = default) => _inner.CreateQueueAsync(queueName, attributes, cancellationToken);
            public Task<string> GetQueueUrlAsync(string queueName, CancellationToken cancellationToken = default) => _inner.GetQueueUrlAsync(queueName, cancellationToken);
            public Task DeleteQueueAsync(string queueUrl, CancellationToken cancellationToken = default) => _inner.DeleteQueueAsync(queueUrl, cancellationToken);
            public Task<IReadOnlyList<string>> ListQueuesAsync(string? queueNamePrefix, CancellationToken cancellationToken = default) => _inner.ListQueuesAsync(queueNamePrefix, cancellationToken);
            public Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string> attributeNames, CancellationToken cancellationToken = default) => _inner.GetQueueAttributesAsync(queueUrl, attributeNames, cancellationToken);
            public Task SetQueueAttributesAsync(string queueUrl, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) => _inner.SetQueueAttributesAsync(queueUrl, attributes, cancellationToken);
            public Task<SendMessageResult> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default) => _inner.SendMessageAsync(request, cancellationToken);
            public Task<SendMessageBatchResult> SendMessageBatchAsync(string queueUrl, IReadOnlyList<SendMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default) => _inner.SendMessageBatchAsync(queueUrl, entries, cancellationToken);
            public Task<IReadOnlyList<Message>> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default) => _inner.ReceiveMessageAsync(request, cancellationToken);
            public Task DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken cancellationToken = default) => _inner.DeleteMessageAsync(queueUrl, receiptHandle, cancellationToken);
            public Task<BatchResult> DeleteMessageBatchAsync(string queueUrl, IReadOnlyList<DeleteMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default) => _inner.DeleteMessageBatchAsync(queueUrl, entries, cancellationToken);
            public Task ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int visibilityTimeout, CancellationToken cancellationToken = default) => _inner.ChangeMessageVisibilityAsync(queueUrl, receiptHandle, visibilityTimeout, cancellationToken);
            public Task<BatchResult> ChangeMessageVisibilityBatchAsync(string queueUrl, IReadOnlyList<ChangeMessageVisibilityBatchRequestEntry> entries, CancellationToken cancellationToken = default) => _inner.ChangeMessageVisibilityBatchAsync(queueUrl, entries, cancellationToken);
            public Task PurgeQueueAsync(string queueUrl, CancellationToken cancellationToken = default) => _inner.PurgeQueueAsync(queueUrl, cancellationToken);
            public Task<ListDeadLetterSourceQueuesResult> ListDeadLetterSourceQueuesAsync(string queueUrl, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default) => _inner.ListDeadLetterSourceQueuesAsync(queueUrl, maxResults, nextToken, cancellationToken);
        }

        /// <summary>A queue and its DLQ holding <paramref name="poison"/> dead-lettered messages.</summary>
        private static async Task<(string Source, string Dlq)> DeadLetterAsync(DemoRun backend, int poison)
        {
            var broker = backend.BrokerFor("setup");
            var dlq = await broker.CreateQueueAsync("r-dlq", null);
            var dlqArn = (await broker.GetQueueAttributesAsync(dlq, new[] { QueueAttributeName.QueueArn }))[QueueAttributeName.QueueArn];
            var source = await broker.CreateQueueAsync("r", new Dictionary<string, string>
            {
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1}",
            });
            for (var i = 0; i < poison; i++)
                await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = source, MessageBody = "{\"id\":\"p" + i + "\"}" });
            // One receive each, then visible again at once: the next receive dead-letters them.
            for (var moved = 0; moved < poison;)
            {
                foreach (var m in await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = source, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 }))
                    await broker.ChangeMessageVisibilityAsync(source, m.ReceiptHandle, 0);
                moved = int.Parse((await backend.Broker.GetQueueAttributesAsync(dlq, new[] { QueueAttributeName.ApproximateNumberOfMessages }))[QueueAttributeName.ApproximateNumberOfMessages]);
            }
            return (source, dlq);
        }

        private static async Task<int> VisibleAsync(DemoRun backend, string url) =>
            int.Parse((await backend.Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.ApproximateNumberOfMessages }))[QueueAttributeName.ApproximateNumberOfMessages]);

        [Fact]
        public async Task Where_the_broker_has_message_move_tasks_the_redrive_is_one()
        {
            var backend = DemoRun.CreateEmbedded(timeScale: 100, seed: 3);
            var (source, dlq) = await DeadLetterAsync(backend, 4);
            var task = await backend.Redrive.StartAsync(dlq, null, null);
            Assert.Equal(Redrive.NativeMethod, task.Method);
            Assert.False(task.IsFallback);
            var done = await backend.Redrive.WaitAsync(task, TimeSpan.FromSeconds(0.5), Patience);
            Assert.Equal(MessageMoveTaskStatus.Completed, done.Status);
            Assert.Equal(4, done.Moved);
            Assert.Equal(4, await VisibleAsync(backend, source));
            Assert.Equal(4, backend.Journal.Where(e => e.Kind == JournalEventKind.Redriven).Count);
        }

        [Fact]
        public async Task Where_the_broker_answers_UnsupportedOperation_the_fallback_moves_each_message_back_to_the_queue_whose_redrive_policy_names_the_DLQ()
        {
            var clock = new SqsDemo.Engine.Clock.ScaledTimeProvider(100);
            var backend = DemoRun.CreateRemote(BackendKind.Endpoint, "no move tasks", new NoMoveTasksBroker(new EmbeddedBroker(clock, 5)), DynamoDbLedger.InMemory(clock), 5);
            var (source, dlq) = await DeadLetterAsync(backend, 5);
            var task = await backend.Redrive.StartAsync(dlq, null, null);
            Assert.True(task.IsFallback);
            Assert.Equal(Redrive.FallbackMethod, task.Method);
            var done = await backend.Redrive.WaitAsync(task, TimeSpan.FromSeconds(0.2), Patience);
            Assert.Equal(MessageMoveTaskStatus.Completed, done.Status);
            Assert.Equal(5, done.Moved);
            Assert.Equal(5, done.ToMove);
            Assert.Equal(5, await VisibleAsync(backend, source));
            Assert.Equal(0, await VisibleAsync(backend, dlq));
            // Each move is a journaled send to the source, then a delete from the DLQ, by the redrive.
            var moves = backend.Journal.Where(e => e.Actor == "redrive" && (e.Kind == JournalEventKind.Sent || e.Kind == JournalEventKind.Deleted)).ToArray();
            Assert.Equal(5, moves.Count(e => e.Kind == JournalEventKind.Sent && e.QueueUrl == source));
            Assert.Equal(5, moves.Count(e => e.Kind == JournalEventKind.Deleted && e.QueueUrl == dlq));
            Assert.Equal(new[] { done.TaskHandle }, (await backend.Redrive.ListAsync(dlq)).Select(t => t.TaskHandle));
        }

        [Fact]
        public async Task The_fallback_keeps_the_move_task_rules_a_queue_that_is_no_DLQ_is_refused()
        {
            var clock = new SqsDemo.Engine.Clock.ScaledTimeProvider(100);
            var backend = DemoRun.CreateRemote(BackendKind.Endpoint, "no move tasks", new NoMoveTasksBroker(new EmbeddedBroker(clock, 7)), DynamoDbLedger.InMemory(clock), 7);
            var (source, _) = await DeadLetterAsync(backend, 1);
            var error = await Assert.ThrowsAsync<SqsException>(() => backend.Redrive.StartAsync(source, null, null));
            Assert.Equal(SqsErrorCode.InvalidParameterValue, error.ErrorCode);
            Assert.Contains("Dead Letter Queue", error.Message);
        }

        [Fact]
        public async Task A_fallback_redrive_moves_only_what_the_DLQ_held_when_it_started()
        {
            var clock = new SqsDemo.Engine.Clock.ScaledTimeProvider(100);
            var backend = DemoRun.CreateRemote(BackendKind.Endpoint, "no move tasks", new NoMoveTasksBroker(new EmbeddedBroker(clock, 8)), DynamoDbLedger.InMemory(clock), 8);
            var (source, dlq) = await DeadLetterAsync(backend, 3);
            var task = await backend.Redrive.StartAsync(dlq, null, null);
            var done = await backend.Redrive.WaitAsync(task, TimeSpan.FromSeconds(0.2), Patience);
            Assert.Equal(MessageMoveTaskStatus.Completed, done.Status);
            Assert.Equal(3, done.Moved);
            Assert.Equal(3, await VisibleAsync(backend, source));
        }

        [Fact]
        public async Task A_fallback_redrive_can_be_cancelled_and_what_it_moved_stays_moved_while_a_second_one_is_refused()
        {
            var clock = new SqsDemo.Engine.Clock.ScaledTimeProvider(10);
            var backend = DemoRun.CreateRemote(BackendKind.Endpoint, "no move tasks", new NoMoveTasksBroker(new EmbeddedBroker(clock, 6)), DynamoDbLedger.InMemory(clock), 6);
            var (source, dlq) = await DeadLetterAsync(backend, 6);
            var task = await backend.Redrive.StartAsync(dlq, null, maxMessagesPerSecond: 1);
            var second = await Assert.ThrowsAsync<SqsException>(() => backend.Redrive.StartAsync(dlq, null, null));
            Assert.Contains("already a task running", second.Message);
            Assert.Equal(SqsErrorCode.InvalidParameterValue, second.ErrorCode);

            await backend.Journal.WaitForAsync(e => e.Kind == JournalEventKind.Deleted && e.Actor == "redrive", 1, Patience, CancellationToken.None);
            var stopped = await backend.Redrive.StopAsync(task.TaskHandle, dlq);
            Assert.Equal(MessageMoveTaskStatus.Cancelled, stopped.Status);
            Assert.InRange(stopped.Moved, 1, 5);
            Assert.Equal(stopped.Moved, await VisibleAsync(backend, source));
            Assert.Equal(6 - stopped.Moved, await VisibleAsync(backend, dlq));
            var again = await Assert.ThrowsAsync<SqsException>(() => backend.Redrive.StopAsync(task.TaskHandle, dlq));
            Assert.Equal(SqsErrorCode.InvalidParameterValue, again.ErrorCode);
        }
    }
}

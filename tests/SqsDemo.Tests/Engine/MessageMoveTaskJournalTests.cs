using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>A message move task on the embedded backend reaches the journal through the broker's notifications.</summary>
    public sealed class MessageMoveTaskJournalTests
    {
        [Fact]
        public async Task Each_redriven_message_is_journaled_as_Redriven_under_its_new_id_naming_the_DLQ_and_the_old_id()
        {
            var backend = DemoRun.CreateEmbedded(timeScale: 50, seed: 7);
            var broker = backend.BrokerFor("tester");
            var dlq = await broker.CreateQueueAsync("orders-dlq", null);
            var dlqArn = (await broker.GetQueueAttributesAsync(dlq, new[] { QueueAttributeName.QueueArn }))[QueueAttributeName.QueueArn];
            var source = await broker.CreateQueueAsync("orders", new Dictionary<string, string>
            {
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1}",
            });
            var sent = await broker.SendMessageAsync(new SendMessageRequest { QueueUrl = source, MessageBody = "poison" });
            var first = Assert.Single(await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = source, WaitTimeSeconds = 0 }));
            await broker.ChangeMessageVisibilityAsync(source, first.ReceiptHandle, 0);
            Assert.Empty(await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = source, WaitTimeSeconds = 0 })); // dead-lettered

            var eventsBefore = backend.Journal.Count;
            var handle = await broker.StartMessageMoveTaskAsync(dlqArn, null, null);
            Assert.False(string.IsNullOrEmpty(handle));

            var redriven = await backend.Journal.WaitForAsync(e => e.Kind == JournalEventKind.Redriven, 1, TimeSpan.FromSeconds(60), CancellationToken.None);
            var entry = Assert.Single(redriven);
            // The journaling broker records no call of its own for the task: only the broker's Redriven.
            Assert.All(backend.Journal.Snapshot().Skip(eventsBefore), e => Assert.Equal(JournalEventKind.Redriven, e.Kind));
            Assert.Equal(source, entry.QueueUrl);
            Assert.Equal("broker", entry.Actor);
            Assert.NotEqual(sent.MessageId, entry.MessageId);
            Assert.Equal(dlq, entry.SourceQueueUrl);
            Assert.Equal(sent.MessageId, entry.SourceMessageId);

            var back = Assert.Single(await broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = source, WaitTimeSeconds = 0 }));
            Assert.Equal(entry.MessageId, back.MessageId);
            var task = Assert.Single(await broker.ListMessageMoveTasksAsync(dlqArn));
            Assert.Equal(MessageMoveTaskStatus.Completed, task.Status);
            Assert.Equal(1, task.ApproximateNumberOfMessagesMoved);
            Assert.Single(backend.Journal.Snapshot(), e => e.Kind == JournalEventKind.MovedToDeadLetterQueue);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>What one receive brought, when, and the heartbeat that keeps it hidden while it is handled.</summary>
    internal sealed class ReceivedBatch
    {
        public ReceivedBatch(IReadOnlyList<Message> messages, DateTimeOffset receivedAt, VisibilityHeartbeat? heartbeat)
        {
            Messages = messages;
            ReceivedAt = receivedAt;
            Heartbeat = heartbeat;
        }

        public IReadOnlyList<Message> Messages { get; }
        /// <summary>When the receive began: SQS allows no visibility past 12 hours from then.</summary>
        public DateTimeOffset ReceivedAt { get; }
        public VisibilityHeartbeat? Heartbeat { get; }

        /// <summary>The heartbeat stops extending this message: it is deleted, failed or handed back.</summary>
        public Task StopExtendingAsync(Message message) => Heartbeat == null ? Task.CompletedTask : Heartbeat.LetGoAsync(message);

        /// <summary>No extension is under way or starts once this returns: before a crash, and when the batch is done.</summary>
        public Task HaltHeartbeatAsync() => Heartbeat == null ? Task.CompletedTask : Heartbeat.HaltAsync();
    }
}

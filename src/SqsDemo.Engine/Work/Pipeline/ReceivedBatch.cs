using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>What one receive brought, when, the heartbeat that keeps it hidden while it is handled, and how long it stays hidden.</summary>
    internal sealed class ReceivedBatch
    {
        public ReceivedBatch(IReadOnlyList<Message> messages, DateTimeOffset receivedAt, VisibilityHeartbeat? heartbeat, MessageLeases? leases = null)
        {
            Messages = messages;
            ReceivedAt = receivedAt;
            Heartbeat = heartbeat;
            Leases = leases;
        }

        public IReadOnlyList<Message> Messages { get; }
        /// <summary>When the receive began: SQS allows no visibility past 12 hours from then.</summary>
        public DateTimeOffset ReceivedAt { get; }
        public VisibilityHeartbeat? Heartbeat { get; }
        /// <summary>When each message's visibility runs out: kept with the lease guard only.</summary>
        public MessageLeases? Leases { get; }

        /// <summary>The heartbeat stops extending this message: it is deleted, failed or handed back.</summary>
        public Task StopExtendingAsync(Message message) => Heartbeat == null ? Task.CompletedTask : Heartbeat.LetGoAsync(message);

        /// <summary>No extension is under way or starts once this returns: before a crash, and when the batch is done.</summary>
        public Task HaltHeartbeatAsync() => Heartbeat == null ? Task.CompletedTask : Heartbeat.HaltAsync();
    }
}

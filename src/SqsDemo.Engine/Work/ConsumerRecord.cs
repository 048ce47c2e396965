using System;

namespace SqsDemo.Engine.Work
{
    /// <summary>One message handled by a consumer: what the pipeline shows, one per message.</summary>
    public sealed class ConsumerRecord
    {
        public string ConsumerId { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string? BodyId { get; set; }
        public int ReceiveCount { get; set; }
        public MessageOutcome Outcome { get; set; }
        public TimeSpan ScenarioTime { get; set; }
        public string? Detail { get; set; }
    }
}

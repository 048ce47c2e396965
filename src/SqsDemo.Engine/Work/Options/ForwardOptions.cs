namespace SqsDemo.Engine.Work
{
    /// <summary>Where a handler's outputs go: each is sent as a message before its input is deleted (needs a handler).</summary>
    public sealed class ForwardOptions
    {
        /// <summary>The queue each output is sent to; null: outputs are not forwarded.</summary>
        public string? QueueUrl { get; set; }
        /// <summary>For a FIFO <see cref="QueueUrl"/>: the output's field that is its MessageGroupId.</summary>
        public string? GroupIdField { get; set; }

        internal ForwardOptions Clone() => (ForwardOptions)MemberwiseClone();
    }
}

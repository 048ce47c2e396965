namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// Event source mapping mode: gather batches of up to <see cref="Size"/> (1-10) within
    /// <see cref="WindowSeconds"/>, handle each item, delete the ones that succeeded in one
    /// DeleteMessageBatch and leave only the failed ones to return. A null Size: the plain loop.
    /// </summary>
    public sealed class BatchOptions
    {
        public int? Size { get; set; }
        /// <summary>How long (scenario seconds, 0-300 as Lambda allows) to keep gathering a batch that is not full.</summary>
        public double WindowSeconds { get; set; }

        internal BatchOptions Clone() => (BatchOptions)MemberwiseClone();
    }
}

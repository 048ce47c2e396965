namespace SqsDemo.Engine.Broker
{
    /// <summary>SQS queue attribute names, as the API spells them.</summary>
    public static class QueueAttributeName
    {
        public const string All = "All";
        public const string VisibilityTimeout = "VisibilityTimeout";
        public const string MessageRetentionPeriod = "MessageRetentionPeriod";
        public const string DelaySeconds = "DelaySeconds";
        public const string ReceiveMessageWaitTimeSeconds = "ReceiveMessageWaitTimeSeconds";
        public const string MaximumMessageSize = "MaximumMessageSize";
        public const string RedrivePolicy = "RedrivePolicy";
        public const string RedriveAllowPolicy = "RedriveAllowPolicy";
        public const string FifoQueue = "FifoQueue";
        public const string ContentBasedDeduplication = "ContentBasedDeduplication";
        public const string DeduplicationScope = "DeduplicationScope";
        public const string FifoThroughputLimit = "FifoThroughputLimit";
        public const string QueueArn = "QueueArn";
        public const string CreatedTimestamp = "CreatedTimestamp";
        public const string LastModifiedTimestamp = "LastModifiedTimestamp";
        public const string ApproximateNumberOfMessages = "ApproximateNumberOfMessages";
        public const string ApproximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible";
        public const string ApproximateNumberOfMessagesDelayed = "ApproximateNumberOfMessagesDelayed";
        /// <summary>Server-side encryption with SQS-owned keys: true by default for new queues.</summary>
        public const string SqsManagedSseEnabled = "SqsManagedSseEnabled";
    }

    /// <summary>SQS's fixed limits.</summary>
    public static class SqsLimits
    {
        public const int MaxMessageSizeBytes = 1_048_576;
        public const int MaxBatchEntries = 10;
        public const int MaxMessageAttributes = 10;
        public const int MaxVisibilityTimeoutSeconds = 43_200;
        public const int MaxWaitTimeSeconds = 20;
        public const int MaxDelaySeconds = 900;
        public const int MaxReceiveCountLimit = 1_000;
        public const int InFlightLimitStandard = 120_000;
        public const int PurgeWindowSeconds = 60;
        public const int DeletedQueueNameReuseSeconds = 60;
        /// <summary>A queue's MessageRetentionPeriod when none is set: 4 days.</summary>
        public const int DefaultMessageRetentionPeriod = 345_600;
    }
}

namespace SqsDemo.Engine.Ledger.Aws
{
    /// <summary>
    /// The attribute names of the two-table pattern as the seeds' consumer writes them, so that it and
    /// SqsDemo's consumer can share one pair of tables. Both tables are keyed on <c>message_id</c>: in the
    /// side-effects table it holds the side effect's key (the message id, or <c>biz:&lt;field&gt;:&lt;value&gt;</c>).
    /// <see cref="OwnerToken"/> is SqsDemo's own and optional: the seeds write none.
    /// </summary>
    internal static class SeedAttributes
    {
        public const string MessageId = "message_id";
        public const string Status = "status";
        public const string Attempts = "attempts";
        public const string LastUpdated = "last_updated";
        public const string PayloadDigest = "payload_digest";
        public const string PerformedAt = "performed_at";
        public const string OriginalMessageId = "original_message_id";

        /// <summary>SqsDemo's: which handling owns a STARTED row; absent on rows the seeds' kind of consumer wrote.</summary>
        public const string OwnerToken = "owner_token";
    }
}

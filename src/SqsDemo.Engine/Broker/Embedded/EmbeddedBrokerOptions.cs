using System;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>Knobs of the embedded broker. The defaults behave like a standard SQS queue in us-east-1.</summary>
    public sealed class EmbeddedBrokerOptions
    {
        /// <summary>The region in queue URLs and ARNs.</summary>
        public string Region { get; set; } = "us-east-1";

        /// <summary>The account id in queue URLs and ARNs.</summary>
        public string AccountId { get; set; } = "000000000000";

        /// <summary>
        /// Names this broker in its queue URLs (http://sqs.REGION.ID.embedded.sqsdemo/ACCOUNT/NAME), so a
        /// URL says which in-memory broker holds the queue; null leaves it out. Lowercase letters and digits.
        /// </summary>
        public string? BrokerId { get; set; }

        /// <summary>
        /// The SenderId of received messages: the caller's identity (an IAM user or role id, e.g.
        /// "AIDAEXAMPLE", or an account id). Default: <see cref="AccountId"/>, as for the account's root.
        /// </summary>
        public string? SenderId { get; set; }

        /// <summary>
        /// 0..1: the probability (drawn from the seed) that a delete with the current receipt
        /// handle does not reach "every replica", so the message comes back after its
        /// visibility timeout: SQS's rare at-least-once duplicate. Default 0.
        /// </summary>
        public double DuplicateDeliveryRate { get; set; }

        /// <summary>
        /// How far best-effort ordering may reorder a standard queue: each delivered message is
        /// drawn (from the seed) among the first ReorderWindow + 1 visible ones, so no message
        /// arrives more than this many places early. 0 = strict send order.
        /// </summary>
        public int ReorderWindow { get; set; } = 3;

        /// <summary>
        /// Short polling (WaitTimeSeconds 0) on a standard queue queries a sample of SQS's
        /// servers: each visible message is on a sampled server with this probability (from the
        /// seed), so a short poll may return fewer messages than are available, never none when
        /// any is visible. 1 = return as many as available. Long polls always query every server.
        /// </summary>
        public double ShortPollSampleRate { get; set; } = 0.5;

        /// <summary>These options for a new broker beside this one: everything but its name in queue URLs.</summary>
        public EmbeddedBrokerOptions ForAnotherBroker()
        {
            var copy = Validated();
            copy.BrokerId = null;
            return copy;
        }

        internal EmbeddedBrokerOptions Validated()
        {
            if (string.IsNullOrWhiteSpace(Region)) throw new ArgumentException("Region must not be empty.", nameof(Region));
            if (string.IsNullOrWhiteSpace(AccountId)) throw new ArgumentException("AccountId must not be empty.", nameof(AccountId));
            if (BrokerId != null && !EmbeddedQueueUrl.IsValidBrokerId(BrokerId))
                throw new ArgumentException("BrokerId is 1-32 lowercase letters and digits.", nameof(BrokerId));
            if (double.IsNaN(DuplicateDeliveryRate) || DuplicateDeliveryRate < 0 || DuplicateDeliveryRate > 1)
                throw new ArgumentOutOfRangeException(nameof(DuplicateDeliveryRate), DuplicateDeliveryRate, "DuplicateDeliveryRate must be between 0 and 1.");
            if (ReorderWindow < 0 || ReorderWindow > 1000)
                throw new ArgumentOutOfRangeException(nameof(ReorderWindow), ReorderWindow, "ReorderWindow must be between 0 and 1000.");
            if (double.IsNaN(ShortPollSampleRate) || ShortPollSampleRate < 0.05 || ShortPollSampleRate > 1)
                throw new ArgumentOutOfRangeException(nameof(ShortPollSampleRate), ShortPollSampleRate, "ShortPollSampleRate must be between 0.05 and 1.");
            return new EmbeddedBrokerOptions
            {
                Region = Region,
                AccountId = AccountId,
                BrokerId = BrokerId,
                SenderId = string.IsNullOrWhiteSpace(SenderId) ? AccountId : SenderId,
                DuplicateDeliveryRate = DuplicateDeliveryRate,
                ReorderWindow = ReorderWindow,
                ShortPollSampleRate = ShortPollSampleRate,
            };
        }
    }
}

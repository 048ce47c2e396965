using System;

namespace SqsDemo.Engine.Environments
{
    /// <summary>A queue with its dead-letter queue (and, with a ledger, its tables): what one experiment runs on.</summary>
    public sealed class DemoEnvironment
    {
        public string Name { get; set; } = "";
        public string QueueName { get; set; } = "";
        public string QueueUrl { get; set; } = "";
        public string QueueArn { get; set; } = "";
        public string DeadLetterQueueUrl { get; set; } = "";
        public string DeadLetterQueueArn { get; set; } = "";
        /// <summary>
        /// True when the environment created its dead-letter queue, so removing the environment deletes it; false
        /// when it uses another's (EnvironmentSpec.DeadLetterQueueUrl) or Terraform's.
        /// </summary>
        public bool OwnsDeadLetterQueue { get; set; }
        public int VisibilityTimeout { get; set; }
        public int MaxReceiveCount { get; set; }
        public int ReceiveWaitTime { get; set; }
        public bool Fifo { get; set; }
        /// <summary>The ledger's status table; null when the environment has no ledger.</summary>
        public string? StatusTable { get; set; }
        /// <summary>The ledger's side-effects table; null when the environment has no ledger.</summary>
        public string? SideEffectsTable { get; set; }
        /// <summary>The ledger's ordered effect log; null without a ledger.</summary>
        public string? EffectLogTable { get; set; }
        /// <summary>The ledger's entity-versions table; null without a ledger.</summary>
        public string? VersionsTable { get; set; }
        /// <summary>The ledger's results table (each message's result, by message id); null without a ledger, or when Terraform's environment has none.</summary>
        public string? ResultsTable { get; set; }
        public bool ContentBasedDeduplication { get; set; }
        public bool HasLedger => StatusTable != null && SideEffectsTable != null;
        public string Backend { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        /// <summary>
        /// True when the queues and tables were created by the project's Terraform and adopted
        /// (emptied and configured) rather than created: Remove-DemoEnvironment leaves them in place.
        /// </summary>
        public bool Provisioned { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>What <see cref="EnvironmentProvisioner"/> creates.</summary>
    public sealed class EnvironmentSpec
    {
        public string Name { get; set; } = "";
        public int VisibilityTimeout { get; set; } = 10;
        public int MaxReceiveCount { get; set; } = 2;
        public int ReceiveWaitTime { get; set; } = 10;
        /// <summary>Null keeps SQS's default (4 days).</summary>
        public int? MessageRetentionPeriod { get; set; }
        /// <summary>Null keeps SQS's default (0).</summary>
        public int? DelaySeconds { get; set; }
        /// <summary>Create the ledger's status and side-effects tables too.</summary>
        public bool Ledger { get; set; }
        /// <summary>A FIFO queue (name.fifo) with a FIFO DLQ.</summary>
        public bool Fifo { get; set; }
        public bool ContentBasedDeduplication { get; set; }
        /// <summary>
        /// An existing queue to use as the dead-letter queue, shared with whatever else names it (SQS lets several
        /// queues of one type redrive to one DLQ); null creates the environment's own. Ignored when adopting
        /// Terraform's environment, whose DLQ is Terraform's.
        /// </summary>
        public string? DeadLetterQueueUrl { get; set; }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Ledger;

namespace SqsDemo.Engine.Environments
{
    /// <summary>Creates and removes an environment's queues through the broker, as SQS would be asked to.</summary>
    public static class EnvironmentProvisioner
    {
        public const string DeadLetterSuffix = "-dlq";
        public const string FifoSuffix = ".fifo";
        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9_-]{1,56}$", RegexOptions.CultureInvariant);

        /// <summary>An environment name must leave room for a run prefix (15), "-dlq" and ".fifo" within SQS's 80 characters.</summary>
        public static bool IsValidName(string name) => NamePattern.IsMatch(name);

        public static string QueueName(string name, bool fifo) => fifo ? name + FifoSuffix : name;

        public static string DeadLetterQueueName(string name, bool fifo) => QueueName(name + DeadLetterSuffix, fifo);

        public static async Task<DemoEnvironment> CreateAsync(DemoBackend backend, EnvironmentSpec spec, CancellationToken cancellationToken = default)
        {
            if (!IsValidName(spec.Name))
                throw new ArgumentException("An environment name is 1-56 characters of letters, digits, '-' and '_' (a run prefix, \"-dlq\" and \".fifo\" must fit within SQS's 80).", nameof(spec));
            if (spec.ContentBasedDeduplication && !spec.Fifo)
                throw new ArgumentException("ContentBasedDeduplication is a FIFO queue's attribute: use it with Fifo.", nameof(spec));
            var broker = backend.BrokerFor("user");
            var dlqName = DeadLetterQueueName(backend.NamePrefix + spec.Name, spec.Fifo);
            var dlqAttributes = new Dictionary<string, string>();
            if (spec.Fifo) dlqAttributes[QueueAttributeName.FifoQueue] = "true";
            if (spec.MessageRetentionPeriod is int retention) dlqAttributes[QueueAttributeName.MessageRetentionPeriod] = Invariant(retention);
            var dlqUrl = await broker.CreateQueueAsync(dlqName, dlqAttributes, cancellationToken).ConfigureAwait(false);
            var dlqArn = await ArnAsync(broker, dlqUrl, cancellationToken).ConfigureAwait(false);

            var attributes = new Dictionary<string, string>
            {
                [QueueAttributeName.VisibilityTimeout] = Invariant(spec.VisibilityTimeout),
                [QueueAttributeName.ReceiveMessageWaitTimeSeconds] = Invariant(spec.ReceiveWaitTime),
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + Invariant(spec.MaxReceiveCount) + "}",
            };
            if (spec.MessageRetentionPeriod is int sourceRetention) attributes[QueueAttributeName.MessageRetentionPeriod] = Invariant(sourceRetention);
            if (spec.DelaySeconds is int delay) attributes[QueueAttributeName.DelaySeconds] = Invariant(delay);
            if (spec.Fifo)
            {
                attributes[QueueAttributeName.FifoQueue] = "true";
                attributes[QueueAttributeName.ContentBasedDeduplication] = spec.ContentBasedDeduplication ? "true" : "false";
            }
            var queueName = QueueName(backend.NamePrefix + spec.Name, spec.Fifo);
            var url = await broker.CreateQueueAsync(queueName, attributes, cancellationToken).ConfigureAwait(false);
            var arn = await ArnAsync(broker, url, cancellationToken).ConfigureAwait(false);
            LedgerTables? tables = null;
            if (spec.Ledger)
            {
                tables = LedgerTables.For(backend.NamePrefix + spec.Name);
                await backend.Ledger.CreateTablesAsync(tables, cancellationToken).ConfigureAwait(false);
            }

            return new DemoEnvironment
            {
                Name = spec.Name,
                QueueName = queueName,
                Fifo = spec.Fifo,
                ContentBasedDeduplication = spec.ContentBasedDeduplication,
                EffectLogTable = tables?.EffectLogTable,
                VersionsTable = tables?.VersionsTable,
                QueueUrl = url,
                QueueArn = arn,
                DeadLetterQueueUrl = dlqUrl,
                DeadLetterQueueArn = dlqArn,
                VisibilityTimeout = spec.VisibilityTimeout,
                MaxReceiveCount = spec.MaxReceiveCount,
                ReceiveWaitTime = spec.ReceiveWaitTime,
                StatusTable = tables?.StatusTable,
                SideEffectsTable = tables?.SideEffectsTable,
                Backend = backend.Description,
                CreatedAt = backend.Clock.GetUtcNow(),
            };
        }

        /// <summary>Deletes the queue, then its DLQ, then the ledger's tables; what is already gone is not an error.</summary>
        public static async Task RemoveAsync(DemoBackend backend, DemoEnvironment environment, CancellationToken cancellationToken = default)
        {
            var broker = backend.BrokerFor("user");
            foreach (var url in new[] { environment.QueueUrl, environment.DeadLetterQueueUrl })
            {
                if (string.IsNullOrEmpty(url)) continue;
                try
                {
                    await broker.DeleteQueueAsync(url, cancellationToken).ConfigureAwait(false);
                }
                catch (SqsException e) when (e.ErrorCode == SqsErrorCode.QueueDoesNotExist)
                {
                }
            }
            if (environment.HasLedger)
                await backend.Ledger.DeleteTablesAsync(new LedgerTables(environment.StatusTable!, environment.SideEffectsTable!, environment.EffectLogTable, environment.VersionsTable), cancellationToken).ConfigureAwait(false);
        }

        private static async Task<string> ArnAsync(IBroker broker, string url, CancellationToken cancellationToken)
        {
            var attributes = await broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.QueueArn }, cancellationToken).ConfigureAwait(false);
            return attributes[QueueAttributeName.QueueArn];
        }

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}

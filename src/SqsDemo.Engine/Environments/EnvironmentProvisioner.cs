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
        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9_-]{1,56}$", RegexOptions.CultureInvariant);

        /// <summary>An environment name must leave room for a run prefix (15), "-dlq" and ".fifo" within SQS's 80 characters.</summary>
        public static bool IsValidName(string name) => NamePattern.IsMatch(name);

        public static string QueueName(string name, bool fifo) => QueueAddress.QueueNameFor(name, fifo);

        public static string DeadLetterQueueName(string name, bool fifo) => QueueName(name + DeadLetterSuffix, fifo);

        /// <summary>
        /// Creates the environment's queues (and tables), or, when the backend names an environment of
        /// this name as already provisioned (Terraform's), adopts those: see <see cref="AdoptAsync"/>.
        /// What the caller should know but is not an error goes to <paramref name="warn"/>.
        /// </summary>
        public static async Task<DemoEnvironment> CreateAsync(DemoRun backend, EnvironmentSpec spec, CancellationToken cancellationToken = default, Action<string>? warn = null)
        {
            if (!IsValidName(spec.Name))
                throw new ArgumentException("An environment name is 1-56 characters of letters, digits, '-' and '_' (a run prefix, \"-dlq\" and \".fifo\" must fit within SQS's 80).", nameof(spec));
            if (spec.ContentBasedDeduplication && !spec.Fifo)
                throw new ArgumentException("ContentBasedDeduplication is a FIFO queue's attribute: use it with Fifo.", nameof(spec));
            if (backend.Provisioned.TryGetValue(spec.Name, out var provisioned))
                return await AdoptAsync(backend, spec, provisioned, cancellationToken, warn).ConfigureAwait(false);
            if (backend.Provisioned.Count > 0)
                warn?.Invoke($"The Terraform output has no environment '{spec.Name}': creating queues{(spec.Ledger ? " and tables" : "")} of its own, prefixed '{backend.NamePrefix}'.");
            var broker = backend.BrokerFor("user");
            var ownsDlq = spec.DeadLetterQueueUrl == null;
            var (dlqUrl, dlqArn) = ownsDlq
                ? await CreateDeadLetterQueueAsync(broker, backend.NamePrefix, spec, cancellationToken).ConfigureAwait(false)
                : await SharedDeadLetterQueueAsync(broker, spec, cancellationToken).ConfigureAwait(false);

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

            return Describe(backend, spec, queueName, url, arn, dlqUrl, dlqArn, ownsDlq, tables, provisioned: false);
        }

        private static async Task<(string Url, string Arn)> CreateDeadLetterQueueAsync(IBroker broker, string namePrefix, EnvironmentSpec spec, CancellationToken cancellationToken)
        {
            var attributes = new Dictionary<string, string>();
            if (spec.Fifo) attributes[QueueAttributeName.FifoQueue] = "true";
            if (spec.MessageRetentionPeriod is int retention) attributes[QueueAttributeName.MessageRetentionPeriod] = Invariant(retention);
            var url = await broker.CreateQueueAsync(DeadLetterQueueName(namePrefix + spec.Name, spec.Fifo), attributes, cancellationToken).ConfigureAwait(false);
            return (url, await ArnAsync(broker, url, cancellationToken).ConfigureAwait(false));
        }

        /// <summary>
        /// An existing queue as the environment's DLQ, left as it is (it is someone else's): its ARN for the redrive
        /// policy comes from the queue, and its type must be the environment's, as SQS requires of a queue and its DLQ.
        /// A queue that does not exist fails with SQS's QueueDoesNotExist before anything is created.
        /// </summary>
        private static async Task<(string Url, string Arn)> SharedDeadLetterQueueAsync(IBroker broker, EnvironmentSpec spec, CancellationToken cancellationToken)
        {
            var url = spec.DeadLetterQueueUrl!;
            var attributes = await broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.QueueArn, QueueAttributeName.FifoQueue }, cancellationToken).ConfigureAwait(false);
            var arn = attributes[QueueAttributeName.QueueArn];
            // A standard queue may leave FifoQueue out; a FIFO queue's name always ends in .fifo.
            var fifo = (attributes.TryGetValue(QueueAttributeName.FifoQueue, out var flag) && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase))
                || arn.EndsWith(QueueAddress.FifoSuffix, StringComparison.Ordinal);
            if (fifo != spec.Fifo)
                throw new DeadLetterQueueTypeMismatchException(
                    $"Environment '{spec.Name}' is a {TypeName(spec.Fifo)} queue, but the dead-letter queue {url} is a {TypeName(fifo)} queue: SQS needs a queue and its dead-letter queue to be of the same type.",
                    nameof(EnvironmentSpec.DeadLetterQueueUrl));
            return (url, arn);
        }

        private static string TypeName(bool fifo) => fifo ? "FIFO" : "standard";

        /// <summary>
        /// Uses queues and tables that already exist (Terraform's) as a new environment: checks they
        /// fit the spec (queue type, ledger), sets the queue attributes the spec asks for (visibility
        /// timeout, wait time, redrive policy with the spec's maxReceiveCount, delay, retention), and
        /// empties queue, DLQ and tables so that the run starts as on new ones. Draining receives and
        /// deletes rather than purging: a purge would also delete what the run sends in the next 60 seconds.
        /// </summary>
        public static async Task<DemoEnvironment> AdoptAsync(DemoRun backend, EnvironmentSpec spec, ProvisionedEnvironment provisioned, CancellationToken cancellationToken = default, Action<string>? warn = null)
        {
            if (spec.Fifo != provisioned.Fifo)
                throw new ProvisionedEnvironmentMismatchException(
                    $"Environment '{spec.Name}' asks for a {TypeName(spec.Fifo)} queue, but Terraform's is {TypeName(provisioned.Fifo)}.");
            if (spec.Ledger && !provisioned.HasLedger)
                throw new ProvisionedEnvironmentMismatchException(
                    $"Environment '{spec.Name}' needs the ledger's tables, but the Terraform output names none for it (enable them for this scenario in terraform/).");
            if (spec.DeadLetterQueueUrl != null && !string.Equals(spec.DeadLetterQueueUrl, provisioned.DeadLetterQueueUrl, StringComparison.Ordinal))
                warn?.Invoke($"Environment '{spec.Name}' is Terraform's, and so is its dead-letter queue: it uses {provisioned.DeadLetterQueueUrl}, not {spec.DeadLetterQueueUrl}.");

            var broker = backend.BrokerFor("user");
            var attributes = new Dictionary<string, string>
            {
                [QueueAttributeName.VisibilityTimeout] = Invariant(spec.VisibilityTimeout),
                [QueueAttributeName.ReceiveMessageWaitTimeSeconds] = Invariant(spec.ReceiveWaitTime),
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + provisioned.DeadLetterQueueArn + "\",\"maxReceiveCount\":" + Invariant(spec.MaxReceiveCount) + "}",
                [QueueAttributeName.DelaySeconds] = Invariant(spec.DelaySeconds ?? 0),
                [QueueAttributeName.MessageRetentionPeriod] = Invariant(spec.MessageRetentionPeriod ?? SqsLimits.DefaultMessageRetentionPeriod),
            };
            if (spec.Fifo) attributes[QueueAttributeName.ContentBasedDeduplication] = spec.ContentBasedDeduplication ? "true" : "false";
            await broker.SetQueueAttributesAsync(provisioned.QueueUrl, attributes, cancellationToken).ConfigureAwait(false);
            // The DLQ's retention is left as Terraform made it (14 days): a message moved to a standard DLQ
            // keeps its original enqueue time, so a shorter retention there would expire it soon after it arrives.

            // Earlier runs' messages are not this run's: drained without journaling, so checks never count them.
            foreach (var url in new[] { provisioned.QueueUrl, provisioned.DeadLetterQueueUrl })
            {
                var left = await DrainAsync(backend.Broker, url, cancellationToken).ConfigureAwait(false);
                if (left > 0)
                    warn?.Invoke($"{left} message(s) of an earlier run are in flight or delayed on {url}: they were not drained and may show up in this run.");
            }
            LedgerTables? tables = null;
            if (provisioned.HasLedger)
            {
                tables = new LedgerTables(provisioned.StatusTable!, provisioned.SideEffectsTable!, provisioned.EffectLogTable, provisioned.VersionsTable, provisioned.ResultsTable);
                await backend.Ledger.ClearTablesAsync(tables, cancellationToken).ConfigureAwait(false);
            }

            return Describe(backend, spec, QueueAddress.NameOf(provisioned.QueueUrl), provisioned.QueueUrl, provisioned.QueueArn,
                provisioned.DeadLetterQueueUrl, provisioned.DeadLetterQueueArn, ownsDeadLetterQueue: false, tables, provisioned: true);
        }

        /// <summary>The environment as created or adopted: its queues, its tables, and the spec it was made to.</summary>
        private static DemoEnvironment Describe(DemoRun backend, EnvironmentSpec spec, string queueName, string url, string arn,
            string dlqUrl, string dlqArn, bool ownsDeadLetterQueue, LedgerTables? tables, bool provisioned) => new DemoEnvironment
        {
            Name = spec.Name,
            QueueName = queueName,
            Fifo = spec.Fifo,
            ContentBasedDeduplication = spec.ContentBasedDeduplication,
            QueueUrl = url,
            QueueArn = arn,
            DeadLetterQueueUrl = dlqUrl,
            DeadLetterQueueArn = dlqArn,
            OwnsDeadLetterQueue = ownsDeadLetterQueue,
            VisibilityTimeout = spec.VisibilityTimeout,
            MaxReceiveCount = spec.MaxReceiveCount,
            ReceiveWaitTime = spec.ReceiveWaitTime,
            StatusTable = tables?.StatusTable,
            SideEffectsTable = tables?.SideEffectsTable,
            EffectLogTable = tables?.EffectLogTable,
            VersionsTable = tables?.VersionsTable,
            ResultsTable = tables?.ResultsTable,
            Backend = backend.Description,
            CreatedAt = backend.Clock.GetUtcNow(),
            Provisioned = provisioned,
        };

        /// <summary>Receives and deletes until a long poll comes back empty; returns what is left in flight or delayed.</summary>
        private static async Task<long> DrainAsync(IBroker broker, string queueUrl, CancellationToken cancellationToken)
        {
            while (true)
            {
                var messages = await broker.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = SqsLimits.MaxBatchEntries,
                    WaitTimeSeconds = 1, // a long poll asks every server, so an empty answer means empty
                }, cancellationToken).ConfigureAwait(false);
                if (messages.Count == 0) break;
                var entries = new List<DeleteMessageBatchRequestEntry>();
                for (var i = 0; i < messages.Count; i++)
                    entries.Add(new DeleteMessageBatchRequestEntry { Id = Invariant(i), ReceiptHandle = messages[i].ReceiptHandle });
                await broker.DeleteMessageBatchAsync(queueUrl, entries, cancellationToken).ConfigureAwait(false);
            }
            var counts = await broker.GetQueueAttributesAsync(queueUrl,
                new[] { QueueAttributeName.ApproximateNumberOfMessagesNotVisible, QueueAttributeName.ApproximateNumberOfMessagesDelayed }, cancellationToken).ConfigureAwait(false);
            long left = 0;
            foreach (var value in counts.Values)
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) left += n;
            return left;
        }

        /// <summary>
        /// Deletes the queue, then its DLQ if the environment created it (a shared one stays with its owner), then the
        /// ledger's tables; what is already gone is not an error.
        /// </summary>
        public static async Task RemoveAsync(DemoRun backend, DemoEnvironment environment, CancellationToken cancellationToken = default)
        {
            if (environment.Provisioned)
                throw new InvalidOperationException($"Environment '{environment.Name}' was created by Terraform: `terraform destroy` removes it.");
            var broker = backend.BrokerFor("user");
            foreach (var url in new[] { environment.QueueUrl, environment.OwnsDeadLetterQueue ? environment.DeadLetterQueueUrl : "" })
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
                await backend.Ledger.DeleteTablesAsync(new LedgerTables(environment.StatusTable!, environment.SideEffectsTable!, environment.EffectLogTable, environment.VersionsTable, environment.ResultsTable), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A queue's ARN, from its QueueArn attribute.</summary>
        internal static async Task<string> ArnAsync(IBroker broker, string url, CancellationToken cancellationToken)
        {
            var attributes = await broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.QueueArn }, cancellationToken).ConfigureAwait(false);
            return attributes[QueueAttributeName.QueueArn];
        }

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}

namespace SqsDemo.Engine.Environments
{
    /// <summary>A dead-letter queue of the other type (FIFO or standard) than the environment's queue: SQS refuses the pair.</summary>
    public sealed class DeadLetterQueueTypeMismatchException : ArgumentException
    {
        public DeadLetterQueueTypeMismatchException(string message, string paramName) : base(message, paramName) { }
    }

    /// <summary>A provisioned environment that does not fit what the scenario asks for.</summary>
    public sealed class ProvisionedEnvironmentMismatchException : Exception
    {
        public ProvisionedEnvironmentMismatchException(string message) : base(message) { }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Tables;

namespace SqsDemo.Engine.Environments.Preflight
{
    /// <summary>
    /// Asks the backend whether a pre-provisioned environment (Terraform's) is as a scenario needs it: its queue and DLQ
    /// exist, of the scenario's type, with the redrive policy and attributes the scenario's script gives, and its ledger's
    /// tables exist, ACTIVE, keyed as the ledger keys them. Read-only: nothing is created, set or drained.
    /// </summary>
    public static class EnvironmentInspection
    {
        private const string Apply = "Run terraform apply in terraform/ (the scenario's entry is in terraform/scenarios.json), then write the output again: terraform -chdir=terraform output -json > tf.json.";

        public static async Task<IReadOnlyList<EnvironmentCheck>> CheckAsync(IBroker broker, ITableStore? tables, EnvironmentNeed need, ProvisionedEnvironment? provisioned, CancellationToken cancellationToken = default)
        {
            if (provisioned == null)
                return new[]
                {
                    new EnvironmentCheck(need.Scenario, "Environment", false, $"The Terraform output names no environment '{need.Name}': a run would create queues{(need.Ledger ? " and tables" : "")} of its own.",
                        $"Add '{need.Name}' to terraform/scenarios.json and apply, or accept queues of the run's own.", stopsRun: false),
                };
            var rows = new List<EnvironmentCheck>();
            var queue = await QueueAsync(broker, need, "Queue", provisioned.QueueUrl, rows, cancellationToken).ConfigureAwait(false);
            var dlq = await QueueAsync(broker, need, "DeadLetterQueue", provisioned.DeadLetterQueueUrl, rows, cancellationToken).ConfigureAwait(false);
            if (queue != null && dlq != null) rows.AddRange(QueueAttributeChecks(need, queue, dlq));
            rows.AddRange(await TableChecksAsync(tables, need, provisioned, cancellationToken).ConfigureAwait(false));
            return rows;
        }

        private static readonly string[] Wanted =
        {
            QueueAttributeName.QueueArn, QueueAttributeName.FifoQueue, QueueAttributeName.ContentBasedDeduplication, QueueAttributeName.VisibilityTimeout,
            QueueAttributeName.ReceiveMessageWaitTimeSeconds, QueueAttributeName.RedrivePolicy,
        };

        /// <summary>The queue's attributes, and a row saying whether it exists; null when it does not (or cannot be read).</summary>
        private static async Task<IDictionary<string, string>?> QueueAsync(IBroker broker, EnvironmentNeed need, string check, string url, List<EnvironmentCheck> rows, CancellationToken cancellationToken)
        {
            try
            {
                var attributes = await broker.GetQueueAttributesAsync(url, Wanted, cancellationToken).ConfigureAwait(false);
                rows.Add(new EnvironmentCheck(need.Scenario, check, true, url));
                return attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
            }
            catch (SqsException e)
            {
                var missing = e.ErrorCode == SqsErrorCode.QueueDoesNotExist;
                rows.Add(new EnvironmentCheck(need.Scenario, check, false,
                    missing ? $"{url} does not exist." : $"{url} cannot be read: {e.ErrorCode}: {e.Message}",
                    missing ? Apply : "Check the credentials' permissions (sqs:GetQueueAttributes) and the endpoint."));
                return null;
            }
        }

        private static IEnumerable<EnvironmentCheck> QueueAttributeChecks(EnvironmentNeed need, IDictionary<string, string> queue, IDictionary<string, string> dlq)
        {
            bool IsFifo(IDictionary<string, string> a) => a.TryGetValue(QueueAttributeName.FifoQueue, out var f) && string.Equals(f, "true", StringComparison.OrdinalIgnoreCase);
            string Type(bool fifo) => fifo ? "FIFO" : "standard";
            var typesFit = IsFifo(queue) == need.Fifo && IsFifo(dlq) == need.Fifo;
            yield return new EnvironmentCheck(need.Scenario, "QueueType", typesFit,
                $"needs {Type(need.Fifo)}; the queue is {Type(IsFifo(queue))}, its DLQ {Type(IsFifo(dlq))}",
                "A queue's type cannot change: set fifo for this scenario in terraform/scenarios.json and apply (Terraform replaces the queues).");
            if (need.Fifo)
            {
                var on = queue.TryGetValue(QueueAttributeName.ContentBasedDeduplication, out var c) && string.Equals(c, "true", StringComparison.OrdinalIgnoreCase);
                yield return new EnvironmentCheck(need.Scenario, "ContentBasedDeduplication", on == need.ContentBasedDeduplication,
                    $"needs {Lower(need.ContentBasedDeduplication)}, is {Lower(on)}", "Set content_based_deduplication in terraform/scenarios.json and apply (a run sets it when it adopts the queue).", stopsRun: false);
            }
            yield return RedriveCheck(need, queue, dlq[QueueAttributeName.QueueArn]);
            yield return NumberCheck(need, queue, "VisibilityTimeout", QueueAttributeName.VisibilityTimeout, need.VisibilityTimeout, "visibility_timeout");
            yield return NumberCheck(need, queue, "ReceiveWaitTime", QueueAttributeName.ReceiveMessageWaitTimeSeconds, need.ReceiveWaitTime, "receive_wait_time");
        }

        private static EnvironmentCheck RedriveCheck(EnvironmentNeed need, IDictionary<string, string> queue, string dlqArn)
        {
            const string Fix = "Apply terraform/ so the queue's redrive policy names its DLQ with the scenario's max_receive_count (a run sets it when it adopts the queue).";
            if (!queue.TryGetValue(QueueAttributeName.RedrivePolicy, out var policy) || string.IsNullOrEmpty(policy))
                return new EnvironmentCheck(need.Scenario, "RedrivePolicy", false, $"the queue has no redrive policy; needs maxReceiveCount {need.MaxReceiveCount} to {dlqArn}", Fix, stopsRun: false);
            string? target = null;
            long? count = null;
            try
            {
                using var json = JsonDocument.Parse(policy);
                if (json.RootElement.TryGetProperty("deadLetterTargetArn", out var t)) target = t.GetString();
                // SQS writes maxReceiveCount as a number; some endpoints as a string.
                if (json.RootElement.TryGetProperty("maxReceiveCount", out var m))
                    count = m.ValueKind == JsonValueKind.Number ? m.GetInt64() : long.TryParse(m.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
            }
            catch (JsonException)
            {
            }
            var fits = string.Equals(target, dlqArn, StringComparison.Ordinal) && count == need.MaxReceiveCount;
            return new EnvironmentCheck(need.Scenario, "RedrivePolicy", fits,
                $"needs maxReceiveCount {need.MaxReceiveCount} to {dlqArn}; is {(count?.ToString(CultureInfo.InvariantCulture) ?? "?")} to {target ?? "?"}", Fix, stopsRun: false);
        }

        private static EnvironmentCheck NumberCheck(EnvironmentNeed need, IDictionary<string, string> queue, string check, string attribute, long wanted, string field)
        {
            queue.TryGetValue(attribute, out var text);
            var fits = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual) && actual == wanted;
            return new EnvironmentCheck(need.Scenario, check, fits, $"needs {wanted} s, is {text ?? "unset"}",
                $"Set {field} for this scenario in terraform/scenarios.json and apply (a run sets it when it adopts the queue).", stopsRun: false);
        }

        private static string Lower(bool value) => value ? "true" : "false";

        /// <summary>Each table the scenario needs, by its role, with the key the ledger reads it by.</summary>
        private static async Task<IReadOnlyList<EnvironmentCheck>> TableChecksAsync(ITableStore? store, EnvironmentNeed need, ProvisionedEnvironment provisioned, CancellationToken cancellationToken)
        {
            var rows = new List<EnvironmentCheck>();
            if (!need.Ledger) return rows;
            var tables = new List<(string Role, string? Name, string Hash, string? Range, bool Needed)>
            {
                ("StatusTable", provisioned.StatusTable, DynamoDbLedger.StatusKey, null, true),
                ("SideEffectsTable", provisioned.SideEffectsTable, DynamoDbLedger.SideEffectKey, null, true),
                ("EffectLogTable", provisioned.EffectLogTable, DynamoDbLedger.LogPartitionKey, DynamoDbLedger.LogSortKey, false),
                ("EntityVersionsTable", provisioned.VersionsTable, DynamoDbLedger.EntityKey, null, false),
                ("ResultsTable", provisioned.ResultsTable, DynamoDbLedger.ResultKey, null, need.Results),
            };
            foreach (var (role, name, hash, range, needed) in tables)
            {
                if (name == null)
                {
                    if (needed)
                        rows.Add(new EnvironmentCheck(need.Scenario, role, false, "the Terraform output names no " + role + " for this scenario",
                            "Set ledger (and results, for a results table) for this scenario in terraform/scenarios.json and apply."));
                    continue;
                }
                rows.Add(await TableCheckAsync(store, need.Scenario, role, name, hash, range, cancellationToken).ConfigureAwait(false));
            }
            return rows;
        }

        private static async Task<EnvironmentCheck> TableCheckAsync(ITableStore? store, string scenario, string role, string name, string hash, string? range, CancellationToken cancellationToken)
        {
            var wanted = range == null ? $"{hash} (HASH)" : $"{hash} (HASH), {range} (RANGE)";
            if (store == null)
                return new EnvironmentCheck(scenario, role, false, $"{name}: this backend's ledger cannot describe tables", "Connect to the endpoint or AWS that Terraform applied to.");
            try
            {
                var table = (await store.DescribeTableAsync(new DescribeTableRequest { TableName = name }, cancellationToken).ConfigureAwait(false)).Table;
                var key = string.Join(", ", table.KeySchema.OrderBy(k => k.KeyType == KeyType.HASH ? 0 : 1).Select(k => $"{k.AttributeName} ({k.KeyType})"));
                var active = table.TableStatus == null || table.TableStatus == TableStatus.ACTIVE;
                var fits = key == wanted && active;
                return new EnvironmentCheck(scenario, role, fits, $"{name}: key {key}, {table.TableStatus ?? "ACTIVE"}" + (key == wanted ? "" : $"; needs {wanted}"),
                    key == wanted ? "Wait until the table is ACTIVE (terraform apply waits for it)." : "A table's key cannot change: apply terraform/ as it is in this repository (Terraform replaces the table).");
            }
            catch (ResourceNotFoundException)
            {
                return new EnvironmentCheck(scenario, role, false, $"{name} does not exist", Apply);
            }
            catch (AmazonDynamoDBException e)
            {
                return new EnvironmentCheck(scenario, role, false, $"{name} cannot be described: {e.ErrorCode}: {e.Message}", "Check the credentials' permissions (dynamodb:DescribeTable) and the endpoint.");
            }
        }
    }
}

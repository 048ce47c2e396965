using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Terraform
{
    /// <summary>
    /// terraform/ and the module must agree, or a scenario taken to AWS finds no queue (or the wrong kind) to adopt:
    /// the scenario map (scenarios.json) names every environment the catalog's scripts create, as FIFO and with a
    /// ledger exactly where the script asks; the output carries every field Connect-DemoBackend -TerraformOutput reads;
    /// the tables are keyed as the module's DynamoDB ledger keys them; and the ECS consumer's variables are the seeds'.
    /// No provider or network is needed: scenarios.json is read as JSON, the .tf files as text.
    /// </summary>
    public sealed class TerraformConsistencyTests
    {
        private readonly IReadOnlyDictionary<string, MapEntry> _map = TerraformFiles.Map();

        [Fact]
        public void The_scenario_map_names_every_environment_the_catalog_creates_as_FIFO_and_with_a_ledger_where_its_script_asks()
        {
            var calls = ScenarioEnvironments.InCatalog();
            Assert.NotEmpty(calls);
            var problems = new List<string>();
            foreach (var call in calls)
            {
                if (call.Name == null)
                {
                    problems.Add($"{call}: the name is not known before the script runs; give it as a constant (or a variable with one constant value) so terraform/scenarios.json can be checked against it");
                    continue;
                }
                if (!_map.TryGetValue(call.Name, out var entry))
                {
                    problems.Add($"{call}: terraform/scenarios.json has no '{call.Name}'");
                    continue;
                }
                if (entry.Fifo != call.Fifo) problems.Add($"{call}: the script's queue is {(call.Fifo ? "FIFO" : "standard")}, the map's {(entry.Fifo ? "FIFO" : "standard")}");
                if (entry.ContentBasedDeduplication != call.ContentBasedDeduplication) problems.Add($"{call}: content_based_deduplication is {entry.ContentBasedDeduplication} in the map, {call.ContentBasedDeduplication} in the script");
                if (entry.Ledger != call.Ledger) problems.Add($"{call}: ledger is {entry.Ledger} in the map, {call.Ledger} in the script");
                if (call.Results && !entry.Results) problems.Add($"{call}: the script asks for a results table, the map has none");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            // Each environment once: two scripts making one name would share (and drain) each other's queues.
            var names = calls.Select(c => c.Name!).ToList();
            Assert.Equal(names.Distinct(StringComparer.Ordinal).Count(), names.Count);
        }

        [Fact]
        public void The_script_reader_resolves_names_and_numbers_from_constants_defaults_and_single_assignments_only()
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sqsdemo-reader-" + Guid.NewGuid().ToString("N") + ".ps1");
            System.IO.File.WriteAllText(path, @"
param([string] $Stage = 'orders', [int] $OrdersVisibilityTimeout = 300, [int] $MaxReceiveCount = 3)
$payments = 'order-pipeline-payments'
$orders = New-DemoEnvironment -Name ""order-pipeline-$Stage"" -Ledger -VisibilityTimeout $OrdersVisibilityTimeout -MaxReceiveCount $MaxReceiveCount
$p = New-DemoEnvironment $payments -Fifo -ContentBasedDeduplication:$true -Ledger:$false -MaxReceiveCount 4
foreach ($s in 'a', 'b') { New-DemoEnvironment -Name ""stage-$s"" -VisibilityTimeout ($OrdersVisibilityTimeout * 2) }
");
            try
            {
                var calls = ScenarioEnvironments.Read(path);
                Assert.Equal(new[] { "order-pipeline-orders", "order-pipeline-payments", null }, calls.Select(c => c.Name));
                Assert.True(calls[0].Ledger && !calls[0].Fifo);
                Assert.Equal(300, calls[0].Numbers["VisibilityTimeout"]);
                Assert.Equal(3, calls[0].Numbers["MaxReceiveCount"]);
                Assert.True(calls[1].Fifo && calls[1].ContentBasedDeduplication && !calls[1].Ledger);
                Assert.Equal(4, calls[1].Numbers["MaxReceiveCount"]);
                Assert.Empty(calls[2].Numbers); // a loop variable, an expression: not known before the run
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void The_map_gives_each_queue_the_visibility_timeout_receive_wait_and_max_receive_count_its_script_defaults_to()
        {
            var defaults = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
            {
                ["VisibilityTimeout"] = TerraformFiles.VariableDefault("visibility_timeout_seconds"),
                ["ReceiveWaitTime"] = TerraformFiles.VariableDefault("receive_wait_time_seconds"),
                ["MaxReceiveCount"] = TerraformFiles.VariableDefault("max_receive_count"),
            };
            var problems = new List<string>();
            foreach (var call in ScenarioEnvironments.InCatalog().Where(c => c.Name != null && _map.ContainsKey(c.Name)))
            {
                var entry = _map[call.Name!];
                var mapped = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
                {
                    ["VisibilityTimeout"] = entry.VisibilityTimeout ?? defaults["VisibilityTimeout"],
                    ["ReceiveWaitTime"] = entry.ReceiveWaitTime ?? defaults["ReceiveWaitTime"],
                    ["MaxReceiveCount"] = entry.MaxReceiveCount ?? defaults["MaxReceiveCount"],
                };
                // Only what the script fixes statically; a run sets the attributes anyway, the map only avoids drift.
                foreach (var (parameter, value) in call.Numbers)
                    if (mapped[parameter] != value)
                        problems.Add($"{call}: -{parameter} defaults to {value}, Terraform makes the queue with {mapped[parameter]}");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void The_map_is_well_formed_shared_dead_letter_queues_exist_and_are_of_their_sources_type()
        {
            using var json = TerraformFiles.ScenariosJson();
            var shared = json.RootElement.GetProperty("shared_dead_letter_queues").EnumerateObject()
                .ToDictionary(q => q.Name, q => q.Value.GetProperty("fifo").GetBoolean(), StringComparer.Ordinal);
            foreach (var entry in _map.Values)
            {
                Assert.Matches("^[a-z0-9][a-z0-9-]*$", entry.Name);
                Assert.False(entry.ContentBasedDeduplication && !entry.Fifo, entry.Name + ": content-based deduplication is a FIFO queue's");
                Assert.False(entry.Results && !entry.Ledger, entry.Name + ": a results table comes with the ledger");
                if (entry.DeadLetterQueue != null)
                {
                    Assert.True(shared.TryGetValue(entry.DeadLetterQueue, out var fifo), entry.Name + ": no shared DLQ " + entry.DeadLetterQueue);
                    Assert.True(fifo == entry.Fifo, entry.Name + ": SQS wants the DLQ of the queue's type");
                }
            }
            // A shared DLQ is shared: at least two sources.
            foreach (var key in shared.Keys)
                Assert.True(_map.Values.Count(e => e.DeadLetterQueue == key) >= 2, key + " is named by fewer than two environments");
            // SQS caps a redrive allow policy at 10 source queues.
            Assert.All(shared.Keys, key => Assert.InRange(_map.Values.Count(e => e.DeadLetterQueue == key), 2, 10));
        }

        [Fact]
        public void The_scenarios_output_carries_every_field_TerraformOutput_reads()
        {
            var fields = TerraformFiles.OutputFields();
            // The per-environment object in outputs.tf: `name => { ... }` inside output "scenarios".
            var output = TerraformFiles.Block("outputs.tf", "output \"scenarios\"");
            var arrow = Regex.Match(output, @"=>\s*\{");
            Assert.True(arrow.Success, "output \"scenarios\" has no `name => { ... }` object");
            var written = TerraformFiles.Keys(TerraformFiles.Braced(output, arrow.Index + arrow.Length - 1));

            Assert.Equal(fields.OrderBy(f => f, StringComparer.Ordinal), written.OrderBy(f => f, StringComparer.Ordinal));
            Assert.Equal(written.Count, written.Distinct(StringComparer.Ordinal).Count());
            foreach (var field in TerraformOutput.Fields)
                Assert.Contains(field, written);
        }

        [Fact]
        public void The_output_of_a_map_like_Terraforms_reads_back_as_the_environments_it_names()
        {
            // The JSON `terraform output -json` would print for the map (URLs made up), through the module's reader.
            var fields = TerraformFiles.OutputFields();
            var entries = _map.Values.Select(e =>
            {
                string queue = "sqsdemo-" + e.Name + (e.Fifo ? ".fifo" : "");
                string dlq = e.DeadLetterQueue != null ? "sqsdemo-" + e.DeadLetterQueue : "sqsdemo-" + e.Name + "-dlq" + (e.Fifo ? ".fifo" : "");
                var values = new Dictionary<string, object?>
                {
                    ["queue_url"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/" + queue,
                    ["queue_arn"] = "arn:aws:sqs:eu-west-1:123456789012:" + queue,
                    ["dlq_url"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/" + dlq,
                    ["dlq_arn"] = "arn:aws:sqs:eu-west-1:123456789012:" + dlq,
                    ["fifo"] = e.Fifo,
                    ["status_table"] = e.Ledger ? "sqsdemo-" + e.Name + "-status" : null,
                    ["side_effects_table"] = e.Ledger ? "sqsdemo-" + e.Name + "-side-effects" : null,
                    ["effect_log_table"] = e.Ledger ? "sqsdemo-" + e.Name + "-effect-log" : null,
                    ["entity_versions_table"] = e.Ledger ? "sqsdemo-" + e.Name + "-entity-versions" : null,
                    ["results_table"] = e.Results ? "sqsdemo-" + e.Name + "-results" : null,
                };
                Assert.Equal(fields.OrderBy(f => f), values.Keys.OrderBy(k => k));
                return (e.Name, Values: values);
            }).ToDictionary(x => x.Name, x => x.Values);
            var text = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["aws_region"] = new { sensitive = false, type = "string", value = "eu-west-1" },
                ["scenarios"] = new { sensitive = false, value = entries },
            });

            var read = TerraformOutput.Parse(text);
            Assert.Equal("eu-west-1", read.Region);
            Assert.Equal(_map.Keys.OrderBy(k => k), read.Environments.Keys.OrderBy(k => k));
            foreach (var entry in _map.Values)
            {
                var environment = read.Environments[entry.Name];
                Assert.Equal(entry.Fifo, environment.Fifo);
                Assert.Equal(entry.Ledger, environment.HasLedger);
            }
            // The order pipeline's standard queues share one DLQ.
            Assert.Equal(read.Environments["order-pipeline-orders"].DeadLetterQueueArn, read.Environments["order-pipeline-notifications"].DeadLetterQueueArn);
            Assert.NotEqual(read.Environments["order-pipeline-orders"].DeadLetterQueueArn, read.Environments["order-pipeline-payments"].DeadLetterQueueArn);
        }

        [Fact]
        public void The_tables_are_named_and_keyed_as_the_modules_DynamoDB_ledger_names_and_keys_its_own()
        {
            // dynamodb.tf's locals.tables: one line per kind of table, { environment, suffix, hash, range }.
            var text = TerraformFiles.Text("dynamodb.tf");
            var kinds = Regex.Matches(text, @"suffix = ""(?<suffix>[a-z-]+)"", hash = ""(?<hash>[a-z_]+)"", range = (?:""(?<range>[a-z_]+)""|null)")
                .ToDictionary(m => m.Groups["suffix"].Value, m => (Hash: m.Groups["hash"].Value, Range: m.Groups["range"].Success ? m.Groups["range"].Value : null));

            var tables = LedgerTables.For("x");
            Assert.Equal((DynamoDbLedger.StatusKey, (string?)null), kinds[Suffix(tables.StatusTable)]);
            Assert.Equal((DynamoDbLedger.SideEffectKey, (string?)null), kinds[Suffix(tables.SideEffectsTable)]);
            Assert.Equal((DynamoDbLedger.LogPartitionKey, (string?)DynamoDbLedger.LogSortKey), kinds[Suffix(tables.EffectLogTable!)]);
            Assert.Equal((DynamoDbLedger.EntityKey, (string?)null), kinds[Suffix(tables.VersionsTable!)]);
            // Issue 7's results table: hash key message_id, as the results branch's ledger keys it.
            Assert.Equal(("message_id", (string?)null), kinds["results"]);
            Assert.Equal(5, kinds.Count);
            // The effect log's range key is a number (its sequence); every hash key a string.
            Assert.Matches(@"dynamic ""attribute""[\s\S]*?type = ""N""", text);

            static string Suffix(string table) => table.Substring("x-".Length);
        }

        [Fact]
        public void The_ECS_consumer_takes_exactly_the_seeds_variables_and_Terraform_fills_in_the_queue_and_tables()
        {
            var seedNames = typeof(SeedEnvironment).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue()!)
                .ToList();
            var filledIn = new[] { SeedEnvironment.QueueUrl, SeedEnvironment.MessageStatusTable, SeedEnvironment.MessageSideEffectsTable };

            // variables.tf: the knobs consumer_environment accepts (its validation's list).
            var variable = TerraformFiles.Block("variables.tf", "variable \"consumer_environment\"");
            var validation = variable.Substring(variable.IndexOf("validation", StringComparison.Ordinal));
            var accepted = Regex.Matches(validation, @"""([A-Z][A-Z0-9_]+)""").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(seedNames.Except(filledIn).OrderBy(n => n, StringComparer.Ordinal), accepted.OrderBy(n => n, StringComparer.Ordinal));

            // ecs.tf: what Terraform sets from the scenario (and the region the ENTRYPOINT connects to).
            var ecs = TerraformFiles.Text("ecs.tf");
            foreach (var name in filledIn.Append("AWS_REGION"))
                Assert.Matches(@"(?m)^\s*" + name + @"\s*=", ecs);
        }
    }
}

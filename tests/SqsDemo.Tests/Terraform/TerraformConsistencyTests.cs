using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Work;
using SqsDemo.Scenarios;
using SqsDemo.Tests.Hosting;
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
            var calls = ScenarioEnvironments.InCatalog(RepoPaths.Scenarios);
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
            foreach (var call in ScenarioEnvironments.InCatalog(RepoPaths.Scenarios).Where(c => c.Name != null && _map.ContainsKey(c.Name)))
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
            // dynamodb.tf's locals.table_kinds: one line per kind of table, { suffix, hash, range, only_with_results }.
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
            // The ledger's four for every ledger scenario; the results table only where the scenario stores results.
            Assert.Matches(@"suffix = ""results"",[^}\n]*only_with_results = true", text);
            Assert.Equal(4, Regex.Matches(text, @"only_with_results = false").Count);
            // The effect log's range key is a number (its sequence); every hash key a string.
            Assert.Matches(@"dynamic ""attribute""[\s\S]*?type = ""N""", text);

            static string Suffix(string table) => table.Substring("x-".Length);
        }

        [Fact]
        public void The_ECS_consumer_takes_exactly_the_seeds_variables_and_Terraform_fills_in_the_queue_and_tables()
        {
            var seedNames = ConsumerOptionTable.Rows.Select(row => row.Variable).OfType<string>().ToList();
            // Every table Terraform makes for a ledger scenario is filled in, so the task can version entities and log effects in them.
            var filledIn = new[]
            {
                ReferenceConsumerVariables.QueueUrl, ReferenceConsumerVariables.MessageStatusTable, ReferenceConsumerVariables.MessageSideEffectsTable,
                ReferenceConsumerVariables.EffectLogTable, ReferenceConsumerVariables.EntityVersionsTable,
            };

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

        // ---- Security defaults and retention -------------------------------------------------------------------------
        // Read structurally (Hcl) from every .tf file, so that a queue, table or policy added anywhere is checked too.

        /// <summary>What the ECS consumer calls, by the IAM action that allows it: the seeds' consumer over SQS
        /// (ReceiveMessage; DeleteMessage and ChangeMessageVisibility, whose actions also allow their batch calls;
        /// GetQueueAttributes for the timeout and wait it works with) and the ledger on its status and side-effects
        /// tables (DynamoDbLedger: PutItem if absent, GetItem's consistent read after a failed condition, UpdateItem
        /// to take over and to complete).</summary>
        private static readonly string[] ConsumerActions =
        {
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
            "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem",
        };

        [Fact]
        public void The_HCL_reader_finds_blocks_and_attributes_past_strings_templates_heredocs_and_comments()
        {
            var body = Hcl.Parse(@"
# a comment with a { brace
resource ""aws_sqs_queue"" ""a"" {
  name = ""${var.p}-{not a block}-${lookup(var.m, ""k"", ""}"")}"" // and }
  tags = {
    Role = ""x"" # }
  }
  /* } */ lifecycle { ignore_changes = [tags] }
  policy = <<JSON
{ ""Statement"": [ } ]
JSON
}
data ""aws_iam_policy_document"" ""d"" {
  statement {
    actions = [""a:B"", # a comment, with a comma
      ""c:D""]
  }
  dynamic ""statement"" {
    for_each = [1]
    content {
      effect = ""Deny""
    }
  }
}
", "t.tf");
            Assert.Equal(2, body.Blocks.Count);
            var queue = body.Blocks[0];
            Assert.Equal(new[] { "aws_sqs_queue", "a" }, queue.Labels);
            Assert.Equal(new[] { "name", "tags", "policy" }, queue.Body.Attributes.Select(a => a.Name));
            // The expression as written, without the comment that follows it on its line.
            Assert.Equal("\"${var.p}-{not a block}-${lookup(var.m, \"k\", \"}\")}\"", queue.Body["name"]);
            Assert.Contains("Role", queue.Body["tags"]);
            Assert.Equal("[tags]", Assert.Single(queue.Body.All("lifecycle")).Body["ignore_changes"]);
            var statements = body.Blocks[1].Body.Nested("statement").ToList();
            Assert.Equal(2, statements.Count);
            Assert.Equal(new[] { "a:B", "c:D" }, Hcl.StringList(statements[0]["actions"]!));
            Assert.Equal("Deny", Hcl.StringLiteral(statements[1]["effect"]!));
            Assert.Null(Hcl.StringLiteral("\"${var.x}\""));
            Assert.Equal(new[] { "aws_x.y[each.key].arn", "\"a,b\"" }, Hcl.ListElements("[aws_x.y[each.key].arn, \"a,b\"]"));
        }

        [Fact]
        public void Every_queue_is_encrypted_at_rest_with_SQS_managed_keys()
        {
            var queues = TerraformFiles.Resources("aws_sqs_queue");
            Assert.NotEmpty(queues);
            foreach (var queue in queues)
                Assert.True(queue.Body["sqs_managed_sse_enabled"] == "true", $"{queue}: sqs_managed_sse_enabled = true is missing");
        }

        [Fact]
        public void Every_table_is_encrypted_at_rest()
        {
            var tables = TerraformFiles.Resources("aws_dynamodb_table");
            Assert.NotEmpty(tables);
            foreach (var table in tables)
            {
                var sse = table.Body.Nested("server_side_encryption").ToList();
                Assert.True(sse.Count == 1 && sse[0]["enabled"] == "true", $"{table}: server_side_encryption {{ enabled = true }} is missing");
            }
        }

        [Fact]
        public void Every_queue_has_a_policy_that_denies_requests_made_without_TLS()
        {
            var queues = TerraformFiles.Resources("aws_sqs_queue");
            Assert.NotEmpty(queues);
            // An inline policy would fight the aws_sqs_queue_policy over the queue's one Policy attribute.
            Assert.All(queues, q => Assert.True(q.Body["policy"] == null, $"{q}: set the queue's policy in aws_sqs_queue_policy, not inline"));

            // One queue policy resource, over local.all_queues, which must name every aws_sqs_queue resource.
            var policy = Assert.Single(TerraformFiles.Resources("aws_sqs_queue_policy"));
            Assert.Equal("local.all_queues", policy.Body["for_each"]);
            Assert.Equal("each.value.url", policy.Body["queue_url"]);
            var covered = Regex.Matches(TerraformFiles.Locals()["all_queues"], @"\baws_sqs_queue\.([A-Za-z0-9_-]+)").Select(m => m.Groups[1].Value).ToHashSet();
            foreach (var queue in queues)
                Assert.True(covered.Contains(queue.Label(1)), $"{queue}: not in local.all_queues, so no TLS-only policy covers it");

            var document = Regex.Match(policy.Body["policy"] ?? "", @"^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\[each\.key\]\.json$");
            Assert.True(document.Success, $"{policy}: policy should be a data.aws_iam_policy_document's json, per queue");
            var tls = Assert.Single(TerraformFiles.DataSources("aws_iam_policy_document"), d => d.Label(1) == document.Groups[1].Value);
            Assert.Equal("local.all_queues", tls.Body["for_each"]);
            Assert.Contains(tls.Body.Nested("statement"), s =>
                Hcl.StringLiteral(s["effect"] ?? "") == "Deny"
                && (Hcl.StringList(s["actions"] ?? "")?.Contains("sqs:*") ?? false)
                && s["resources"] == "[each.value.arn]"
                && s.Nested("principals").Any(p => Hcl.StringLiteral(p["type"] ?? "") == "*" && (Hcl.StringList(p["identifiers"] ?? "")?.SequenceEqual(new[] { "*" }) ?? false))
                && s.Nested("condition").Any(c => Hcl.StringLiteral(c["test"] ?? "") == "Bool"
                                                  && Hcl.StringLiteral(c["variable"] ?? "") == "aws:SecureTransport"
                                                  && (Hcl.StringList(c["values"] ?? "")?.SequenceEqual(new[] { "false" }) ?? false)));
        }

        [Fact]
        public void Every_access_policy_is_a_policy_document_and_none_allows_a_wildcard_principal()
        {
            // Policies are written as aws_iam_policy_document (which this test reads), never as jsonencode'd JSON.
            var policyAttributes = new[] { "policy", "assume_role_policy" };
            foreach (var resource in TerraformFiles.Configuration().Where(b => b.Type == "resource" && b.Label(0) != "aws_ecr_lifecycle_policy"))
            {
                foreach (var attribute in resource.Body.Attributes.Where(a => policyAttributes.Contains(a.Name)))
                    Assert.True(Regex.IsMatch(attribute.Expression, @"^data\.aws_iam_policy_document\.[A-Za-z0-9_-]+(\[[^\]]+\])?\.json$"),
                        $"{resource}: {attribute.Name} = {attribute.Expression}: write it as a data.aws_iam_policy_document so that it is checked");
                Assert.True(!resource.Body.All("inline_policy").Any(), $"{resource}: an inline_policy block; attach a policy document instead");
            }
            foreach (var file in System.IO.Directory.GetFiles(TerraformFiles.Folder, "*.tf"))
                Assert.DoesNotMatch(@"\bStatement\b|""Principal""|\bPrincipal\s*=", System.IO.File.ReadAllText(file));

            var documents = TerraformFiles.DataSources("aws_iam_policy_document");
            Assert.NotEmpty(documents);
            foreach (var document in documents)
            {
                Assert.True(document.Body["source_policy_documents"] == null && document.Body["override_policy_documents"] == null,
                    $"{document}: statements merged in from elsewhere are not checked here");
                foreach (var statement in document.Body.Nested("statement"))
                {
                    var effect = Hcl.StringLiteral(statement["effect"] ?? "\"Allow\"");
                    Assert.True(effect is "Allow" or "Deny", $"{document}: effect {statement["effect"]} is not a literal Allow or Deny");
                    var principals = statement.Nested("principals").ToList();
                    if (effect == "Allow")
                    {
                        Assert.True(!statement.Nested("not_principals").Any(), $"{document}: an Allow with not_principals allows everyone else");
                        foreach (var principal in principals)
                        {
                            Assert.True(Hcl.StringLiteral(principal["type"] ?? "") is string type && type != "*", $"{document}: an Allow to principal type {principal["type"]}");
                            Assert.True(!(principal["identifiers"] ?? "").Contains('*'), $"{document}: an Allow to principals {principal["identifiers"]}");
                        }
                    }
                    else if (principals.Any(p => (p["identifiers"] ?? "").Contains('*')))
                    {
                        // A Deny to everyone is the TLS guard's, and must be conditional, or it locks everyone out.
                        Assert.True(statement.Nested("condition").Any(), $"{document}: a Deny to every principal without a condition");
                    }
                }
            }
        }

        [Fact]
        public void Allow_statements_name_no_wildcard_action_and_no_wildcard_resource_but_ECRs_login_token()
        {
            foreach (var document in TerraformFiles.DataSources("aws_iam_policy_document"))
            {
                foreach (var statement in document.Body.Nested("statement").Where(s => Hcl.StringLiteral(s["effect"] ?? "\"Allow\"") == "Allow"))
                {
                    var actions = Hcl.StringList(statement["actions"] ?? "");
                    Assert.True(actions != null && actions.Count > 0, $"{document}: an Allow's actions must be a list of literal actions, are {statement["actions"]}");
                    Assert.True(statement["not_actions"] == null && statement["not_resources"] == null, $"{document}: an Allow with not_actions or not_resources allows everything else");
                    Assert.All(actions!, a => Assert.True(!a.Contains('*'), $"{document}: Allow {a}: name the actions"));

                    var resources = Hcl.ListElements(statement["resources"] ?? "");
                    if (statement.Nested("principals").Any() && statement["resources"] == null) continue; // a trust policy names no resources
                    Assert.True(resources != null && resources.Count > 0, $"{document}: an Allow's resources must be a list, are {statement["resources"]}");
                    if (resources!.Any(r => Hcl.StringLiteral(r) == "*"))
                        // GetAuthorizationToken is account-wide: IAM takes only "*" for it.
                        Assert.True(actions!.SequenceEqual(new[] { "ecr:GetAuthorizationToken" }), $"{document}: {string.Join(", ", actions!)} on \"*\"");
                }
            }
        }

        [Fact]
        public void The_ECS_task_role_allows_only_the_consumers_calls_and_only_on_the_scenarios_queue_and_tables()
        {
            var role = Assert.Single(TerraformFiles.Resources("aws_iam_role"), r => r.Label(1) == "task");
            Assert.Null(role.Body["managed_policy_arns"]);
            Assert.Empty(role.Body.All("inline_policy"));
            Assert.Empty(TerraformFiles.Resources("aws_iam_role_policy_attachment"));
            Assert.Empty(TerraformFiles.Resources("aws_iam_policy_attachment"));
            Assert.Empty(TerraformFiles.Resources("aws_iam_role_policy_attachments_exclusive"));
            var attached = TerraformFiles.Resources("aws_iam_role_policy").Where(p => (p.Body["role"] ?? "").StartsWith("aws_iam_role.task", StringComparison.Ordinal)).ToList();
            var policy = Assert.Single(attached);
            var name = Regex.Match(policy.Body["policy"] ?? "", @"^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\[0\]\.json$").Groups[1].Value;
            var document = Assert.Single(TerraformFiles.DataSources("aws_iam_policy_document"), d => d.Label(1) == name);

            var statements = document.Body.Nested("statement").ToList();
            Assert.NotEmpty(statements);
            var granted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in statements)
            {
                Assert.Equal("Allow", Hcl.StringLiteral(statement["effect"] ?? "\"Allow\""));
                Assert.Empty(statement.Nested("principals"));
                Assert.Empty(statement.Nested("condition")); // nothing to widen or narrow: the ARNs say it all
                var actions = Hcl.StringList(statement["actions"] ?? "");
                Assert.True(actions != null, $"{document}: actions must be literal, are {statement["actions"]}");
                granted.UnionWith(actions!);
                var services = actions!.Select(a => a.Split(':')[0]).Distinct().ToList();
                Assert.True(services.Count == 1, $"{document}: one service per statement, so that its resources are that service's: {string.Join(", ", actions!)}");

                var resources = Hcl.ListElements(statement["resources"] ?? "");
                Assert.True(resources != null && resources.Count > 0, $"{document}: resources must be a list, are {statement["resources"]}");
                foreach (var resource in resources!)
                {
                    Assert.True(!resource.Contains('*'), $"{document}: {resource}: the task role names its resources");
                    // The scenario's queue (or, when ecs_scenario names none, an ARN of no queue), or its two ledger tables.
                    string pattern = services[0] switch
                    {
                        "sqs" => @"^(aws_sqs_queue\.main\[var\.ecs_scenario\]\.arn|try\(aws_sqs_queue\.main\[var\.ecs_scenario\]\.arn, ""arn:[^""*]*:none""\))$",
                        "dynamodb" => @"^aws_dynamodb_table\.ledger\[""\$\{var\.ecs_scenario\}/(status|side-effects)""\]\.arn$",
                        _ => "(?!)",
                    };
                    Assert.True(Regex.IsMatch(resource, pattern), $"{document}: {services[0]} on {resource}: only the scenario's queue and its status and side-effects tables");
                }
            }
            Assert.Equal(ConsumerActions.OrderBy(a => a, StringComparer.Ordinal), granted.OrderBy(a => a, StringComparer.Ordinal));
        }

        [Fact]
        public void Dead_letter_queues_keep_messages_14_days_and_longer_than_their_sources()
        {
            // A message moved to a standard DLQ keeps its original enqueue time: under the DLQ's default 4 days it could
            // expire soon after it arrives. SQS's maximum is 14 days.
            const long fourteenDays = 1_209_600;
            var queues = TerraformFiles.Resources("aws_sqs_queue");
            var dlqs = queues.Where(q => Regex.IsMatch(q.Body["tags"] ?? "", @"\bRole\s*=\s*""dead-letter""")).ToList();
            var sources = queues.Where(q => Regex.IsMatch(q.Body["tags"] ?? "", @"\bRole\s*=\s*""source""")).ToList();
            Assert.NotEmpty(dlqs);
            Assert.NotEmpty(sources);
            Assert.True(queues.Count == dlqs.Count + sources.Count, "every aws_sqs_queue is tagged Role = \"dead-letter\" or \"source\"");
            foreach (var dlq in dlqs)
                Assert.True(TerraformFiles.WholeNumber(dlq.Body["message_retention_seconds"] ?? "") == fourteenDays, $"{dlq}: message_retention_seconds should be {fourteenDays}");
            foreach (var source in sources)
            {
                var retention = TerraformFiles.WholeNumber(source.Body["message_retention_seconds"] ?? "");
                Assert.True(retention is >= 60 and < fourteenDays, $"{source}: message_retention_seconds should be set, below the DLQs' ({retention})");
            }
            // The variable's own validation keeps whatever is given below the DLQs'.
            Assert.Contains("< 1209600", TerraformFiles.Block("variables.tf", "variable \"message_retention_seconds\""), StringComparison.Ordinal);
        }
    }
}

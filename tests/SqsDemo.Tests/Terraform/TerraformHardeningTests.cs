using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SqsDemo.Engine.Ledger;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Terraform
{
    /// <summary>
    /// terraform/ as a reviewer reads it (issue 20): the ECS consumer runs in private subnets behind VPC endpoints unless
    /// public ones are chosen, its egress goes only where it must, the image it runs is never expired, a bad deployment
    /// rolls back, its root filesystem is read-only, the tables' TTL is on the attribute the ledger writes, deletion
    /// protection and flow logs are choices, and the task role trusts only this account's ECS in this region. Read
    /// structurally (Hcl) from every .tf file; each choice is a documented variable.
    /// </summary>
    public sealed class TerraformHardeningTests
    {
        private static HclBlock Resource(string type, string name) =>
            Assert.Single(TerraformFiles.Resources(type), r => r.Label(1) == name);

        private static HclBlock Variable(string name) =>
            Assert.Single(TerraformFiles.Configuration(), b => b.Type == "variable" && b.Label(0) == name);

        private static string Local(string name) =>
            TerraformFiles.Locals().TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException("no local." + name);

        /// <summary>The <c>dynamic "type"</c> blocks of a body: each one's for_each and the body it makes.</summary>
        private static IReadOnlyList<(string ForEach, HclBody Content)> Dynamic(HclBody body, string type) =>
            body.All("dynamic").Where(d => d.Label(0) == type)
                .Select(d => (d.Body["for_each"] ?? "", Assert.Single(d.Body.All("content")).Body)).ToList();

        /// <summary>The attributes of the one object in an expression such as <c>jsonencode([{ ... }])</c> or <c>{ ... }</c>.</summary>
        private static HclBody ObjectOf(string expression)
        {
            var braced = TerraformFiles.Braced(expression, expression.IndexOf('{'));
            return Hcl.Parse(braced.Substring(1, braced.Length - 2).Replace(",\n", "\n"));
        }

        // ---- Network ---------------------------------------------------------------------------------------------

        [Fact]
        public void The_consumer_runs_in_private_subnets_by_default_and_in_public_ones_with_a_public_IP_only_by_choice()
        {
            var choice = Variable("ecs_network");
            Assert.Equal("private", Hcl.StringLiteral(choice.Body["default"] ?? ""));
            Assert.Contains("contains([\"private\", \"public\"], var.ecs_network)", Assert.Single(choice.Body.All("validation")).Body["condition"]);
            Assert.Equal("local.ecs_enabled && var.ecs_network == \"private\"", Local("ecs_private"));
            Assert.Equal("local.ecs_enabled && var.ecs_network == \"public\"", Local("ecs_public"));

            var network = Assert.Single(Resource("aws_ecs_service", "consumer").Body.All("network_configuration")).Body;
            Assert.Equal("local.ecs_public", network["assign_public_ip"]);
            Assert.Equal("local.consumer_subnet_ids", network["subnets"]);
            Assert.Equal("local.ecs_private ? aws_subnet.private[*].id : aws_subnet.public[*].id", Local("consumer_subnet_ids"));

            // The private subnets give no public address and their route table has no route out of the VPC.
            Assert.Equal("local.ecs_private ? 2 : 0", Resource("aws_subnet", "private").Body["count"]);
            Assert.Equal("false", Resource("aws_subnet", "private").Body["map_public_ip_on_launch"]);
            Assert.Empty(Resource("aws_route_table", "private").Body.All("route"));
            Assert.Empty(TerraformFiles.Resources("aws_route").Concat(TerraformFiles.Resources("aws_nat_gateway")));
            Assert.Equal("aws_route_table.private[0].id", Resource("aws_route_table_association", "private").Body["route_table_id"]);
            // The internet gateway and the public subnets exist only when chosen.
            Assert.Equal("local.ecs_public ? 1 : 0", Resource("aws_internet_gateway", "consumer").Body["count"]);
            Assert.Equal("local.ecs_public ? 2 : 0", Resource("aws_subnet", "public").Body["count"]);
            Assert.Equal("local.ecs_public ? 1 : 0", Resource("aws_route_table", "public").Body["count"]);
        }

        [Fact]
        public void Private_subnets_reach_SQS_ECR_and_logs_through_interface_endpoints_and_DynamoDB_and_S3_through_gateways()
        {
            static IReadOnlyDictionary<string, string> Services(string local)
            {
                var expression = Local(local);
                Assert.StartsWith("local.ecs_private ? {", expression);
                Assert.EndsWith("} : {}", expression);
                var body = ObjectOf(expression);
                return body.Attributes.ToDictionary(a => a.Name, a => a.Expression);
            }

            var interfaces = Services("interface_endpoints");
            Assert.Equal(new[] { "ecr-api", "ecr-dkr", "logs", "sqs" }, interfaces.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("\"com.amazonaws.${var.aws_region}.sqs\"", interfaces["sqs"]);
            Assert.Equal("\"com.amazonaws.${var.aws_region}.ecr.api\"", interfaces["ecr-api"]);
            Assert.Equal("\"com.amazonaws.${var.aws_region}.ecr.dkr\"", interfaces["ecr-dkr"]);
            Assert.Equal("\"com.amazonaws.${var.aws_region}.logs\"", interfaces["logs"]);
            var gateways = Services("gateway_endpoints");
            Assert.Equal(new[] { "dynamodb", "s3" }, gateways.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("\"com.amazonaws.${var.aws_region}.dynamodb\"", gateways["dynamodb"]);
            Assert.Equal("\"com.amazonaws.${var.aws_region}.s3\"", gateways["s3"]);

            var endpoint = Resource("aws_vpc_endpoint", "interface").Body;
            Assert.Equal("local.interface_endpoints", endpoint["for_each"]);
            Assert.Equal("\"Interface\"", endpoint["vpc_endpoint_type"]);
            Assert.Equal("true", endpoint["private_dns_enabled"]); // the SDKs' usual host names must resolve to it
            Assert.Equal("aws_subnet.private[*].id", endpoint["subnet_ids"]);
            Assert.Equal("[aws_security_group.endpoints[0].id]", endpoint["security_group_ids"]);
            var gateway = Resource("aws_vpc_endpoint", "gateway").Body;
            Assert.Equal("local.gateway_endpoints", gateway["for_each"]);
            Assert.Equal("\"Gateway\"", gateway["vpc_endpoint_type"]);
            Assert.Equal("[aws_route_table.private[0].id]", gateway["route_table_ids"]);
            Assert.Equal("true", Resource("aws_vpc", "consumer").Body["enable_dns_support"]);
            Assert.Equal("true", Resource("aws_vpc", "consumer").Body["enable_dns_hostnames"]);
            // A task must not start before the endpoints it pulls and logs through.
            Assert.Contains("aws_vpc_endpoint.interface", Resource("aws_ecs_service", "consumer").Body["depends_on"]);
            Assert.Contains("aws_vpc_endpoint.gateway", Resource("aws_ecs_service", "consumer").Body["depends_on"]);
        }

        [Fact]
        public void The_tasks_send_HTTPS_only_to_the_endpoints_when_private_and_to_anywhere_only_when_public()
        {
            var group = Resource("aws_security_group", "consumer").Body;
            Assert.Empty(group.All("ingress"));
            Assert.Empty(Dynamic(group, "ingress"));
            Assert.Empty(group.All("egress")); // every rule is one of the choices below
            Assert.Empty(TerraformFiles.Resources("aws_security_group_rule").Concat(TerraformFiles.Resources("aws_vpc_security_group_egress_rule")));

            var rules = Dynamic(group, "egress");
            Assert.NotEmpty(rules);
            foreach (var (forEach, rule) in rules)
            {
                Assert.Equal(("443", "443", "\"tcp\""), (rule["from_port"], rule["to_port"], rule["protocol"]));
                if (rule["cidr_blocks"] != null)
                {
                    // Anywhere: the public choice only.
                    Assert.Equal("[\"0.0.0.0/0\"]", rule["cidr_blocks"]);
                    Assert.Equal("local.ecs_public ? [1] : []", forEach);
                }
                else
                {
                    Assert.Equal("local.ecs_private ? [1] : []", forEach);
                    Assert.True(rule["security_groups"] == "[aws_security_group.endpoints[0].id]"
                                || rule["prefix_list_ids"] == "[for key in sort(keys(local.gateway_endpoints)) : aws_vpc_endpoint.gateway[key].prefix_list_id]",
                        $"a private egress rule goes to the interface endpoints' group or the gateway endpoints' prefix lists, not {rule["security_groups"] ?? rule["prefix_list_ids"]}");
                }
            }
            Assert.Equal(3, rules.Count);
            Assert.Single(rules, r => r.Content["security_groups"] != null);
            Assert.Single(rules, r => r.Content["prefix_list_ids"] != null);

            // The endpoints take HTTPS from the consumer's private subnets, and send nothing.
            var endpoints = Resource("aws_security_group", "endpoints").Body;
            var ingress = Assert.Single(endpoints.All("ingress")).Body;
            Assert.Equal(("443", "443", "\"tcp\"", "aws_subnet.private[*].cidr_block"), (ingress["from_port"], ingress["to_port"], ingress["protocol"], ingress["cidr_blocks"]));
            Assert.Empty(endpoints.All("egress"));
        }

        [Fact]
        public void Flow_logs_are_off_by_default_and_when_on_go_to_CloudWatch_Logs_through_a_role_only_flow_logs_may_assume()
        {
            Assert.Equal("false", Variable("enable_flow_logs").Body["default"]);
            Assert.Equal("local.ecs_enabled && var.enable_flow_logs ? 1 : 0", Local("flow_log_count"));
            var log = Resource("aws_flow_log", "consumer").Body;
            Assert.Equal("local.flow_log_count", log["count"]);
            Assert.Equal("aws_vpc.consumer[0].id", log["vpc_id"]);
            Assert.Equal("\"cloud-watch-logs\"", log["log_destination_type"]);
            Assert.Equal("aws_cloudwatch_log_group.flow_logs[0].arn", log["log_destination"]);
            Assert.Equal("aws_iam_role.flow_logs[0].arn", log["iam_role_arn"]);
            Assert.Equal("var.flow_log_traffic_type", log["traffic_type"]);
            Assert.Equal("var.log_retention_days", Resource("aws_cloudwatch_log_group", "flow_logs").Body["retention_in_days"]);

            var trust = TrustOf(Resource("aws_iam_role", "flow_logs"));
            Assert.Equal(new[] { "vpc-flow-logs.amazonaws.com" }, Hcl.StringList(Assert.Single(trust.Nested("principals"))["identifiers"] ?? ""));
            AssertConfusedDeputyGuard(trust, "ec2", "vpc-flow-log/*");
        }

        // ---- Image, deployment, container ------------------------------------------------------------------------

        [Fact]
        public void The_ECR_lifecycle_policy_expires_only_untagged_images_so_the_image_a_task_runs_is_never_expired()
        {
            var policy = Resource("aws_ecr_lifecycle_policy", "consumer").Body["policy"] ?? "";
            Assert.StartsWith("jsonencode(", policy);
            var statuses = Regex.Matches(policy, @"\btagStatus\s*=\s*""([^""]*)""").Select(m => m.Groups[1].Value).ToList();
            var rules = Regex.Matches(policy, @"\brulePriority\s*=").Count;
            Assert.True(rules > 0 && statuses.Count == rules, "every rule names its tagStatus");
            // "any" or "tagged" would count the running image among those to expire.
            Assert.All(statuses, s => Assert.Equal("untagged", s));
            Assert.DoesNotMatch(@"\btag(Prefix|Pattern)List\b", policy);
            Assert.Matches(@"countType\s*=\s*""sinceImagePushed""", policy);
            Assert.Matches(@"countNumber\s*=\s*var\.ecr_untagged_image_days", policy);
            Assert.Equal(7, TerraformFiles.VariableDefault("ecr_untagged_image_days"));
            // Tags are immutable: a tag names one image for good, so a task definition's image cannot change under it.
            Assert.Equal("\"IMMUTABLE\"", Resource("aws_ecr_repository", "consumer").Body["image_tag_mutability"]);
        }

        [Fact]
        public void A_deployment_that_cannot_start_its_tasks_stops_and_rolls_back()
        {
            var breaker = Assert.Single(Resource("aws_ecs_service", "consumer").Body.All("deployment_circuit_breaker")).Body;
            Assert.Equal(("true", "true"), (breaker["enable"], breaker["rollback"]));
        }

        [Fact]
        public void The_container_root_filesystem_is_read_only_with_one_writable_tmp_volume_the_runtime_and_shell_write_to()
        {
            var task = Resource("aws_ecs_task_definition", "consumer").Body;
            var volume = Assert.Single(task.All("volume")).Body;
            Assert.Equal("\"tmp\"", volume["name"]);
            Assert.Null(volume["host_path"]); // a task volume on Fargate's ephemeral storage, gone with the task

            var container = ObjectOf(task["container_definitions"] ?? "");
            Assert.Equal("true", container["readonlyRootFilesystem"]);
            var mount = ObjectOf(container["mountPoints"] ?? "");
            Assert.Equal(("\"tmp\"", "local.writable_folder", "false"), (mount["sourceVolume"], mount["containerPath"], mount["readOnly"]));
            Assert.Equal("\"/tmp\"", Local("writable_folder"));

            // The .NET runtime's temporary files (TMPDIR) and PowerShell's caches (XDG_*) go there.
            var environment = Local("consumer_environment");
            Assert.Matches(@"(?m)^\s*TMPDIR\s*=\s*local\.writable_folder\s*$", environment);
            foreach (var xdg in new[] { "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME" })
                Assert.Matches(@"(?m)^\s*" + xdg + @"\s*=\s*""\$\{local\.writable_folder\}/[^""]+""\s*$", environment);

            // A knob naming a file the consumer writes must name one in that folder: the plan stops otherwise.
            Assert.Equal(new[] { "SIDE_EFFECT_LOG_PATH", "VERSION_LOG_PATH", "VERSION_SEEN_LOG_PATH", "VERSION_STATE_PATH" },
                Hcl.StringList(Local("consumer_file_knobs"))!.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Contains(Assert.Single(task.All("lifecycle")).Body.Nested("precondition"), p => p["condition"] == "length(local.misplaced_files) == 0");

            // The image runs as a non-root user, which is what makes a writable root filesystem worth closing.
            var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));
            Assert.Matches(@"(?m)^USER \$APP_UID\s*$", dockerfile);
            // Fargate makes a bind mount root's, mode 0755, unless the image declares the path a VOLUME (then it copies
            // the image's folder, mode 1777): without the declaration that user could not write to /tmp.
            Assert.Matches(@"(?m)^VOLUME \[""/tmp""\]\s*$", dockerfile);
        }

        // ---- Tables ----------------------------------------------------------------------------------------------

        [Fact]
        public void TTL_is_on_the_attribute_the_ledger_writes_and_only_on_the_tables_whose_rows_it_writes_it_on()
        {
            var ttl = Assert.Single(Resource("aws_dynamodb_table", "ledger").Body.All("ttl")).Body;
            var expires = "each.value.expires && var.ledger_retention_days > 0";
            Assert.Equal(expires, ttl["enabled"]);
            Assert.Equal($"{expires} ? \"{LedgerRetention.Attribute}\" : \"\"", ttl["attribute_name"]);

            // The ledger writes expires_at on status and result rows only (LedgerRetentionTests): those tables expire.
            var kinds = Regex.Matches(TerraformFiles.Text("dynamodb.tf"), @"suffix = ""(?<suffix>[a-z-]+)""[^}\n]*expires = (?<expires>true|false)")
                .ToDictionary(m => m.Groups["suffix"].Value, m => m.Groups["expires"].Value == "true");
            Assert.Equal(5, kinds.Count);
            Assert.Equal(new[] { "results", "status" }, kinds.Where(k => k.Value).Select(k => k.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Contains("expires = kind.expires", Local("tables"));

            // The retention: the engine's default, handed to the container by the engine's variable name, and never
            // shorter than a message can live in SQS (under 14 days in its queue, 14 more in a FIFO DLQ).
            var retention = Variable("ledger_retention_days");
            Assert.Equal(LedgerRetention.DefaultDays, TerraformFiles.VariableDefault("ledger_retention_days"));
            var condition = Assert.Single(retention.Body.All("validation")).Body["condition"] ?? "";
            Assert.Contains("var.ledger_retention_days == 0", condition);
            Assert.Contains("var.ledger_retention_days >= 28", condition);
            Assert.Contains($"var.ledger_retention_days <= {LedgerRetention.MaxDays}", condition);
            Assert.Matches(@"(?m)^\s*" + LedgerRetention.Variable + @"\s*=\s*tostring\(var\.ledger_retention_days\)\s*$", Local("consumer_environment"));
        }

        [Fact]
        public void Deletion_protection_is_a_variable_off_by_default_that_the_tables_and_the_image_repository_follow()
        {
            Assert.Equal("false", Variable("deletion_protection").Body["default"]);
            foreach (var table in TerraformFiles.Resources("aws_dynamodb_table"))
                Assert.Equal("var.deletion_protection", table.Body["deletion_protection_enabled"]);
            Assert.Equal("!var.deletion_protection", Resource("aws_ecr_repository", "consumer").Body["force_delete"]);
        }

        // ---- Trust -----------------------------------------------------------------------------------------------

        [Fact]
        public void The_task_roles_trust_names_this_accounts_ECS_in_this_region_by_SourceArn_and_SourceAccount()
        {
            var trust = TrustOf(Resource("aws_iam_role", "task"));
            var principal = Assert.Single(trust.Nested("principals"));
            Assert.Equal("Service", Hcl.StringLiteral(principal["type"] ?? ""));
            Assert.Equal(new[] { "ecs-tasks.amazonaws.com" }, Hcl.StringList(principal["identifiers"] ?? ""));
            Assert.Equal(new[] { "sts:AssumeRole" }, Hcl.StringList(trust["actions"] ?? ""));
            AssertConfusedDeputyGuard(trust, "ecs", "*");
        }

        /// <summary>The one statement of the trust policy document a role's assume_role_policy names.</summary>
        private static HclBody TrustOf(HclBlock role)
        {
            var name = Regex.Match(role.Body["assume_role_policy"] ?? "", @"^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json$");
            Assert.True(name.Success, $"{role}: assume_role_policy should be a data.aws_iam_policy_document's json");
            var document = Assert.Single(TerraformFiles.DataSources("aws_iam_policy_document"), d => d.Label(1) == name.Groups[1].Value);
            return Assert.Single(document.Body.Nested("statement"));
        }

        /// <summary>StringEquals aws:SourceAccount = this account, and ArnLike aws:SourceArn = this account's <paramref name="service"/> resources here.</summary>
        private static void AssertConfusedDeputyGuard(HclBody statement, string service, string resource)
        {
            var conditions = statement.Nested("condition").ToList();
            var account = Assert.Single(conditions, c => Hcl.StringLiteral(c["variable"] ?? "") == "aws:SourceAccount");
            Assert.Equal("StringEquals", Hcl.StringLiteral(account["test"] ?? ""));
            Assert.Equal("[data.aws_caller_identity.current.account_id]", account["values"]);
            var source = Assert.Single(conditions, c => Hcl.StringLiteral(c["variable"] ?? "") == "aws:SourceArn");
            Assert.Equal("ArnLike", Hcl.StringLiteral(source["test"] ?? ""));
            Assert.Equal($"[\"arn:${{data.aws_partition.current.partition}}:{service}:${{var.aws_region}}:${{data.aws_caller_identity.current.account_id}}:{resource}\"]", source["values"]);
        }

        // ---- Documentation ---------------------------------------------------------------------------------------

        [Fact]
        public void Every_variable_is_described_validated_where_it_takes_a_range_and_named_in_the_READMEs_Terraform_section()
        {
            var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
            var start = readme.IndexOf("## Taking a scenario to AWS", StringComparison.Ordinal);
            Assert.True(start >= 0, "README has no section 'Taking a scenario to AWS'");
            var next = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var section = next < 0 ? readme.Substring(start) : readme.Substring(start, next - start);

            var variables = TerraformFiles.Configuration().Where(b => b.Type == "variable").ToList();
            Assert.NotEmpty(variables);
            foreach (var variable in variables)
            {
                var name = variable.Label(0);
                Assert.True((Hcl.StringLiteral(variable.Body["description"] ?? "") ?? variable.Body["description"] ?? "").Length >= 20, $"{variable}: describe it");
                Assert.True(variable.Body["type"] != null, $"{variable}: give its type");
                Assert.True(Regex.IsMatch(section, "`" + name + @"\b"), $"README's Terraform section does not name `{name}`");
                if (variable.Body["type"] is "number" or "string")
                    Assert.True(variable.Body.All("validation").Any(), $"{variable}: validate it, so a bad value stops the plan with a clear message");
            }
        }
    }
}

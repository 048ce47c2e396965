using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime.CredentialManagement;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Environments.Preflight;
using SqsDemo.Engine.Ledger;
using Xunit;

namespace SqsDemo.Tests.Environments
{
    /// <summary>
    /// Test-DemoEnvironment's checks of one pre-provisioned environment, asked of a real broker and table store (the
    /// embedded ones, which answer as SQS and DynamoDB do): each passes when the queue, DLQ, policy and tables are as the
    /// scenario needs, and fails, with what to do, when one is missing or different.
    /// </summary>
    public sealed class EnvironmentInspectionTests
    {
        private readonly DemoRun _backend = DemoRun.CreateEmbedded(seed: 1);
        private readonly EnvironmentNeed _need = new EnvironmentNeed { Scenario = "dup", Name = "dup", Ledger = true, Results = true };

        /// <summary>Queues and tables as terraform/ makes them for <see cref="_need"/>; <paramref name="maxReceiveCount"/> and <paramref name="fifo"/> to get them wrong.</summary>
        private ProvisionedEnvironment Provision(string name, long maxReceiveCount = 2, bool fifo = false, bool tables = true)
        {
            var suffix = fifo ? ".fifo" : "";
            var fifoAttributes = fifo ? new Dictionary<string, string> { [QueueAttributeName.FifoQueue] = "true" } : null;
            var dlqUrl = _backend.Broker.CreateQueueAsync(name + "-dlq" + suffix, fifoAttributes).GetAwaiter().GetResult();
            var dlqArn = Arn(dlqUrl);
            var attributes = new Dictionary<string, string>(fifoAttributes ?? new Dictionary<string, string>())
            {
                [QueueAttributeName.VisibilityTimeout] = "10",
                [QueueAttributeName.ReceiveMessageWaitTimeSeconds] = "10",
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}",
            };
            var url = _backend.Broker.CreateQueueAsync(name + suffix, attributes).GetAwaiter().GetResult();
            var ledgerTables = LedgerTables.For(name);
            if (tables) _backend.Ledger.CreateTablesAsync(ledgerTables).GetAwaiter().GetResult();
            return new ProvisionedEnvironment
            {
                Name = "dup", QueueUrl = url, QueueArn = Arn(url), DeadLetterQueueUrl = dlqUrl, DeadLetterQueueArn = dlqArn, Fifo = fifo,
                StatusTable = ledgerTables.StatusTable, SideEffectsTable = ledgerTables.SideEffectsTable, EffectLogTable = ledgerTables.EffectLogTable,
                VersionsTable = ledgerTables.VersionsTable, ResultsTable = ledgerTables.ResultsTable,
            };
        }

        private string Arn(string url) => _backend.Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.QueueArn }).GetAwaiter().GetResult()[QueueAttributeName.QueueArn];

        private IReadOnlyList<EnvironmentCheck> Check(ProvisionedEnvironment? provisioned) =>
            EnvironmentInspection.CheckAsync(_backend.Broker, _backend.Tables, _need, provisioned).GetAwaiter().GetResult();

        private static string Show(IEnumerable<EnvironmentCheck> rows) => string.Join("\n", rows);

        [Fact]
        public void An_environment_as_terraform_makes_it_passes_every_check_queue_DLQ_type_redrive_attributes_and_each_table()
        {
            var rows = Check(Provision("tf1-dup"));
            Assert.True(rows.All(r => r.Passed), Show(rows));
            Assert.Equal(new[] { "Queue", "DeadLetterQueue", "QueueType", "RedrivePolicy", "VisibilityTimeout", "ReceiveWaitTime",
                "StatusTable", "SideEffectsTable", "EffectLogTable", "EntityVersionsTable", "ResultsTable" }, rows.Select(r => r.Check));
            Assert.All(rows, r => Assert.Equal("dup", r.Scenario));
            Assert.All(rows, r => Assert.Equal("", r.WhatToDo));
        }

        [Fact]
        public void A_missing_queue_fails_Queue_stops_a_run_and_says_to_apply_terraform()
        {
            var provisioned = Provision("tf2-dup");
            _backend.Broker.DeleteQueueAsync(provisioned.QueueUrl).GetAwaiter().GetResult();
            var rows = Check(provisioned);
            var queue = rows.Single(r => r.Check == "Queue");
            Assert.False(queue.Passed);
            Assert.True(queue.StopsRun);
            Assert.Contains("does not exist", queue.Detail);
            Assert.Contains("terraform", queue.WhatToDo);
            Assert.DoesNotContain(rows, r => r.Check == "RedrivePolicy"); // nothing to read the policy of
            Assert.True(rows.Single(r => r.Check == "DeadLetterQueue").Passed, Show(rows));
        }

        [Fact]
        public void A_redrive_policy_with_another_maxReceiveCount_fails_RedrivePolicy_naming_both_but_does_not_stop_a_run_which_sets_it()
        {
            var rows = Check(Provision("tf3-dup", maxReceiveCount: 5));
            var redrive = rows.Single(r => !r.Passed);
            Assert.Equal("RedrivePolicy", redrive.Check);
            Assert.Contains("needs maxReceiveCount 2", redrive.Detail);
            Assert.Contains("is 5", redrive.Detail);
            Assert.False(redrive.StopsRun);
            Assert.NotEqual("", redrive.WhatToDo);
        }

        [Fact]
        public void A_redrive_policy_to_another_queue_fails_RedrivePolicy()
        {
            var provisioned = Provision("tf4-dup");
            var other = _backend.Broker.CreateQueueAsync("tf4-elsewhere", null).GetAwaiter().GetResult();
            _backend.Broker.SetQueueAttributesAsync(provisioned.QueueUrl, new Dictionary<string, string>
            {
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + Arn(other) + "\",\"maxReceiveCount\":2}",
            }).GetAwaiter().GetResult();
            var redrive = Check(provisioned).Single(r => r.Check == "RedrivePolicy");
            Assert.False(redrive.Passed);
            Assert.Contains(Arn(other), redrive.Detail);
        }

        [Fact]
        public void A_missing_table_fails_its_row_and_stops_a_run()
        {
            var rows = Check(Provision("tf5-dup", tables: false));
            var tables = rows.Where(r => r.Check.EndsWith("Table", StringComparison.Ordinal)).ToArray();
            Assert.Equal(5, tables.Length);
            Assert.All(tables, t => Assert.False(t.Passed));
            Assert.All(tables, t => Assert.True(t.StopsRun));
            Assert.Contains("tf5-dup-status does not exist", tables[0].Detail);
            Assert.True(rows.Where(r => !r.Check.EndsWith("Table", StringComparison.Ordinal)).All(r => r.Passed), Show(rows));
        }

        [Fact]
        public void A_table_keyed_otherwise_than_the_ledger_reads_it_fails_with_both_keys()
        {
            var provisioned = Provision("tf6-dup", tables: false);
            _backend.Tables!.CreateTableAsync(new CreateTableRequest
            {
                TableName = provisioned.StatusTable, BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = new List<AttributeDefinition> { new AttributeDefinition("id", ScalarAttributeType.S) },
                KeySchema = new List<KeySchemaElement> { new KeySchemaElement("id", KeyType.HASH) },
            }).GetAwaiter().GetResult();
            var status = Check(provisioned).Single(r => r.Check == "StatusTable");
            Assert.False(status.Passed);
            Assert.Contains("key id (HASH)", status.Detail);
            Assert.Contains("needs message_id (HASH)", status.Detail);
        }

        [Fact]
        public void A_queue_of_the_other_type_fails_QueueType_and_stops_a_run()
        {
            var rows = Check(Provision("tf7-dup", fifo: true));
            var type = rows.Single(r => r.Check == "QueueType");
            Assert.False(type.Passed);
            Assert.True(type.StopsRun);
            Assert.Equal("needs standard; the queue is FIFO, its DLQ FIFO", type.Detail);
        }

        [Fact]
        public void An_environment_the_output_does_not_name_fails_but_does_not_stop_a_run_which_creates_its_own()
        {
            var row = Assert.Single(Check(null));
            Assert.Equal("Environment", row.Check);
            Assert.False(row.Passed);
            Assert.False(row.StopsRun);
        }

        [Fact]
        public void A_consumer_program_is_found_on_PATH_or_not()
        {
            var folder = Path.Combine(Path.GetTempPath(), "sqsdemo-preflight-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                File.WriteAllText(Path.Combine(folder, "my-consumer"), "");
                var found = ToolChecks.ConsumerProgram("my-consumer --queue x", folder, folder);
                Assert.True(found.Passed, found.ToString());
                Assert.Contains(Path.Combine(folder, "my-consumer"), found.Detail);
                var missing = ToolChecks.ConsumerProgram("not-my-consumer --queue x", folder, folder);
                Assert.False(missing.Passed);
                Assert.Equal("ConsumerProgram", missing.Check);
                Assert.Contains("not-my-consumer", missing.WhatToDo);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void No_region_fails_Region_and_a_region_with_keys_passes_Region_and_Credentials_without_showing_the_secret()
        {
            var absent = new CredentialProfileStoreChain(Path.Combine(Path.GetTempPath(), "sqsdemo-absent-" + Guid.NewGuid().ToString("N")));
            var none = ToolChecks.RegionAndCredentials(() => AwsConnection.Resolve(null, null, null, _ => null, absent));
            var region = Assert.Single(none);
            Assert.Equal("Region", region.Check);
            Assert.False(region.Passed);
            Assert.Contains("AWS_REGION", region.WhatToDo);

            var environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAPREFLIGHT0000TEST", ["AWS_SECRET_ACCESS_KEY"] = "PreflightSecretThatMustNotShow" };
            var both = ToolChecks.RegionAndCredentials(() => AwsConnection.Resolve("eu-west-1", null, null, n => environment.TryGetValue(n, out var v) ? v : null, absent));
            Assert.Equal(new[] { "Region", "Credentials" }, both.Select(r => r.Check));
            Assert.All(both, r => Assert.True(r.Passed, r.ToString()));
            Assert.Contains("eu-west-1", both[0].Detail);
            Assert.DoesNotContain(both, r => r.Detail.Contains("PreflightSecret"));
        }

        [Fact]
        public void A_free_loopback_port_passes()
        {
            var port = ToolChecks.FreeLoopbackPort();
            Assert.True(port.Passed, port.ToString());
            Assert.StartsWith("127.0.0.1:", port.Detail);
        }
    }
}

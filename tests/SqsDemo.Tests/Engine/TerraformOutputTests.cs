using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Ledger;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>The shape of `terraform output -json` that SqsDemo reads, and adopting what it names.</summary>
    public sealed class TerraformOutputTests
    {
        private const string Sample = @"{
          ""aws_region"": { ""sensitive"": false, ""type"": ""string"", ""value"": ""eu-west-1"" },
          ""unrelated"":  { ""sensitive"": false, ""type"": ""number"", ""value"": 3 },
          ""scenarios"":  { ""sensitive"": false, ""type"": [""object"", {}], ""value"": {
            ""poison"": { ""queue_url"": ""https://sqs.eu-west-1.amazonaws.com/123456789012/sqsdemo-poison"",
                          ""queue_arn"": ""arn:aws:sqs:eu-west-1:123456789012:sqsdemo-poison"",
                          ""dlq_url"": ""https://sqs.eu-west-1.amazonaws.com/123456789012/sqsdemo-poison-dlq"",
                          ""dlq_arn"": ""arn:aws:sqs:eu-west-1:123456789012:sqsdemo-poison-dlq"",
                          ""fifo"": false, ""status_table"": null, ""side_effects_table"": null,
                          ""effect_log_table"": null, ""entity_versions_table"": null },
            ""fifo-order"": { ""queue_url"": ""https://sqs.eu-west-1.amazonaws.com/123456789012/sqsdemo-fifo-order.fifo"",
                          ""queue_arn"": ""arn:aws:sqs:eu-west-1:123456789012:sqsdemo-fifo-order.fifo"",
                          ""dlq_url"": ""https://sqs.eu-west-1.amazonaws.com/123456789012/sqsdemo-fifo-order-dlq.fifo"",
                          ""dlq_arn"": ""arn:aws:sqs:eu-west-1:123456789012:sqsdemo-fifo-order-dlq.fifo"",
                          ""fifo"": true, ""status_table"": ""sqsdemo-fifo-order-status"", ""side_effects_table"": ""sqsdemo-fifo-order-side-effects"",
                          ""effect_log_table"": ""sqsdemo-fifo-order-effect-log"", ""entity_versions_table"": """",
                          ""results_table"": ""sqsdemo-fifo-order-results"" } } } }";

        [Fact]
        public void Reads_region_and_every_field_of_each_scenario()
        {
            var output = TerraformOutput.Parse(Sample);
            Assert.Equal("eu-west-1", output.Region);
            Assert.Equal(new[] { "fifo-order", "poison" }, output.Environments.Keys.OrderBy(k => k, StringComparer.Ordinal));
            var poison = output.Environments["poison"];
            Assert.Equal("https://sqs.eu-west-1.amazonaws.com/123456789012/sqsdemo-poison-dlq", poison.DeadLetterQueueUrl);
            Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:sqsdemo-poison", poison.QueueArn);
            Assert.False(poison.Fifo);
            Assert.False(poison.HasLedger);
            var fifo = output.Environments["fifo-order"];
            Assert.True(fifo.Fifo);
            Assert.Equal("sqsdemo-fifo-order-side-effects", fifo.SideEffectsTable);
            Assert.Equal("sqsdemo-fifo-order-effect-log", fifo.EffectLogTable);
            Assert.Null(fifo.VersionsTable); // "" is absent
            Assert.Equal("sqsdemo-fifo-order-results", fifo.ResultsTable);
            Assert.Null(poison.ResultsTable); // absent is absent
        }

        [Theory]
        [InlineData(@"""results_table"": null")]
        [InlineData(@"""results_table"": """"")]
        [InlineData(@"""unrelated"": 1")]
        public void A_results_table_given_as_null_empty_or_not_at_all_is_none(string field)
        {
            var output = TerraformOutput.Parse(@"{ ""scenarios"": { ""value"": { ""p"": { ""queue_url"": ""u"", ""queue_arn"": ""a"", ""dlq_url"": ""d"", ""dlq_arn"": ""e"",
                ""status_table"": ""s"", ""side_effects_table"": ""x"", " + field + " } } } }");
            Assert.Null(output.Environments["p"].ResultsTable);
            Assert.True(output.Environments["p"].HasLedger); // a ledger without results is still a ledger
        }

        [Fact]
        public void The_fields_are_the_READMEs_in_its_order()
        {
            Assert.Equal("results_table", TerraformOutput.Fields.Last());
            Assert.Equal(TerraformOutput.Fields.Count - 2, TerraformOutput.Fields.ToList().IndexOf("entity_versions_table"));
            var readme = File.ReadAllText(Path.Combine(SqsDemo.Tests.Hosting.RepoPaths.Root, "README.md"));
            var section = readme.Substring(readme.IndexOf("### Terraform output", StringComparison.Ordinal));
            section = section.Substring(0, section.IndexOf("\n## ", StringComparison.Ordinal));
            var positions = TerraformOutput.Fields.Select(f => section.IndexOf("\"" + f + "\"", StringComparison.Ordinal)).ToArray();
            Assert.DoesNotContain(-1, positions);
            Assert.Equal(positions.OrderBy(p => p), positions);
        }

        [Theory]
        [InlineData("not json", "not JSON")]
        [InlineData("[]", "not a JSON object")]
        [InlineData(@"{ ""aws_region"": { ""value"": ""eu-west-1"" } }", "no 'scenarios' output")]
        [InlineData(@"{ ""scenarios"": { ""poison"": {} } }", "has no 'value'")]
        [InlineData(@"{ ""scenarios"": { ""value"": { ""poison"": { ""queue_url"": ""u"" } } } }", "has no 'queue_arn'")]
        [InlineData(@"{ ""scenarios"": { ""value"": { ""p"": { ""queue_url"": ""u"", ""queue_arn"": ""a"", ""dlq_url"": ""d"", ""dlq_arn"": ""e"", ""fifo"": ""yes"" } } } }", "'fifo' is not true or false")]
        [InlineData(@"{ ""scenarios"": { ""value"": { ""p"": { ""queue_url"": ""u"", ""queue_arn"": ""a"", ""dlq_url"": ""d"", ""dlq_arn"": ""e"", ""fifo"": true } } } }", "the queue URL says otherwise")]
        [InlineData(@"{ ""scenarios"": { ""value"": { ""p"": { ""queue_url"": ""u"", ""queue_arn"": ""a"", ""dlq_url"": ""d"", ""dlq_arn"": ""e"", ""status_table"": ""s"" } } } }", "needs both")]
        [InlineData(@"{ ""scenarios"": { ""value"": { ""p"": { ""queue_url"": 5, ""queue_arn"": ""a"", ""dlq_url"": ""d"", ""dlq_arn"": ""e"" } } } }", "'queue_url' is not a string")]
        public void A_file_of_another_shape_is_TerraformOutputInvalid_saying_why(string json, string why)
        {
            var error = Assert.Throws<TerraformOutputException>(() => TerraformOutput.Parse(json));
            Assert.Equal(TerraformOutputException.InvalidShape, error.ErrorCode);
            Assert.Contains(why, error.Message);
        }

        [Fact]
        public void A_missing_file_is_TerraformOutputNotReadable()
        {
            var error = Assert.Throws<TerraformOutputException>(() => TerraformOutput.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json")));
            Assert.Equal(TerraformOutputException.NotReadable, error.ErrorCode);
        }

        // ---- Adoption, on the embedded broker standing in for Terraform's queues ----------------------

        private static async Task<(DemoRun Backend, ProvisionedEnvironment Provisioned)> ProvisionedBackendAsync(bool ledger)
        {
            var clock = new SqsDemo.Engine.Clock.ScaledTimeProvider(1000); // the drain long-polls 1 s: a millisecond here
            var broker = new EmbeddedBroker(clock, 1);
            var embeddedLedger = DynamoDbLedger.InMemory(clock);
            // Terraform keeps its DLQs' messages for SQS's maximum, 14 days.
            var dlqUrl = await broker.CreateQueueAsync("tf-poison-dlq", new Dictionary<string, string> { [QueueAttributeName.MessageRetentionPeriod] = "1209600" });
            var dlqArn = (await broker.GetQueueAttributesAsync(dlqUrl, new[] { QueueAttributeName.QueueArn }))[QueueAttributeName.QueueArn];
            var url = await broker.CreateQueueAsync("tf-poison", new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "30" });
            var provisioned = new ProvisionedEnvironment
            {
                Name = "poison",
                QueueUrl = url,
                QueueArn = (await broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.QueueArn }))[QueueAttributeName.QueueArn],
                DeadLetterQueueUrl = dlqUrl,
                DeadLetterQueueArn = dlqArn,
            };
            if (ledger)
            {
                provisioned.StatusTable = "tf-status";
                provisioned.SideEffectsTable = "tf-side-effects";
                provisioned.ResultsTable = "tf-results";
                await embeddedLedger.CreateTablesAsync(new LedgerTables("tf-status", "tf-side-effects", null, null, "tf-results"));
            }
            var backend = DemoRun.CreateRemote(BackendKind.Endpoint, "Terraform test", broker, embeddedLedger, 1,
                new Dictionary<string, ProvisionedEnvironment> { ["poison"] = provisioned });
            return (backend, provisioned);
        }

        [Fact]
        public async Task Adopting_sets_the_specs_attributes_drains_both_queues_and_empties_the_ledger()
        {
            var (backend, provisioned) = await ProvisionedBackendAsync(ledger: true);
            await backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = provisioned.QueueUrl, MessageBody = "left by an earlier run" });
            await backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = provisioned.DeadLetterQueueUrl, MessageBody = "old poison" });
            await backend.Ledger.TryPerformSideEffectAsync("tf-side-effects", "order-1", "digest", "m-old");
            await backend.Ledger.PutResultAsync("tf-results", new ResultRecord { MessageId = "m-old", Result = "{}", ConsumerId = "earlier-run" });

            var warnings = new List<string>();
            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "poison", VisibilityTimeout = 4, MaxReceiveCount = 3, ReceiveWaitTime = 0, Ledger = true }, default, warnings.Add);

            Assert.True(environment.Provisioned);
            Assert.Equal(provisioned.QueueUrl, environment.QueueUrl);
            Assert.Equal("tf-poison", environment.QueueName);
            Assert.Equal("tf-side-effects", environment.SideEffectsTable);
            Assert.Empty(warnings);
            var attributes = await backend.Broker.GetQueueAttributesAsync(provisioned.QueueUrl, new[] { QueueAttributeName.All });
            Assert.Equal("4", attributes[QueueAttributeName.VisibilityTimeout]);
            Assert.Contains("\"maxReceiveCount\":3", attributes[QueueAttributeName.RedrivePolicy]);
            Assert.Contains(provisioned.DeadLetterQueueArn, attributes[QueueAttributeName.RedrivePolicy]);
            // A message moved to a standard DLQ keeps its enqueue time: the DLQ's 14 days are left alone.
            Assert.Equal("1209600", (await backend.Broker.GetQueueAttributesAsync(provisioned.DeadLetterQueueUrl, new[] { QueueAttributeName.MessageRetentionPeriod }))[QueueAttributeName.MessageRetentionPeriod]);
            foreach (var url in new[] { provisioned.QueueUrl, provisioned.DeadLetterQueueUrl })
                Assert.Equal("0", (await backend.Broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.ApproximateNumberOfMessages }))[QueueAttributeName.ApproximateNumberOfMessages]);
            Assert.Empty(await backend.Ledger.ListSideEffectsAsync("tf-side-effects"));
            Assert.Equal("tf-results", environment.ResultsTable);
            Assert.Empty(await backend.Ledger.ListResultsAsync("tf-results"));
            // The drain is not the run's doing: the journal shows none of it.
            Assert.DoesNotContain(backend.Journal.Snapshot(), e => e.Kind == SqsDemo.Engine.Journal.JournalEventKind.Received || e.Kind == SqsDemo.Engine.Journal.JournalEventKind.Deleted);
        }

        [Fact]
        public async Task Messages_in_flight_from_an_earlier_run_are_warned_about()
        {
            var (backend, provisioned) = await ProvisionedBackendAsync(ledger: false);
            await backend.Broker.SendMessageAsync(new SendMessageRequest { QueueUrl = provisioned.QueueUrl, MessageBody = "in flight" });
            await backend.Broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = provisioned.QueueUrl, VisibilityTimeout = 600 });
            var warnings = new List<string>();
            await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "poison" }, default, warnings.Add);
            Assert.Contains(warnings, w => w.StartsWith("1 message(s) of an earlier run", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_spec_that_Terraforms_environment_cannot_serve_is_a_mismatch()
        {
            var (backend, _) = await ProvisionedBackendAsync(ledger: false);
            var fifo = await Assert.ThrowsAsync<ProvisionedEnvironmentMismatchException>(() => EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "poison", Fifo = true }));
            Assert.Contains("FIFO", fifo.Message);
            var ledger = await Assert.ThrowsAsync<ProvisionedEnvironmentMismatchException>(() => EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "poison", Ledger = true }));
            Assert.Contains("ledger", ledger.Message);
        }

        [Fact]
        public async Task A_name_Terraform_does_not_know_gets_queues_of_its_own_with_a_warning()
        {
            var (backend, _) = await ProvisionedBackendAsync(ledger: false);
            var warnings = new List<string>();
            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "happy" }, default, warnings.Add);
            Assert.False(environment.Provisioned);
            Assert.StartsWith(backend.NamePrefix, environment.QueueName);
            Assert.Contains(warnings, w => w.Contains("no environment 'happy'"));
        }

        [Fact]
        public async Task Adopting_uses_Terraforms_DLQ_and_warns_when_the_spec_named_another()
        {
            var (backend, provisioned) = await ProvisionedBackendAsync(ledger: false);
            var other = await backend.Broker.CreateQueueAsync("some-other-dlq", null);
            var warnings = new List<string>();

            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "poison", DeadLetterQueueUrl = other }, default, warnings.Add);

            Assert.Equal(provisioned.DeadLetterQueueUrl, environment.DeadLetterQueueUrl);
            Assert.False(environment.OwnsDeadLetterQueue);
            var warning = Assert.Single(warnings);
            Assert.Contains(provisioned.DeadLetterQueueUrl, warning);
            Assert.Contains(other, warning);
            var policy = (await backend.Broker.GetQueueAttributesAsync(provisioned.QueueUrl, new[] { QueueAttributeName.RedrivePolicy }))[QueueAttributeName.RedrivePolicy];
            Assert.Contains(provisioned.DeadLetterQueueArn, policy);
        }

        [Fact]
        public async Task Adopting_with_Terraforms_own_DLQ_named_says_nothing()
        {
            var (backend, provisioned) = await ProvisionedBackendAsync(ledger: false);
            var warnings = new List<string>();
            await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "poison", DeadLetterQueueUrl = provisioned.DeadLetterQueueUrl }, default, warnings.Add);
            Assert.Empty(warnings);
        }

        [Fact]
        public async Task Removing_an_adopted_environment_is_refused_and_deletes_nothing()
        {
            var (backend, provisioned) = await ProvisionedBackendAsync(ledger: false);
            var environment = await EnvironmentProvisioner.CreateAsync(backend, new EnvironmentSpec { Name = "poison" });
            await Assert.ThrowsAsync<InvalidOperationException>(() => EnvironmentProvisioner.RemoveAsync(backend, environment));
            Assert.Contains(provisioned.QueueUrl, await backend.Broker.ListQueuesAsync(null));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// The other ways to connect, end to end against moto: a profile of the shared credentials
    /// file (as on AWS, with moto standing in through the profile's endpoint_url), Terraform's
    /// output, and the issue's bars read back with the AWS CLI rather than the SDK.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class ConnectionMotoTests : IDisposable
    {
        private const string Secret = "MotoProfileSecretKeyThatMustNeverBeShown/42";
        private const string Quick = "VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5";
        private readonly MotoServer _moto;
        private readonly ModuleSession _session = new ModuleSession();
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqsdemo-conn-" + Guid.NewGuid().ToString("N"));

        public ConnectionMotoTests(MotoServer moto)
        {
            _moto = moto;
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            _session.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        [MotoFact]
        public void A_profile_connects_says_under_Debug_where_everything_came_from_and_never_shows_the_secret()
        {
            var profile = "sqsdemo-test-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var credentials = Path.Combine(_folder, "credentials");
            File.WriteAllText(credentials,
                $"[{profile}]\naws_access_key_id = AKIAMOTOTEST0000WXYZ\naws_secret_access_key = {Secret}\nregion = eu-west-3\nendpoint_url = {_moto.Endpoint}\n");
            // The profile is the only thing in this file and is named apart: nothing else in the process reads it.
            var before = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", credentials);
            try
            {
                var run = _session.Run($"Connect-DemoBackend -ProfileName {profile} -Debug; New-DemoEnvironment -Name via-profile | Get-DemoQueue");
                run.NoErrors();
                var backend = run.Objects<DemoRun>().Single();
                Assert.Equal(BackendKind.Endpoint, backend.Kind);
                Assert.Equal($"Endpoint {_moto.Endpoint} (eu-west-3)", backend.Description);
                Assert.Contains(run.Debug, d => d.StartsWith("Credentials: from profile '" + profile + "' in " + credentials, StringComparison.Ordinal));
                Assert.Contains(run.Debug, d => d == $"Region: eu-west-3 (from region of profile '{profile}').");
                Assert.Contains(run.Debug, d => d == $"Endpoint: {_moto.Endpoint} (from endpoint_url of profile '{profile}').");
                Assert.Contains(run.Objects<QueueStatistics>(), q => q.QueueUrl.Contains("via-profile"));
                Assert.DoesNotContain(Secret, run.AllText());
            }
            finally
            {
                Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", before);
            }
        }

        /// <summary>What `terraform apply` would have made for dup-side-effects, made here through the SDK.</summary>
        private (string Path, ProvisionedEnvironment Environment) ProvisionLikeTerraform()
        {
            var prefix = "tf" + Guid.NewGuid().ToString("N").Substring(0, 6) + "-";
            using var broker = AwsBroker.ForEndpoint(_moto.Endpoint, MotoServer.Region);
            using var ledger = DynamoDbLedger.ForEndpoint(_moto.Endpoint, MotoServer.Region);
            var dlqUrl = broker.CreateQueueAsync(prefix + "dup-side-effects-dlq", null).GetAwaiter().GetResult();
            var url = broker.CreateQueueAsync(prefix + "dup-side-effects", new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "30" }).GetAwaiter().GetResult();
            string Arn(string u) => broker.GetQueueAttributesAsync(u, new[] { QueueAttributeName.QueueArn }).GetAwaiter().GetResult()[QueueAttributeName.QueueArn];
            var tables = LedgerTables.For(prefix + "dup-side-effects");
            ledger.CreateTablesAsync(tables).GetAwaiter().GetResult();
            // An earlier run's leftovers, which adoption must clear.
            broker.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "{\"id\":\"stale\"}" }).GetAwaiter().GetResult();
            ledger.TryPerformSideEffectAsync(tables.SideEffectsTable, "stale-effect", "d", "m").GetAwaiter().GetResult();
            ledger.PutResultAsync(tables.ResultsTable!, new ResultRecord { MessageId = "stale", Result = "{}" }).GetAwaiter().GetResult();

            var environment = new ProvisionedEnvironment
            {
                Name = "dup-side-effects", QueueUrl = url, QueueArn = Arn(url), DeadLetterQueueUrl = dlqUrl, DeadLetterQueueArn = Arn(dlqUrl),
                StatusTable = tables.StatusTable, SideEffectsTable = tables.SideEffectsTable, EffectLogTable = tables.EffectLogTable, VersionsTable = tables.VersionsTable,
                ResultsTable = tables.ResultsTable,
            };
            var path = TerraformOutputFile.Write(_folder, environment, MotoServer.Region);
            return (path, environment);
        }

        [MotoFact]
        public void With_Terraforms_output_a_scenario_runs_on_Terraforms_queues_and_tables_and_leaves_them_in_place()
        {
            var (path, provisioned) = ProvisionLikeTerraform();
            _session.Run($"Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' -TerraformOutput '{path}' -Seed 11 | Out-Null").NoErrors();
            var run = _session.Run($"Invoke-DemoScenario -Name dup-side-effects -Parameters @{{ {Quick}; WaitAfterCrashSeconds = 3 }}");
            var result = run.Single<ScenarioResult>();
            Assert.True(result.Passed, string.Join("; ", result.Checks.Select(c => $"{(c.Passed ? "PASS" : "FAIL")} {c.Name} expected={c.Expected} actual={c.Actual}")) + result.Error);
            Assert.Contains(result.Journal, e => e.Kind == JournalEventKind.Sent && e.QueueUrl == provisioned.QueueUrl);
            Assert.DoesNotContain(result.Journal, e => e.Kind == JournalEventKind.QueueCreated);
            Assert.DoesNotContain(result.Journal, e => e.BodyId == "stale");

            using var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = _moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region });
            var items = dynamo.ScanAsync(new ScanRequest { TableName = provisioned.SideEffectsTable }).GetAwaiter().GetResult().Items;
            Assert.Equal(5, items.Count);
            Assert.DoesNotContain(items, i => i["message_id"].S == "stale-effect");
            Assert.Empty(dynamo.ScanAsync(new ScanRequest { TableName = provisioned.ResultsTable }).GetAwaiter().GetResult().Items); // adoption cleared the earlier run's

            _session.Run($"Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' -TerraformOutput '{path}' | Out-Null; New-DemoEnvironment -Name dup-side-effects -Ledger | Out-Null").NoErrors();
            var removal = _session.Run("Remove-DemoEnvironment -Name dup-side-effects -Force");
            Assert.Equal("EnvironmentOwnedByTerraform,SqsDemo.Commands.RemoveDemoEnvironmentCommand", Assert.Single(removal.Errors).FullyQualifiedErrorId);
            using var broker = AwsBroker.ForEndpoint(_moto.Endpoint, MotoServer.Region);
            Assert.Contains(provisioned.QueueUrl, broker.ListQueuesAsync(null).GetAwaiter().GetResult());
        }

        [MotoFact]
        public void Terraforms_queue_of_the_wrong_type_is_ProvisionedEnvironmentMismatch()
        {
            var (path, _) = ProvisionLikeTerraform();
            _session.Run($"Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' -TerraformOutput '{path}' | Out-Null").NoErrors();
            var run = _session.Run("New-DemoEnvironment -Name dup-side-effects -Fifo");
            Assert.Equal("ProvisionedEnvironmentMismatch,SqsDemo.Commands.NewDemoEnvironmentCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
            Assert.Empty(run.Output);
        }

        // ---- The issue's bars, read with the AWS CLI --------------------------------------------------

        private string AwsCli(params string[] arguments)
        {
            var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in arguments.Concat(new[] { "--endpoint-url", _moto.Endpoint.ToString(), "--output", "json" })) start.ArgumentList.Add(a);
            start.Environment["AWS_ACCESS_KEY_ID"] = "test";
            start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
            start.Environment["AWS_DEFAULT_REGION"] = MotoServer.Region;
            start.Environment["AWS_PAGER"] = "";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "aws did not finish within a minute");
            Assert.True(process.ExitCode == 0, $"aws {string.Join(" ", arguments)} exited {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }

        private ScenarioResult RunScenario(string name, string parameters)
        {
            _session.Run($"Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' -Seed 5 | Out-Null").NoErrors();
            var result = _session.Run($"Invoke-DemoScenario -Name {name} -Parameters @{{ {parameters} }}").Single<ScenarioResult>();
            Assert.True(result.Passed, name + ": " + string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => $"{c.Name} expected={c.Expected} actual={c.Actual}")) + result.Error);
            return result;
        }

        [AwsCliFact]
        public void Poison_on_moto_leaves_exactly_the_poison_messages_in_its_DLQ_as_aws_sqs_receive_message_shows()
        {
            var result = RunScenario("poison", Quick);
            var dlqUrl = result.Journal.First(e => e.Kind == JournalEventKind.QueueCreated && e.QueueUrl!.EndsWith("poison-dlq", StringComparison.Ordinal)).QueueUrl!;
            var poisonIds = result.Journal.Where(e => e.Kind == JournalEventKind.Rejected).Select(e => e.BodyId).Distinct().OrderBy(x => x).ToArray();
            using var received = JsonDocument.Parse(AwsCli("sqs", "receive-message", "--queue-url", dlqUrl, "--max-number-of-messages", "10", "--visibility-timeout", "0"));
            var inDlq = received.RootElement.GetProperty("Messages").EnumerateArray()
                .Select(m => SqsDemo.Engine.Work.MessageBody.TryGetId(m.GetProperty("Body").GetString()!)).OrderBy(x => x).ToArray();
            Assert.NotEmpty(poisonIds);
            Assert.Equal(poisonIds, inDlq);
        }

        [AwsCliFact]
        public void Dup_side_effects_on_moto_leaves_exactly_5_items_in_the_side_effects_table_as_aws_dynamodb_scan_shows()
        {
            var result = RunScenario("dup-side-effects", Quick + "; WaitAfterCrashSeconds = 3");
            var queueUrl = result.Journal.First(e => e.Kind == JournalEventKind.QueueCreated && e.QueueUrl!.EndsWith("dup-side-effects", StringComparison.Ordinal)).QueueUrl!;
            var table = LedgerTables.For(QueueNameOf(queueUrl)).SideEffectsTable;
            using var scan = JsonDocument.Parse(AwsCli("dynamodb", "scan", "--table-name", table, "--select", "COUNT"));
            Assert.Equal(5, scan.RootElement.GetProperty("Count").GetInt32());
        }

        private static string QueueNameOf(string url) => url.Substring(url.LastIndexOf('/') + 1);
    }

    /// <summary>A moto test that also needs the AWS CLI: skipped with the reason when either is missing, except under CI=true.</summary>
    public sealed class AwsCliFactAttribute : FactAttribute
    {
        private static readonly Lazy<string?> Missing = new Lazy<string?>(() =>
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo("aws", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
                process.WaitForExit(30_000);
                return process.ExitCode == 0 ? null : "the AWS CLI (aws --version) failed";
            }
            catch (Exception e)
            {
                return "the AWS CLI is not installed (" + e.Message + ")";
            }
        });

        public AwsCliFactAttribute()
        {
            if (MotoServer.IsCi) return;
            Skip = MotoServer.SkipReason ?? Missing.Value;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Aws;
using SqsDemo.Engine.Environments.Preflight;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// Test-DemoEnvironment and Invoke-DemoScenario's preflight against moto standing in for AWS, with a Terraform output
    /// as terraform/ writes it: a queue that is not there stops the run before anything is touched, with one error.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class PreflightMotoTests : IDisposable
    {
        private const string Scenario = "dup-side-effects";
        private readonly MotoServer _moto;
        private readonly ModuleSession _session = new ModuleSession();
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqsdemo-preflight-" + Guid.NewGuid().ToString("N"));

        public PreflightMotoTests(MotoServer moto)
        {
            _moto = moto;
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            _session.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        /// <summary>The scenario's queue, DLQ (holding one message) and tables as terraform/ makes them; the output's path and the queue and DLQ URLs.</summary>
        private (string Path, string QueueUrl, string DlqUrl) ProvisionLikeTerraform(AwsBroker broker)
        {
            var prefix = "pf" + Guid.NewGuid().ToString("N").Substring(0, 6) + "-";
            using var ledger = DynamoDbLedger.ForEndpoint(_moto.Endpoint, MotoServer.Region);
            var dlqUrl = broker.CreateQueueAsync(prefix + Scenario + "-dlq", null).GetAwaiter().GetResult();
            string Arn(string u) => broker.GetQueueAttributesAsync(u, new[] { QueueAttributeName.QueueArn }).GetAwaiter().GetResult()[QueueAttributeName.QueueArn];
            var url = broker.CreateQueueAsync(prefix + Scenario, new Dictionary<string, string>
            {
                [QueueAttributeName.RedrivePolicy] = "{\"deadLetterTargetArn\":\"" + Arn(dlqUrl) + "\",\"maxReceiveCount\":2}",
            }).GetAwaiter().GetResult();
            broker.SendMessageAsync(new SendMessageRequest { QueueUrl = dlqUrl, MessageBody = "{\"id\":\"earlier\"}" }).GetAwaiter().GetResult();
            var tables = LedgerTables.For(prefix + Scenario);
            ledger.CreateTablesAsync(tables).GetAwaiter().GetResult();
            var environment = new ProvisionedEnvironment
            {
                Name = Scenario, QueueUrl = url, QueueArn = Arn(url), DeadLetterQueueUrl = dlqUrl, DeadLetterQueueArn = Arn(dlqUrl),
                StatusTable = tables.StatusTable, SideEffectsTable = tables.SideEffectsTable, EffectLogTable = tables.EffectLogTable,
                VersionsTable = tables.VersionsTable, ResultsTable = tables.ResultsTable,
            };
            var path = TerraformOutputFile.Write(_folder, environment, MotoServer.Region);
            return (path, url, dlqUrl);
        }

        [MotoFact]
        public void Terraforms_environment_as_applied_passes_every_check_that_would_stop_a_run()
        {
            using var broker = AwsBroker.ForEndpoint(_moto.Endpoint, MotoServer.Region);
            var (path, _, _) = ProvisionLikeTerraform(broker);
            _session.Run($"Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' -TerraformOutput '{path}' | Out-Null").NoErrors();
            var rows = _session.Run($"Test-DemoEnvironment -Scenario {Scenario}").NoErrors().Objects<EnvironmentCheck>().ToArray();
            Assert.Contains(rows, r => r.Check == "Queue" && r.Passed);
            Assert.Contains(rows, r => r.Check == "StatusTable" && r.Passed);
            Assert.True(rows.Where(r => r.StopsRun).All(r => r.Passed), string.Join("\n", rows));
            Assert.All(rows, r => Assert.Equal(Scenario, r.Scenario));
        }

        [MotoFact]
        public void A_Terraform_output_naming_a_queue_that_is_not_there_stops_the_run_before_it_starts_with_EnvironmentNotReady()
        {
            using var broker = AwsBroker.ForEndpoint(_moto.Endpoint, MotoServer.Region);
            var (path, url, dlqUrl) = ProvisionLikeTerraform(broker);
            broker.DeleteQueueAsync(url).GetAwaiter().GetResult();
            _session.Run($"Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' -TerraformOutput '{path}' | Out-Null").NoErrors();

            var rows = _session.Run($"Test-DemoEnvironment -Scenario {Scenario}").NoErrors().Objects<EnvironmentCheck>().ToArray();
            var queue = rows.Single(r => r.Check == "Queue");
            Assert.False(queue.Passed);
            Assert.Contains(url, queue.Detail);

            var run = _session.Run($"Invoke-DemoScenario -Name {Scenario}");
            var error = Assert.Single(run.Errors);
            Assert.Equal("EnvironmentNotReady,SqsDemo.Commands.InvokeDemoScenarioCommand", error.FullyQualifiedErrorId);
            Assert.Contains("Queue: " + url + " does not exist", error.Exception.Message);
            Assert.Contains("terraform apply", error.ErrorDetails.RecommendedAction);
            Assert.Empty(run.Objects<ScenarioResult>());
            // Nothing ran: adopting the environment would have drained the earlier run's message from the DLQ.
            var left = broker.GetQueueAttributesAsync(dlqUrl, new[] { QueueAttributeName.ApproximateNumberOfMessages }).GetAwaiter().GetResult();
            Assert.Equal("1", left[QueueAttributeName.ApproximateNumberOfMessages]);
        }
    }
}

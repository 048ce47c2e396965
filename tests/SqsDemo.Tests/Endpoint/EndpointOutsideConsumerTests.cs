// The promise, end to end: a consumer of the seeds' kind written with boto3 (a real python3
// process, tests/clients/python/seed_consumer.py) drains a queue SqsDemo filled, through the endpoint's
// SQS and the run's own ledger tables over DynamoDB's protocol; SqsDemo's cmdlets then read its work.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Moto;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    public sealed class EndpointOutsideConsumerTests : IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose()
        {
            _session.Run("Get-DemoEndpoint | Stop-DemoEndpoint");
            _session.Dispose();
        }

        [Fact]
        public void A_boto3_consumer_of_the_seeds_kind_drains_a_queue_SqsDemo_filled_and_the_cmdlets_read_its_work()
        {
            const int Messages = 8;
            // Wall time, so the Python process's own pace cannot outrun a visibility timeout.
            _session.Run("Connect-DemoBackend -Embedded -TimeScale 1 -Seed 18 | Out-Null").NoErrors();
            var endpoint = _session.Run("Start-DemoEndpoint -Port 0").NoErrors().Single<DemoEndpoint>();
            var environment = _session.Run("$env = New-DemoEnvironment -Name outside -Ledger -VisibilityTimeout 60 -ReceiveWaitTime 1; $env").NoErrors().Single<DemoEnvironment>();
            var sentIds = _session.Run($"$env | Send-DemoMessage -Count {Messages} | ForEach-Object BodyId").NoErrors().Output.Select(o => (string)o.BaseObject).ToArray();

            using var python = new PythonSeedConsumer(new Uri(endpoint.Url), environment, new Dictionary<string, string>
            {
                ["MESSAGE_LIMIT"] = Messages.ToString(CultureInfo.InvariantCulture),
                ["WAIT_TIME_SECONDS"] = "1",
                ["IDLE_TIMEOUT_SECONDS"] = "30",
            }, queueUrl: endpoint.Sqs.Urls.ToClient(environment.QueueUrl));
            var (exitCode, handled) = python.WaitForExit();
            Assert.True(exitCode == 0, python.Output);
            Assert.Equal(sentIds.OrderBy(i => i, StringComparer.Ordinal), handled.Keys.OrderBy(i => i, StringComparer.Ordinal));
            Assert.All(handled.Values, outcome => Assert.Equal("performed", outcome));

            // Its rows, in the tables SqsDemo's own ledger uses, read by SqsDemo's cmdlets.
            var effects = _session.Run("$env | Get-DemoSideEffect").NoErrors().Objects<SideEffectRecord>().ToArray();
            Assert.Equal(sentIds.OrderBy(i => i, StringComparer.Ordinal), effects.Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal));
            var rows = _session.Run("$env | Get-DemoMessageStatus").NoErrors().Objects<StatusRecord>().ToArray();
            Assert.Equal(Messages, rows.Length);
            Assert.All(rows, r => Assert.Equal((MessageStatus.COMPLETED, 1, ""), (r.Status, r.Attempts, r.OwnerToken)));

            // Its receives and deletes, in the journal under its access key id, and in the accounting.
            var journal = _session.Run("Get-DemoJournal").NoErrors().Objects<JournalEvent>().ToArray();
            Assert.Equal(Messages, journal.Count(e => e.Kind == JournalEventKind.Deleted && e.Actor == "python-consumer"));
            // Its ledger calls too: a side-effect put per message, on the side-effects table, none refused.
            var tableRequests = journal.Where(e => e.Kind == JournalEventKind.TableRequest && e.Actor == "python-consumer").ToArray();
            Assert.Equal(Messages, tableRequests.Count(e => e.Operation == "PutItem" && e.TableName == environment.SideEffectsTable && e.ErrorCode == null));
            Assert.Contains(tableRequests, e => e.Operation == "UpdateItem" && e.TableName == environment.StatusTable);
            var accounting = _session.Run("$env | Get-DemoAccounting").NoErrors().Single<MessageAccounting>();
            Assert.Equal((Messages, Messages, 0), (accounting.Sent, accounting.Processed, accounting.Unaccounted));
            Assert.True(_session.Run("$env | Get-DemoQueue").NoErrors().Single<QueueStatistics>().IsEmpty);
        }
    }
}

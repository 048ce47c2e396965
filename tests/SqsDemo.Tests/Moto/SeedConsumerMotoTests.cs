// SqsDemo's consumer and a consumer of the seeds' kind (tests/clients/python/seed_consumer.py, boto3, a real
// python3 process) on ONE queue and ONE pair of ledger tables at moto: the tables have the seeds' schema, so
// each reads what the other wrote, and the cmdlets read the Python consumer's rows.
using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    [Collection(MotoCollection.Name)]
    public sealed class SeedConsumerMotoTests : IDisposable
    {
        private readonly MotoServer _moto;
        private readonly ModuleSession _session = new ModuleSession();

        public SeedConsumerMotoTests(MotoServer moto) => _moto = moto;

        public void Dispose() => _session.Dispose();

        /// <summary>A new environment with the ledger's tables at moto, in $env of the session.</summary>
        private DemoEnvironment NewEnvironment(string name, int visibilityTimeout) =>
            _session.Run($"Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' | Out-Null; " +
                         $"$env = New-DemoEnvironment -Name {name} -Ledger -VisibilityTimeout {visibilityTimeout} -ReceiveWaitTime 1; $env")
                .NoErrors().Single<DemoEnvironment>();

        [MotoFact]
        public void SqsDemos_consumer_and_a_seeds_kind_Python_consumer_share_one_queue_and_one_pair_of_tables()
        {
            const int Messages = 12, EachTakes = 6;
            var environment = NewEnvironment("mixed", visibilityTimeout: 60);
            _session.Run($"$env | Send-DemoMessage -Count {Messages} | Out-Null").NoErrors();

            // Each consumer stops at its share, so both work at once and neither can take it all.
            using var python = new PythonSeedConsumer(_moto.Endpoint, environment, new Dictionary<string, string>
            {
                ["MESSAGE_LIMIT"] = EachTakes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["WAIT_TIME_SECONDS"] = "1",
                ["IDLE_TIMEOUT_SECONDS"] = "60",
                ["SIDE_EFFECT_DELAY_SECONDS"] = "0.05",
            });
            _session.Run($"$env | Start-DemoConsumer -AsJob -ConsumerId sqsdemo-1 -MessageLimit {EachTakes} -WaitTimeSeconds 1 -IdleTimeoutSeconds 60 -SideEffectDelaySeconds 0.05 | Out-Null").NoErrors();

            var (exitCode, pythonHandled) = python.WaitForExit();
            Assert.True(exitCode == 0, python.Output);
            Assert.Equal(EachTakes, pythonHandled.Count);
            Assert.All(pythonHandled.Values, outcome => Assert.Equal("performed", outcome));
            Assert.Equal("Completed", _session.Run("(Wait-Job -Name sqsdemo-1 -Timeout 120).State.ToString()").NoErrors().Output.Single().BaseObject);
            var ours = _session.Run("Receive-Job -Name sqsdemo-1").NoErrors().Objects<ConsumerRecord>().ToArray();
            Assert.Equal(EachTakes, ours.Length);
            Assert.All(ours, record => Assert.Equal(MessageOutcome.Processed, record.Outcome));
            var ourIds = ours.Select(r => r.BodyId!).ToHashSet(StringComparer.Ordinal);
            Assert.Empty(ourIds.Intersect(pythonHandled.Keys));

            // Every message has exactly one side effect, whoever performed it, and the cmdlets read both kinds of row.
            var effects = _session.Run("$env | Get-DemoSideEffect").NoErrors().Objects<SideEffectRecord>().ToArray();
            Assert.Equal(ourIds.Concat(pythonHandled.Keys).OrderBy(k => k, StringComparer.Ordinal), effects.Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(effects, e => Assert.Equal(e.Key, e.MessageId));
            Assert.All(effects, e => Assert.Matches("^[0-9a-f]{64}$", e.PayloadDigest));
            Assert.All(effects, e => Assert.InRange(e.PerformedAt, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1)));

            var rows = _session.Run("$env | Get-DemoMessageStatus").NoErrors().Objects<StatusRecord>().ToArray();
            Assert.Equal(Messages, rows.Length);
            Assert.All(rows, r => Assert.Equal((MessageStatus.COMPLETED, 1), (r.Status, r.Attempts)));
            Assert.All(rows, r => Assert.InRange(r.LastUpdate, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1)));
            // The Python consumer keeps no owner token; SqsDemo's rows carry one.
            Assert.Equal(pythonHandled.Keys.OrderBy(k => k, StringComparer.Ordinal), rows.Where(r => r.OwnerToken.Length == 0).Select(r => r.MessageId));
            Assert.All(rows.Where(r => ourIds.Contains(r.MessageId)), r => Assert.NotEmpty(r.OwnerToken));

            Assert.True(_session.Run("$env | Get-DemoQueue").NoErrors().Single<QueueStatistics>().IsEmpty);
        }

        [MotoFact]
        public void A_STARTED_row_the_Python_consumer_left_when_it_crashed_is_taken_over_and_its_side_effect_not_repeated()
        {
            var environment = NewEnvironment("mixed-crash", visibilityTimeout: 2);
            _session.Run("$env | Send-DemoMessage -Count 1 | Out-Null").NoErrors();

            // The Python consumer performs the side effect and dies before COMPLETED: a STARTED row without an owner token.
            using (var python = new PythonSeedConsumer(_moto.Endpoint, environment, new Dictionary<string, string>
            {
                ["CRASH_AFTER_SIDE_EFFECT"] = "1",
                ["WAIT_TIME_SECONDS"] = "1",
                ["IDLE_TIMEOUT_SECONDS"] = "30",
            }))
            {
                var (exitCode, handled) = python.WaitForExit();
                Assert.True(exitCode == 3, python.Output);
                Assert.Empty(handled);
            }
            var left = Assert.Single(_session.Run("$env | Get-DemoMessageStatus").NoErrors().Objects<StatusRecord>());
            Assert.Equal((MessageStatus.STARTED, 1, ""), (left.Status, left.Attempts, left.OwnerToken));
            var performed = Assert.Single(_session.Run("$env | Get-DemoSideEffect").NoErrors().Objects<SideEffectRecord>());

            // Once the message is visible again, SqsDemo's consumer takes the foreign row over and skips the side effect.
            var ours = _session.Run("$env | Start-DemoConsumer -ConsumerId sqsdemo-2 -MessageLimit 1 -WaitTimeSeconds 1 -IdleTimeoutSeconds 30").NoErrors()
                .Objects<ConsumerRecord>().ToArray();
            Assert.Equal(MessageOutcome.Processed, Assert.Single(ours).Outcome);
            var taken = Assert.Single(_session.Run("$env | Get-DemoMessageStatus").NoErrors().Objects<StatusRecord>());
            Assert.Equal((left.MessageId, MessageStatus.COMPLETED, 2), (taken.MessageId, taken.Status, taken.Attempts));
            Assert.NotEmpty(taken.OwnerToken);
            var effect = Assert.Single(_session.Run("$env | Get-DemoSideEffect").NoErrors().Objects<SideEffectRecord>());
            Assert.Equal((performed.Key, performed.PerformedAt), (effect.Key, effect.PerformedAt));
            Assert.Contains(_session.Run("Get-DemoJournal -Kind LedgerStarted -Actor sqsdemo-2").NoErrors().Objects<JournalEvent>(), e => e.TookOver == true);
            Assert.True(_session.Run("$env | Get-DemoQueue").NoErrors().Single<QueueStatistics>().IsEmpty);
        }
    }
}

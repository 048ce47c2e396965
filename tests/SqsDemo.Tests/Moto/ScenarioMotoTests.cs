using System;
using System.Linq;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    /// <summary>
    /// The catalog on a real SQS/DynamoDB API (moto), on the wall clock: each scenario's
    /// timings are shortened to a few seconds through its own parameters, as a user would
    /// on an endpoint.
    /// </summary>
    [Collection(MotoScenarioCollection.Name)]
    public sealed class ScenarioMotoTests : IDisposable
    {
        private readonly MotoServer _moto;
        private readonly ModuleSession _session = new ModuleSession();

        public ScenarioMotoTests(MotoServer moto) => _moto = moto;

        public void Dispose() => _session.Dispose();

        private const string Quick = "VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5";

        private ScenarioResult Run(string name, string parameters) => MotoScenario.Run(_session, _moto, name, parameters);

        [MotoFact]
        public void Happy_passes_on_moto() => Run("happy", Quick);

        /// <summary>The outage, breaker and backoff in seconds rather than tens of seconds; the queues' own timeouts as specified.</summary>
        [MotoFact]
        public void Order_pipeline_passes_on_moto_with_a_short_outage() =>
            Run("order-pipeline", "Rounds = 3; CustomerCount = 3; RoundIntervalSeconds = 2; OutageAfterSeconds = 3; OutageSeconds = 5; BreakerBreakSeconds = 4; BreakerSamplingSeconds = 3; BackoffBaseSeconds = 2; BackoffMaxSeconds = 8; WaitTimeSeconds = 1; TimeoutSeconds = 180");

        /// <summary>
        /// Short enough that the failed tasks reach the DLQ in seconds, long enough that a batch's work (moto answering
        /// a loaded machine slowly) does not outlive it: at 2 s a successful task came back once under CI's load.
        /// </summary>
        [MotoFact]
        public void Async_tasks_passes_on_moto_with_a_short_visibility_timeout() =>
            Run("async-tasks", "VisibilityTimeout = 5; WaitTimeSeconds = 1; BatchWindowSeconds = 1; TimeoutSeconds = 120");

        [MotoFact]
        public void Backlog_drain_passes_on_moto_with_a_smaller_burst_and_a_shorter_staleness_limit() =>
            Run("backlog-drain", "BurstCount = 100; BurstRate = 20; StaleAfterSeconds = 3; VisibilityTimeout = 5; WaitTimeSeconds = 1; IdleTimeoutSeconds = 5");

        [MotoFact]
        public void Dlq_redrive_passes_on_moto_with_the_receive_send_delete_fallback()
        {
            var result = Run("dlq-redrive", Quick);
            Assert.Equal(SqsDemo.Engine.Work.Redrive.FallbackMethod, result.Checks.Single(c => c.Name.StartsWith("the redrive completed")).Detail);
        }

        [MotoFact]
        public void Backpressure_passes_on_moto_with_a_faster_producer_and_shorter_work() =>
            Run("backpressure", "Rate = 20; WorkSeconds = 0.2; IntervalSeconds = 1; QuietTicks = 2; VisibilityTimeout = 5; WaitTimeSeconds = 1; TimeoutSeconds = 120");

        /// <summary>moto's purge is instant: nothing sent after it is lost, and what it deleted is not reported per message.</summary>
        [MotoFact]
        public void Happy_purge_timing_passes_on_moto_and_reports_the_purge_as_not_observable()
        {
            var result = Run("happy-purge-timing", "DangerOffsets = 1, 2, 3; LateOffset = 5; VisibilityTimeout = 2; WaitTimeSeconds = 1; IdleTimeoutSeconds = 3");
            Assert.Contains(result.Checks, c => c.Name.StartsWith("the purge took only") && (string?)c.Actual == "not observable on this backend");
        }

        [MotoFact]
        public void Crash_passes_on_moto() => Run("crash", Quick + "; WaitAfterCrashSeconds = 3");

        [MotoFact]
        public void Poison_passes_on_moto_and_the_DLQ_holds_exactly_the_poison_messages()
        {
            var result = Run("poison", Quick);
            Assert.Contains(result.Checks, c => c.Name.StartsWith("moves happened") && (string?)c.Actual == "not observable on this backend");

            // Read the DLQ with the AWS SDK itself, apart from SqsDemo's own adapter.
            var poisonIds = result.Journal.Where(e => e.Kind == SqsDemo.Engine.Journal.JournalEventKind.Rejected).Select(e => e.BodyId).Distinct().OrderBy(x => x).ToArray();
            var dlqUrl = result.Journal.First(e => e.Kind == SqsDemo.Engine.Journal.JournalEventKind.QueueCreated && e.QueueUrl!.EndsWith("poison-dlq")).QueueUrl;
            using var sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = _moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region });
            var bodies = sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 0 }).GetAwaiter().GetResult().Messages ?? new System.Collections.Generic.List<Message>();
            var inDlq = bodies.Select(m => SqsDemo.Engine.Work.MessageBody.TryGetId(m.Body)).OrderBy(x => x).ToArray();
            Assert.Equal(2, poisonIds.Length);
            Assert.Equal(poisonIds, inDlq);
        }

        [MotoFact]
        public void Dup_side_effects_passes_on_moto_with_the_ledger_in_DynamoDB() => Run("dup-side-effects", Quick + "; WaitAfterCrashSeconds = 3");

        [MotoFact]
        public void Dup_passes_on_moto() => Run("dup", Quick + "; SideEffectDelaySeconds = 5");

        /// <summary>
        /// moto honours ChangeMessageVisibility, so the heartbeat is observable on the wall clock:
        /// a 6-second side effect against a 4-second visibility timeout, extended every second.
        /// </summary>
        [MotoFact]
        public void Heartbeat_passes_on_moto_with_one_receive()
        {
            var result = Run("heartbeat", "VisibilityTimeout = 4; WaitTimeSeconds = 1; HeartbeatSeconds = 1; SideEffectDelaySeconds = 6; IdleTimeoutSeconds = 10");
            Assert.Single(result.Journal, e => e.Kind == SqsDemo.Engine.Journal.JournalEventKind.Received);
            Assert.True(result.Journal.Count(e => e.Kind == SqsDemo.Engine.Journal.JournalEventKind.VisibilityExtended) >= 4);
        }

        [MotoFact]
        public void Business_passes_on_moto() => Run("business", Quick);

        [MotoFact]
        public void Poison_partial_batch_passes_on_moto() => Run("poison-partial-batch", Quick);

        [MotoFact]
        public void Dup_graceful_shutdown_passes_on_moto() => Run("dup-graceful-shutdown", "VisibilityTimeout = 10; WaitTimeSeconds = 1; SideEffectDelaySeconds = 3");

        /// <summary>
        /// moto 5.2.1 may deliver a FIFO group's next message while an earlier one is in flight
        /// (seen: 2, 3, 1, ...), which SQS never does. The scenario must report exactly that,
        /// never pass a broken order: it passes, or fails on the sequence log alone.
        /// </summary>
        [MotoFact]
        public void Fifo_order_on_moto_passes_or_reports_moto_breaking_group_order()
        {
            _session.Run($"Connect-DemoBackend -EndpointUrl '{_moto.Endpoint}' -Seed 7 | Out-Null").NoErrors();
            var result = _session.Run("Invoke-DemoScenario -Name fifo-order -Parameters @{ " + Quick + " }").Single<ScenarioResult>();
            Assert.Null(result.Error);
            var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray();
            Assert.True(failed.Length == 0 || failed.SequenceEqual(new[] { "the sequence log is 1..N in order" }), string.Join(", ", failed));
        }

        /// <summary>
        /// One consumer: moto does not isolate TransactWriteItems (README, "Where each backend stands"), so two
        /// consumers appending to the effect log at once can both take the same sequence number and one line is
        /// lost (CI saw version 6 missing from the seen log). The concurrent case runs on the embedded store.
        /// </summary>
        [MotoFact]
        public void Version_order_passes_on_moto() => Run("version-order", Quick + "; ConsumerCount = 1");

        [MotoFact]
        public void Out_of_order_passes_on_moto() => Run("out-of-order", Quick);
    }
}

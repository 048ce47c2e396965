using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Tests.Endpoint;
using Xunit;

namespace SqsDemo.Tests.Outside
{
    /// <summary>
    /// Where an outside consumer is judged: an endpoint on a free loopback port over an embedded run (scaled clock),
    /// an environment made through the engine (a standard queue with a redrive policy to its DLQ, and the ledger's
    /// two tables), the seeds' variables that point a consumer at them, and what the broker, the tables and the
    /// journal say afterwards. Dispose stops the endpoint.
    /// </summary>
    internal sealed class OutsideConsumerStage : IDisposable
    {
        public const double TimeScale = 10;
        /// <summary>Wall time any awaited condition gets: a safety net, far beyond what a healthy run needs.</summary>
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

        private readonly RunningEndpoint _endpoint;

        private OutsideConsumerStage(RunningEndpoint endpoint, DemoEnvironment environment)
        {
            _endpoint = endpoint;
            Environment = environment;
        }

        public DemoEnvironment Environment { get; }
        public EventJournal Journal => _endpoint.Run.Journal;

        /// <param name="visibilityTimeout">Scenario seconds (a tenth of that in wall time).</param>
        public static async Task<OutsideConsumerStage> CreateAsync(int visibilityTimeout, int maxReceiveCount)
        {
            var endpoint = new RunningEndpoint(TimeScale);
            try
            {
                var environment = await EnvironmentProvisioner.CreateAsync(endpoint.Run, new EnvironmentSpec
                {
                    Name = "outside", VisibilityTimeout = visibilityTimeout, MaxReceiveCount = maxReceiveCount, ReceiveWaitTime = 0, Ledger = true,
                });
                return new OutsideConsumerStage(endpoint, environment);
            }
            catch
            {
                endpoint.Dispose();
                throw;
            }
        }

        /// <summary>Sends one message as the producer; returns the broker's MessageId.</summary>
        public async Task<string> SendAsync(string body) =>
            (await _endpoint.Run.BrokerFor("producer").SendMessageAsync(new SendMessageRequest { QueueUrl = Environment.QueueUrl, MessageBody = body })).MessageId;

        /// <summary>Starts the program with the seeds' variables for this stage, <paramref name="knobs"/> added.</summary>
        public ConsumerProcess Start(ConsumerProgram program, IReadOnlyDictionary<string, string> knobs)
        {
            Assert.True(program.InstallProblem is null, program.InstallProblem);
            var variables = new Dictionary<string, string>(knobs)
            {
                ["QUEUE_URL"] = _endpoint.Endpoint.Sqs.Urls.ToClient(Environment.QueueUrl),
                ["AWS_ENDPOINT_URL"] = _endpoint.Endpoint.Url,
                ["AWS_REGION"] = RunningEndpoint.Region,
                ["AWS_ACCESS_KEY_ID"] = program.Name,
                ["AWS_SECRET_ACCESS_KEY"] = "dummy",
                ["MESSAGE_STATUS_TABLE"] = Environment.StatusTable!,
                ["MESSAGE_SIDE_EFFECTS_TABLE"] = Environment.SideEffectsTable!,
            };
            return new ConsumerProcess(program, variables);
        }

        /// <summary>
        /// Waits, woken by the journal, until <paramref name="count"/> events match; fails at once when the consumer
        /// ends first, and after <see cref="Patience"/> otherwise, with what the consumer printed.
        /// </summary>
        public async Task WaitForAsync(ConsumerProcess consumer, Func<JournalEvent, bool> predicate, int count, string what)
        {
            IReadOnlyList<JournalEvent> matches;
            try
            {
                matches = await Journal.WaitForAsync(predicate, count, TimeSpan.FromSeconds(Patience.TotalSeconds * TimeScale), consumer.Ended);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{consumer.Program.Name} ended before {what}.\n{consumer.Output}");
            }
            Assert.True(matches.Count >= count, $"Waited {Patience.TotalSeconds} s in vain for {what} ({matches.Count} of {count}).\n{consumer.Output}");
        }

        public IReadOnlyList<JournalEvent> Events(JournalEventKind kind, string? actor = null) =>
            Journal.Where(e => e.Kind == kind && (actor == null || e.Actor == actor));

        /// <summary>
        /// Every write to the side-effects table that took effect, as the endpoint saw it: each is a side effect
        /// (an unconditional put over an existing key included), a refused conditional put is not.
        /// </summary>
        public int SideEffectWrites(string actor) => Journal.Where(e => e.Kind == JournalEventKind.TableRequest && e.Actor == actor
            && e.Operation == "PutItem" && e.TableName == Environment.SideEffectsTable && e.ErrorCode == null).Count;

        /// <summary>Visible and in-flight messages of a queue.</summary>
        public async Task<(long Visible, long InFlight)> DepthAsync(string queueUrl)
        {
            var counts = await _endpoint.Run.Broker.GetQueueAttributesAsync(queueUrl,
                new[] { QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible });
            long Count(string name) => long.Parse(counts[name], CultureInfo.InvariantCulture);
            return (Count(QueueAttributeName.ApproximateNumberOfMessages), Count(QueueAttributeName.ApproximateNumberOfMessagesNotVisible));
        }

        /// <summary>Another consumer's side effect, written straight into the table (a conditional put, as a correct consumer does it).</summary>
        public Task PerformSideEffectAsRivalAsync(string key, string rivalMessageId) =>
            _endpoint.Run.Ledger.TryPerformSideEffectAsync(Environment.SideEffectsTable!, key, "rival-digest", rivalMessageId);

        public async Task<IReadOnlyDictionary<string, SideEffectRecord>> SideEffectsAsync() =>
            (await _endpoint.Run.Ledger.ListSideEffectsAsync(Environment.SideEffectsTable!)).ToDictionary(r => r.Key, StringComparer.Ordinal);

        public async Task<IReadOnlyDictionary<string, StatusRecord>> StatusRowsAsync() =>
            (await _endpoint.Run.Ledger.ListStatusAsync(Environment.StatusTable!)).ToDictionary(r => r.MessageId, StringComparer.Ordinal);

        public void Dispose() => _endpoint.Dispose();
    }
}

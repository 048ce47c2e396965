using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Outside;
using SqsDemo.Tests.Endpoint;
using Xunit;

namespace SqsDemo.Tests.Outside
{
    /// <summary>
    /// Where an outside consumer is judged: an endpoint on a free loopback port over an embedded run (scaled clock),
    /// an environment made through the engine (a standard queue with a redrive policy to its DLQ, and the ledger's
    /// two tables), consumers started by the engine's own <see cref="OutsideConsumerSupervisor"/> (the path
    /// Start-DemoConsumer -Command takes: the seeds' variables, SIGTERM then SIGKILL), and what the broker, the tables
    /// and the journal say afterwards. Dispose stops any consumer still running, then the endpoint.
    /// </summary>
    internal sealed class OutsideConsumerStage : IDisposable
    {
        public const double TimeScale = 10;
        /// <summary>Wall time any awaited condition gets: a safety net, far beyond what a healthy run needs.</summary>
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

        private readonly RunningEndpoint _endpoint;
        private readonly List<OutsideConsumerSupervisor> _consumers = new List<OutsideConsumerSupervisor>();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _output = new ConcurrentDictionary<string, ConcurrentQueue<string>>(StringComparer.Ordinal);

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

        /// <summary>
        /// Starts the program through the engine's supervisor, named after the program (its access key id, so the
        /// journal's actor), on this stage's queue and tables, <paramref name="knobs"/> added to the seeds' variables.
        /// </summary>
        public OutsideConsumerSupervisor Start(ConsumerProgram program, IReadOnlyDictionary<string, string> knobs)
        {
            Assert.True(program.InstallProblem is null, program.InstallProblem);
            var options = new OutsideConsumerOptions(ConsumerCommandLine.Parse(program.CommandLine), program.Name, Environment.QueueUrl)
            {
                StatusTable = Environment.StatusTable,
                SideEffectsTable = Environment.SideEffectsTable,
                StopTimeoutSeconds = StopTimeoutSeconds,
            };
            foreach (var (name, value) in knobs) options.Knobs[name] = value;
            var lines = _output.GetOrAdd(program.Name, _ => new ConcurrentQueue<string>());
            var consumer = OutsideConsumerSupervisor.Start(_endpoint.Run, _endpoint.Endpoint, options, (_, line) => lines.Enqueue(line.Text));
            lock (_consumers) _consumers.Add(consumer);
            return consumer;
        }

        /// <summary>Wall seconds a consumer has between SIGTERM and SIGKILL: its long poll and the message in hand, with room for a loaded machine.</summary>
        public const double StopTimeoutSeconds = 30;

        /// <summary>What the consumer printed (stdout and stderr), for a failure's message.</summary>
        public string OutputOf(OutsideConsumerSupervisor consumer) =>
            consumer.ConsumerId + " said:\n" + string.Join("\n", _output.TryGetValue(consumer.ConsumerId, out var lines) ? lines.ToArray() : Array.Empty<string>());

        /// <summary>SIGTERM, as Stop-Job sends it; how the consumer ended, once it has (SIGKILL after <see cref="StopTimeoutSeconds"/>).</summary>
        public async Task<OutsideConsumerSummary> StopAsync(OutsideConsumerSupervisor consumer) =>
            await Task.Run(consumer.Stop).WaitAsync(TimeSpan.FromSeconds(StopTimeoutSeconds) + Patience);

        /// <summary>
        /// Waits, woken by the journal, until <paramref name="count"/> events match; fails at once when the consumer
        /// ends first, and after <see cref="Patience"/> otherwise, with what the consumer printed.
        /// </summary>
        public async Task WaitForAsync(OutsideConsumerSupervisor consumer, Func<JournalEvent, bool> predicate, int count, string what)
        {
            IReadOnlyList<JournalEvent> matches;
            using var ended = new CancellationTokenSource();
            _ = consumer.Completion.ContinueWith(_ => ended.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                matches = await Journal.WaitForAsync(predicate, count, TimeSpan.FromSeconds(Patience.TotalSeconds * TimeScale), ended.Token);
            }
            catch (OperationCanceledException)
            {
                var summary = await consumer.Completion;
                throw new Xunit.Sdk.XunitException($"{consumer.ConsumerId} ended ({summary.Ending}: {summary.Reason}) before {what}.\n{OutputOf(consumer)}");
            }
            Assert.True(matches.Count >= count, $"Waited {Patience.TotalSeconds} s in vain for {what} ({matches.Count} of {count}).\n{OutputOf(consumer)}");
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

        public void Dispose()
        {
            OutsideConsumerSupervisor[] consumers;
            lock (_consumers) consumers = _consumers.ToArray();
            foreach (var consumer in consumers.Where(c => !c.Completion.IsCompleted)) consumer.Stop();
            _endpoint.Dispose();
        }
    }
}

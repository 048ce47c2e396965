using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Endpoint;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Outside;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Moto;

namespace SqsDemo.Tests.Outside
{
    /// <summary>
    /// An embedded run served on a free loopback port with one ledger environment, for running consumer processes
    /// against: the reference consumer (tests/clients/python/seed_consumer.py) or a one-line python3 program.
    /// </summary>
    internal sealed class OutsideRig : IDisposable
    {
        /// <summary>Wall time any one wait of these tests may take: generous, for a loaded machine.</summary>
        public static readonly TimeSpan WallBound = TimeSpan.FromSeconds(90);

        private readonly List<OutsideConsumerSupervisor> _supervisors = new List<OutsideConsumerSupervisor>();

        private OutsideRig(DemoRun run, DemoEndpoint endpoint, DemoEnvironment environment)
        {
            Run = run;
            Endpoint = endpoint;
            Environment = environment;
        }

        public DemoRun Run { get; }
        public DemoEndpoint Endpoint { get; }
        public DemoEnvironment Environment { get; }

        public static readonly string SeedConsumer = "\"" + MotoServer.Python + "\" \"" + Path.Combine(RepoPaths.Root, "tests", "clients", "python", "seed_consumer.py") + "\"";

        public static async Task<OutsideRig> StartAsync(double timeScale = 10, int visibilityTimeout = 300, int maxReceiveCount = 5, SqsDemo.Engine.Endpoint.Signing.SignatureVerifier? signatures = null)
        {
            var run = DemoRun.CreateEmbedded(timeScale, 19);
            var environment = await EnvironmentProvisioner.CreateAsync(run, new EnvironmentSpec
            {
                Name = "outside", VisibilityTimeout = visibilityTimeout, MaxReceiveCount = maxReceiveCount, ReceiveWaitTime = 0, Ledger = true,
            });
            return new OutsideRig(run, DemoEndpoint.Start(run, 0, signatures: signatures), environment);
        }

        /// <summary>Options for <paramref name="command"/> on the rig's queue and tables, polling briefly and never idling out.</summary>
        public OutsideConsumerOptions Options(string command, string consumerId = "consumer-1") =>
            new OutsideConsumerOptions(ConsumerCommandLine.Parse(command), consumerId, Environment.QueueUrl)
            {
                StatusTable = Environment.StatusTable,
                SideEffectsTable = Environment.SideEffectsTable,
                Knobs = { ["WAIT_TIME_SECONDS"] = "1", ["IDLE_TIMEOUT_SECONDS"] = "600" },
            };

        public OutsideConsumerSupervisor Start(OutsideConsumerOptions options, EventHandler<ProcessOutputLine>? onLine = null)
        {
            var supervisor = OutsideConsumerSupervisor.Start(Run, Endpoint, options, onLine);
            lock (_supervisors) _supervisors.Add(supervisor);
            return supervisor;
        }

        public async Task SendAsync(params string[] bodyIds)
        {
            foreach (var id in bodyIds)
                await Run.BrokerFor("producer").SendMessageAsync(new SqsDemo.Engine.Broker.SendMessageRequest { QueueUrl = Environment.QueueUrl, MessageBody = "{\"id\":\"" + id + "\"}" });
        }

        /// <summary>Waits (scenario time, bounded in wall time) until <paramref name="count"/> journal events match.</summary>
        public async Task<IReadOnlyList<JournalEvent>> WaitForAsync(Func<JournalEvent, bool> predicate, int count = 1)
        {
            using var bound = new CancellationTokenSource(WallBound);
            try
            {
                return await Run.Journal.WaitForAsync(predicate, count, TimeSpan.FromDays(1), bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The journal did not show what was awaited within " + WallBound.TotalSeconds + " s. It holds:\n" + Dump());
            }
        }

        /// <summary>The journal, a line an event, for a failure's message.</summary>
        public string Dump() => string.Join("\n", Run.Journal.Snapshot().Select(e => e.Sequence + " " + e.Actor + " " + e.Kind + " " + e.MessageId + " " + e.Operation + " " + e.Reason));

        /// <summary>The events of <paramref name="actor"/>, in journal order.</summary>
        public JournalEvent[] EventsOf(string actor) => Run.Journal.Snapshot().Where(e => e.Actor == actor).ToArray();

        public static async Task<OutsideConsumerSummary> EndedAsync(OutsideConsumerSupervisor supervisor) =>
            await supervisor.Completion.WaitAsync(WallBound);

        public void Dispose()
        {
            OutsideConsumerSupervisor[] supervisors;
            lock (_supervisors) supervisors = _supervisors.ToArray();
            foreach (var supervisor in supervisors)
            {
                if (supervisor.Completion.IsCompleted) continue;
                supervisor.Stop();
            }
            Endpoint.Stop();
        }
    }
}

using System;
using System.Collections.Generic;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Clock;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Tables;

namespace SqsDemo.Engine.Backends
{
    /// <summary>
    /// One run's world: a broker, its ledger, its clock, the seed and the journal. Actors reach the broker
    /// through <see cref="BrokerFor"/>, which records what they do. A session holds one (what
    /// Connect-DemoBackend made and Get-DemoBackend shows); each scenario gets a fresh one from
    /// <see cref="CreateRun"/> on the same backend.
    /// </summary>
    public sealed class DemoRun
    {
        private readonly ReceiptHandleTracker _handles = new ReceiptHandleTracker();
        private int _consumerCounter;
        private int _producerCounter;
        private int _continuousProducerCounter;

        private static readonly IReadOnlyDictionary<string, ProvisionedEnvironment> NoneProvisioned = new Dictionary<string, ProvisionedEnvironment>();

        private DemoRun(BackendKind kind, string description, IBroker broker, ILedger ledger, TimeProvider clock, double timeScale, int seed, string namePrefix = "", IReadOnlyDictionary<string, ProvisionedEnvironment>? provisioned = null)
        {
            Provisioned = provisioned ?? NoneProvisioned;
            NamePrefix = namePrefix;
            Ledger = ledger;
            Kind = kind;
            Description = description;
            Broker = broker;
            Clock = clock;
            TimeScale = timeScale;
            Seed = seed;
            Journal = new EventJournal(clock);
            Messages = new MessageRecord(complete: broker is IBrokerNotifications);
            Journal.Appended += (_, e) => Messages.Observe(e);
            if (broker is IBrokerNotifications notifications) notifications.Notified += OnBrokerNotified;
        }

        /// <summary>The default scale: ten scenario seconds in half a wall second.</summary>
        public const double DefaultTimeScale = 20;

        public BackendKind Kind { get; }
        public string Description { get; }
        /// <summary>The broker without journaling, for code that must not be recorded (benchmarks, probes).</summary>
        public IBroker Broker { get; }
        /// <summary>The idempotency ledger: DynamoDB's tables, in memory on the embedded backend (<see cref="Tables"/>), real ones elsewhere.</summary>
        public ILedger Ledger { get; }

        /// <summary>The ledger's item store; on the embedded backend, the in-memory tables the endpoint also serves.</summary>
        public ITableStore? Tables => (Ledger as DynamoDbLedger)?.Store;
        public TimeProvider Clock { get; }
        /// <summary>Scenario seconds per wall second (1 on real endpoints).</summary>
        public double TimeScale { get; }
        public int Seed { get; }
        /// <summary>
        /// Prefixed to every queue and table this run creates. Empty on the embedded backend
        /// (each run has a broker of its own); on shared endpoints and AWS it keeps parallel and
        /// repeated runs from meeting each other's queues.
        /// </summary>
        public string NamePrefix { get; }
        public EventJournal Journal { get; }

        /// <summary>Every message this run's broker held, whoever sent or deleted it: what accounting reads.</summary>
        public MessageRecord Messages { get; }

        /// <summary>
        /// Environments that already exist (created by the project's Terraform), by name: New-DemoEnvironment
        /// adopts these instead of creating queues and tables of its own.
        /// </summary>
        public IReadOnlyDictionary<string, ProvisionedEnvironment> Provisioned { get; }

        /// <summary>DLQ redrives on this run: message move tasks, or the fallback mover where the backend has none.</summary>
        public Work.Redrive Redrive => System.Threading.LazyInitializer.EnsureInitialized(ref _redrive, () => new Work.Redrive(this))!;

        private Work.Redrive? _redrive;

        /// <summary>Scenario time since this run began.</summary>
        public TimeSpan ScenarioTime => Clock.GetUtcNow() - Journal.StartedAt;

        public static DemoRun CreateEmbedded(double timeScale = DefaultTimeScale, int? seed = null, EmbeddedBrokerOptions? options = null) =>
            CreateEmbedded(new ScaledTimeProvider(timeScale), timeScale, seed ?? NewSeed(), options);

        /// <summary>The broker's chaos where it is not the default, for the run's description: ", duplicates 5%, reorder window 0".</summary>
        private static string ChaosOf(EmbeddedBrokerOptions options)
        {
            var defaults = new EmbeddedBrokerOptions();
            var text = "";
            if (options.DuplicateDeliveryRate != defaults.DuplicateDeliveryRate) text += FormattableString.Invariant($", duplicates {options.DuplicateDeliveryRate:0.###%}");
            if (options.ReorderWindow != defaults.ReorderWindow) text += FormattableString.Invariant($", reorder window {options.ReorderWindow}");
            return text;
        }

        /// <summary>An embedded backend on a clock of the caller's: a test's manual clock moves it step by step.</summary>
        internal static DemoRun CreateEmbedded(TimeProvider clock, double timeScale, int actualSeed, EmbeddedBrokerOptions? options)
        {
            // Every embedded broker names itself in its queue URLs, so that a URL finds it from any runspace (BackendDirectory).
            var named = (options ?? new EmbeddedBrokerOptions()).Validated();
            named.BrokerId ??= BackendDirectory.NewBrokerId();
            var broker = new EmbeddedBroker(clock, actualSeed, named);
            var backend = new DemoRun(BackendKind.Embedded, FormattableString.Invariant($"Embedded (time x{timeScale:0.###}, seed {actualSeed}{ChaosOf(named)})"), broker, DynamoDbLedger.InMemory(clock), clock, timeScale, actualSeed);
            BackendDirectory.Register(broker.Options.BrokerId!, backend);
            return backend;
        }

        /// <summary>
        /// An SQS/DynamoDB-compatible endpoint (LocalStack, moto, ElasticMQ) or AWS itself, on
        /// the wall clock, its queues and tables named apart by a prefix of its own.
        /// </summary>
        public static DemoRun CreateRemote(BackendKind kind, string description, IBroker broker, ILedger ledger, int? seed = null, IReadOnlyDictionary<string, ProvisionedEnvironment>? provisioned = null)
        {
            if (kind == BackendKind.Embedded) throw new ArgumentException("Use CreateEmbedded for the embedded backend.", nameof(kind));
            return new DemoRun(kind, description, broker, ledger, TimeProvider.System, 1, seed ?? NewSeed(), NewNamePrefix(), provisioned);
        }

        private static string NewNamePrefix() => "sqsdemo-" + Guid.NewGuid().ToString("N").Substring(0, 6) + "-";

        /// <summary>
        /// A fresh run on the same kind of backend: on the embedded one, a new broker (empty
        /// queues) on a new clock; elsewhere the same connection with a new journal.
        /// </summary>
        public DemoRun CreateRun(int? seed = null, double? timeScale = null)
        {
            // A run keeps the broker's chaos (duplicate deliveries, reordering), under a name of its own.
            if (Kind == BackendKind.Embedded)
                return CreateEmbedded(timeScale ?? TimeScale, seed, (Broker as Broker.Embedded.EmbeddedBroker)?.Options.ForAnotherBroker());
            var actualSeed = seed ?? NewSeed();
            return new DemoRun(Kind, Description, Broker, Ledger, Clock, TimeScale, actualSeed, NewNamePrefix(), Provisioned);
        }

        /// <summary>The broker as <paramref name="actor"/> sees it: every call is journaled under that name.</summary>
        public JournalingBroker BrokerFor(string actor) => new JournalingBroker(Broker, Journal, _handles, Clock, actor);

        /// <summary>
        /// Whether a stop may cut a long poll short. The embedded broker takes nothing from a long poll it
        /// cancels; a remote SQS may already have made messages invisible when the HTTP call is dropped,
        /// leaving them in flight for a whole visibility timeout, so there a stop waits for the poll.
        /// </summary>
        public bool CanAbandonLongPoll => Kind == BackendKind.Embedded;

        /// <summary>A random stream of <paramref name="actor"/>'s own, derived from the run's seed.</summary>
        public SeededRandom RandomFor(string actor) => SeededRandom.Derive(Seed, actor);

        /// <summary>consumer-1, consumer-2, ... in this run: stable names, so each consumer's random stream replays with the seed.</summary>
        public string NextConsumerId() => "consumer-" + System.Threading.Interlocked.Increment(ref _consumerCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// A random stream for the next producer of this run (producer#1, producer#2, ...): each
        /// Send-DemoMessage generates new bodies, and the run still replays with its seed.
        /// </summary>
        public SeededRandom NextProducerRandom() =>
            RandomFor("producer#" + System.Threading.Interlocked.Increment(ref _producerCounter).ToString(System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>producer-1, producer-2, ... for continuous producers of this run: each name is its own random stream.</summary>
        public string NextProducerName() => "producer-" + System.Threading.Interlocked.Increment(ref _continuousProducerCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static int NewSeed() => Math.Abs(Guid.NewGuid().GetHashCode() % 1_000_000_000);

        private void OnBrokerNotified(object? sender, BrokerNotificationEventArgs e)
        {
            Messages.Observe(e);
            switch (e.Kind)
            {
                case BrokerNotificationKind.MovedToDeadLetterQueue:
                    Journal.Record(JournalEventKind.MovedToDeadLetterQueue, e.QueueUrl, e.MessageId, "broker", e.ReceiveCount, detail: "moved to " + e.TargetQueueUrl, time: e.Time,
                        facts: new JournalFacts { TargetQueueUrl = e.TargetQueueUrl });
                    break;
                case BrokerNotificationKind.PurgedMessage:
                    Journal.Record(JournalEventKind.PurgedMessage, e.QueueUrl, e.MessageId, "broker", detail: e.Detail, time: e.Time);
                    break;
                case BrokerNotificationKind.RetentionExpired:
                    Journal.Record(JournalEventKind.RetentionExpired, e.QueueUrl, e.MessageId, "broker", detail: e.Detail, time: e.Time);
                    break;
                case BrokerNotificationKind.MessageMoved:
                    Journal.Record(JournalEventKind.Redriven, e.TargetQueueUrl, e.NewMessageId, "broker",
                        detail: "redriven from " + e.QueueUrl + ", was message " + e.MessageId, time: e.Time,
                        facts: new JournalFacts { SourceQueueUrl = e.QueueUrl, SourceMessageId = e.MessageId });
                    break;
                case BrokerNotificationKind.StaleReceiptHandleIgnored:
                    Journal.Record(JournalEventKind.Note, e.QueueUrl, e.MessageId, "broker", detail: "a delete with a superseded receipt handle did not delete the message", time: e.Time,
                        facts: new JournalFacts { ReceiptGeneration = e.ReceiptGeneration });
                    break;
            }
        }

        public override string ToString() => Description;
    }
}

using System;
using System.Globalization;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Clock;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work.Outages;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>
    /// What one incarnation of a consumer holds for its whole life, and loses in a crash: its
    /// broker, seeded random stream, in-memory cache, bound ledger, handler and dependency. What
    /// belongs to one message is in <see cref="MessageInHand"/>, never here.
    /// </summary>
    internal sealed class Incarnation
    {
        public Incarnation(DemoRun backend, ConsumerOptions options, Action<string> warn)
        {
            Backend = backend;
            Options = options;
            Broker = backend.BrokerFor(options.ConsumerId);
            Random = backend.RandomFor(options.ConsumerId);
            Cache = new IdempotencyCache(options.Work.IdempotencyCacheSize);
            Summary = new ConsumerSummary { ConsumerId = options.ConsumerId };
            QueueIsFifo = Environments.QueueAddress.IsFifo(options.QueueUrl);
            Ledger = options.Ledger.UsesLedger || options.Ledger.Versioning || !string.IsNullOrEmpty(options.Ledger.EffectLogTable) || !string.IsNullOrEmpty(options.Ledger.ResultsTable)
                ? new BoundLedger(backend.Ledger, options.Ledger.StatusTable, options.Ledger.SideEffectsTable, options.Ledger.EffectLogTable, options.Ledger.VersionsTable, options.Ledger.ResultsTable)
                : null;
            Batches = BatchMode.For(this);
            Outage = new BackendOutage(backend.Clock, options.Receive.MaxOutageSeconds, Random.NextDouble, RecordUnavailable, RecordRecovered);
            _warn = warn;
        }

        private readonly Action<string> _warn;

        public DemoRun Backend { get; }
        public ConsumerOptions Options { get; }
        public JournalingBroker Broker { get; }
        public SeededRandom Random { get; }
        public IdempotencyCache Cache { get; }
        public ConsumerSummary Summary { get; }
        public BoundLedger? Ledger { get; }
        public BatchMode Batches { get; }
        /// <summary>How this incarnation waits out its backend's outages: the receive is retried through it.</summary>
        public BackendOutage Outage { get; }
        public bool QueueIsFifo { get; }
        /// <summary>Unique per incarnation, even across processes that share a consumer id: part of every owner token.</summary>
        public string Instance { get; } = Guid.NewGuid().ToString("N").Substring(0, 12);
        public string ConsumerId => Options.ConsumerId;
        public TimeProvider Clock => Backend.Clock;

        public IMessageHandler? Handler { get; set; }
        public DependencyClient? Dependency { get; set; }
        /// <summary>From the forward queue's FifoQueue attribute, read when the loop starts.</summary>
        public bool ForwardIsFifo { get; set; }
        public Action<ConsumerRecord> OnRecord { get; set; } = _ => { };
        public CancellationToken StopRequested { get; set; }
        /// <summary>Messages handled so far, this one included: the ordinal that LongSleepEvery counts.</summary>
        public int HandledCount { get; set; }
        /// <summary>The message the handler is working on: what the dependency's and breaker's events are recorded against.</summary>
        public MessageInHand? InHandler { get; set; }

        /// <summary>What a user should know but that does not stop the consumer.</summary>
        public void Warn(string text) => _warn(ConsumerId + ": " + text);

        /// <summary>Records an event in the journal only.</summary>
        public void RecordEvent(JournalEventKind kind, MessageInHand message, string? detail, JournalFacts? facts = null)
        {
            var m = message.Message;
            Backend.Journal.Record(kind, Options.QueueUrl, m.MessageId, ConsumerId, m.ApproximateReceiveCount, m.ReceiptHandle, detail, message.BodyId, facts: facts);
        }

        /// <summary>Records how a message ended, in the journal and as the consumer's output record.</summary>
        public void RecordOutcome(JournalEventKind kind, MessageOutcome outcome, Message message, string? detail, JournalFacts? facts = null)
        {
            var bodyId = MessageInHand.BodyIdOf(message);
            var entry = Backend.Journal.Record(kind, Options.QueueUrl, message.MessageId, ConsumerId, message.ApproximateReceiveCount, message.ReceiptHandle, detail, bodyId, facts: facts);
            OnRecord(new ConsumerRecord
            {
                ConsumerId = ConsumerId,
                MessageId = message.MessageId,
                BodyId = bodyId,
                ReceiveCount = message.ApproximateReceiveCount,
                Outcome = outcome,
                ScenarioTime = entry.ScenarioTime,
                Detail = detail,
            });
        }

        public void RecordOutcome(JournalEventKind kind, MessageOutcome outcome, MessageInHand message, string? detail, JournalFacts? facts = null) =>
            RecordOutcome(kind, outcome, message.Message, detail, facts);

        /// <summary>A dependency or breaker event, against the message in the handler (or the queue, between messages).</summary>
        public void RecordDependencyEvent(JournalEventKind kind, string detail, JournalFacts facts)
        {
            var message = InHandler;
            if (message == null) Backend.Journal.Record(kind, Options.QueueUrl, actor: ConsumerId, detail: detail, facts: facts);
            else RecordEvent(kind, message, detail, facts);
        }

        private void RecordUnavailable(string operation, Exception error)
        {
            var code = (error as SqsException)?.ErrorCode ?? (error as LedgerException)?.ErrorCode ?? error.GetType().Name;
            var budget = Seconds(Options.Receive.MaxOutageSeconds);
            Backend.Journal.Record(JournalEventKind.BackendUnavailable, Options.QueueUrl, actor: ConsumerId,
                detail: operation + " failed (" + code + "): waiting it out for up to " + budget + " s",
                facts: new JournalFacts { Operation = operation, Error = error.Message, ErrorCode = code });
            Warn("the backend is unavailable (" + operation + ": " + code + "); retrying with backoff for up to " + budget + " s");
        }

        private void RecordRecovered(TimeSpan lasted, int failedAttempts)
        {
            var attempts = failedAttempts.ToString(CultureInfo.InvariantCulture);
            Backend.Journal.Record(JournalEventKind.BackendRecovered, Options.QueueUrl, actor: ConsumerId,
                detail: "back after " + BackendOutage.Seconds(lasted) + " s, " + attempts + " failed attempt(s)",
                facts: new JournalFacts { OutageSeconds = lasted.TotalSeconds, Attempts = failedAttempts });
        }

        /// <summary>
        /// One receive from the consumer's queue, retried through an outage of the backend (<see cref="Outage"/>). A stop cuts it short only where the backend can
        /// abandon a long poll without leaving what it took in flight (<see cref="DemoRun.CanAbandonLongPoll"/>).
        /// </summary>
        public Task<IReadOnlyList<Message>> ReceiveAsync(int max, int waitSeconds) =>
            Outage.CallAsync("ReceiveMessage", () => Broker.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = Options.QueueUrl,
                MaxNumberOfMessages = max,
                WaitTimeSeconds = waitSeconds,
                VisibilityTimeout = Options.Receive.VisibilityTimeout,
            }, Backend.CanAbandonLongPoll ? StopRequested : CancellationToken.None), StopRequested);

        public static string Seconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);
    }
}

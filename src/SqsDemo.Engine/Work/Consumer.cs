using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Work.Outages;
using SqsDemo.Engine.Work.Pipeline;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// One incarnation of a consumer: a <see cref="ReceiveLoop"/> that hands each message to the
    /// ordered steps of <see cref="MessagePipeline"/> (read that list for the order of effects). A
    /// crash is abrupt: nothing after it runs, the in-memory cache is gone, and the messages it held
    /// stay in flight until their visibility timeout ends. A stop request is graceful: the message
    /// being processed is finished, the rest of the batch is handed back (an event source mapping
    /// finishes its batch), then the loop ends.
    /// </summary>
    public sealed class Consumer
    {
        private readonly DemoRun _backend;
        private readonly ConsumerOptions _options;
        private readonly Incarnation _incarnation;

        /// <summary>How long a graceful stop waits for a handler still at work (ECS's default stopTimeout) before stopping it.</summary>
        public static readonly TimeSpan HandlerStopGrace = TimeSpan.FromSeconds(30);

        public Consumer(DemoRun backend, ConsumerOptions options)
        {
            options.Validate();
            _backend = backend;
            _options = options.Clone();
            _incarnation = new Incarnation(backend, _options, text => Warning?.Invoke(this, text));
        }

        public string ConsumerId => _options.ConsumerId;

        /// <summary>Raised for what a user should know but that does not stop the consumer (a delete that failed).</summary>
        public event EventHandler<string>? Warning;

        /// <summary>
        /// The checks that need the backend, made before anything is received: the ledger's tables must exist
        /// (<see cref="LedgerTablesMissingException"/>), the forward queue must exist, and a heartbeat must come
        /// sooner than the visibility timeout it extends, which is the queue's when the options give none. Throws ArgumentException
        /// naming both; a queue that cannot be read is left for the consumer itself to report.
        /// </summary>
        public static async Task ValidateAgainstQueueAsync(DemoRun backend, ConsumerOptions options, CancellationToken cancellationToken = default)
        {
            await LedgerTablesCheck.EnsureExistAsync(backend, options, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.Forward.QueueUrl))
            {
                try
                {
                    await backend.Broker.GetQueueAttributesAsync(options.Forward.QueueUrl!, new[] { QueueAttributeName.FifoQueue }, cancellationToken).ConfigureAwait(false);
                }
                catch (SqsException e) when (e.ErrorCode == SqsErrorCode.QueueDoesNotExist)
                {
                    throw new ArgumentException("ForwardQueueUrl names no queue: " + options.Forward.QueueUrl, "ForwardQueueUrl", e);
                }
            }
            if (options.Receive.HeartbeatSeconds == null || options.Receive.VisibilityTimeout != null || string.IsNullOrEmpty(options.QueueUrl)) return;
            IReadOnlyDictionary<string, string> attributes;
            try
            {
                attributes = await backend.Broker.GetQueueAttributesAsync(options.QueueUrl, new[] { QueueAttributeName.VisibilityTimeout }, cancellationToken).ConfigureAwait(false);
            }
            catch (SqsException)
            {
                return;
            }
            if (attributes.TryGetValue(QueueAttributeName.VisibilityTimeout, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var visibility))
                options.Receive.ValidateHeartbeat(visibility, "the queue's VisibilityTimeout");
        }

        /// <summary>
        /// Runs until idle, the message limit, a crash, a fault, or <paramref name="stopRequested"/>.
        /// Never throws for those endings: the summary says how it ended.
        /// </summary>
        public async Task<ConsumerSummary> RunAsync(Action<ConsumerRecord>? onRecord, CancellationToken stopRequested)
        {
            var consumer = _incarnation;
            var summary = consumer.Summary;
            consumer.OnRecord = onRecord ?? (_ => { });
            consumer.StopRequested = stopRequested;
            summary.StartedAt = _backend.ScenarioTime;
            string? errorCode = null;
            _backend.Journal.Record(JournalEventKind.ConsumerStarted, _options.QueueUrl, actor: ConsumerId, detail: ConsumerDescription.Of(_options),
                facts: new JournalFacts { MaxMessages = _options.Receive.MaxMessages, HeartbeatSeconds = _options.Receive.HeartbeatSeconds, StaleAfterSeconds = _options.Receive.StaleAfterSeconds });
            try
            {
                if (_options.Work.Dependency != null)
                    consumer.Dependency = new DependencyClient(_options.Work.Dependency, _options.Work.Breaker, _backend.Clock, consumer.RecordDependencyEvent);
                consumer.Handler = _options.Work.HandlerFactory?.Invoke();
                summary.Ending = await new ReceiveLoop(consumer).RunAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
            {
                // A stop while a call was being retried through an outage: stopped, not faulted.
                summary.Ending = ConsumerEnding.Stopped;
            }
            catch (Exception e)
            {
                (summary.Ending, summary.Reason) = EndingFor(e);
                errorCode = (e as SqsException)?.ErrorCode ?? (e as LedgerException)?.ErrorCode ?? (e as BackendOutageException)?.ErrorCode;
            }
            finally
            {
                // A crash loses the handler (its runspace, its state) as a dead process would.
                consumer.Handler?.Dispose();
                consumer.Handler = null;
            }
            summary.EndedAt = _backend.ScenarioTime;
            _backend.Journal.Record(JournalEventKind.ConsumerEnded, _options.QueueUrl, actor: ConsumerId,
                detail: summary.Ending + (summary.Reason == null ? "" : ": " + summary.Reason),
                facts: new JournalFacts { Ending = summary.Ending, Reason = summary.Reason, ErrorCode = errorCode });
            return summary;
        }

        /// <summary>
        /// How an exception ends the loop: a crash as Crashed; a broker's or ledger's error, or
        /// anything else, as Faulted, still reported (ConsumerEnded is journaled and the summary says why).
        /// </summary>
        private static (ConsumerEnding, string) EndingFor(Exception e)
        {
            switch (e)
            {
                case ConsumerCrash crash: return (ConsumerEnding.Crashed, crash.Message);
                case SqsException sqs: return (ConsumerEnding.Faulted, sqs.ErrorCode + ": " + sqs.Message);
                case LedgerException ledger: return (ConsumerEnding.Faulted, ledger.ErrorCode + ": " + ledger.Message);
                case BackendOutageException outage: return (ConsumerEnding.Faulted, outage.Message);
                default: return (ConsumerEnding.Faulted, e.GetType().Name + ": " + e.Message);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Clock;

namespace SqsDemo.Engine.Work
{
    public sealed class ProducerOptions
    {
        /// <summary>How many bodies to generate when <see cref="Bodies"/> is not given.</summary>
        public int Count { get; set; }
        /// <summary>Messages per scenario second; 0 sends as fast as the broker takes them.</summary>
        public double Rate { get; set; }
        /// <summary>1 sends one by one; 2-10 use SendMessageBatch.</summary>
        public int BatchSize { get; set; } = 1;
        /// <summary>This many generated messages are poison, at positions drawn from the seed.</summary>
        public int PoisonCount { get; set; }
        /// <summary>Every Nth generated message is poison (0-based positions N-1, 2N-1, ...).</summary>
        public int PoisonEvery { get; set; }
        /// <summary>Bodies given by the caller, sent as they are.</summary>
        public IReadOnlyList<string>? Bodies { get; set; }
        /// <summary>Per-message delay (standard queues).</summary>
        public int? DelaySeconds { get; set; }
        public string Actor { get; set; } = "producer";
        /// <summary>Seed of the generated bodies and poison positions; null derives it from the run's seed.</summary>
        public int? Seed { get; set; }
        /// <summary>Send in an order shuffled from the seed (e.g. entity versions arriving out of order).</summary>
        public bool Shuffle { get; set; }
        /// <summary>FIFO: every message's group (unless a planned message says otherwise).</summary>
        public string? MessageGroupId { get; set; }
        /// <summary>FIFO: take each message's group from this body field.</summary>
        public string? MessageGroupField { get; set; }

        public void Validate()
        {
            if (Count < 0) throw new ArgumentOutOfRangeException(nameof(Count), Count, "Count must be 0 or more.");
            if (Rate < 0 || double.IsNaN(Rate) || double.IsInfinity(Rate)) throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "Rate must be 0 (unthrottled) or a positive number of messages per second.");
            if (BatchSize < 1 || BatchSize > SqsLimits.MaxBatchEntries) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 10.");
            if (PoisonCount < 0 || (Bodies == null && PoisonCount > Count)) throw new ArgumentOutOfRangeException(nameof(PoisonCount), PoisonCount, "PoisonCount must be between 0 and Count.");
            if (PoisonEvery < 0) throw new ArgumentOutOfRangeException(nameof(PoisonEvery), PoisonEvery, "PoisonEvery must be 0 (off) or more.");
            if (PoisonCount > 0 && PoisonEvery > 0) throw new ArgumentException("Use PoisonCount or PoisonEvery, not both.");
        }
    }

    /// <summary>One message a producer is about to send.</summary>
    public sealed class PlannedMessage
    {
        public int Index { get; set; }
        public string Body { get; set; } = "";
        public bool Poison { get; set; }
        public string? MessageGroupId { get; set; }
        public string? DeduplicationId { get; set; }
    }

    /// <summary>One message the producer sent.</summary>
    public sealed class SentMessage
    {
        public int Index { get; set; }
        public string QueueUrl { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string? BodyId { get; set; }
        public string Body { get; set; } = "";
        public bool Poison { get; set; }
        public string? SequenceNumber { get; set; }
        public string? MessageGroupId { get; set; }
        public string MD5OfMessageBody { get; set; } = "";
        public TimeSpan ScenarioTime { get; set; }
    }

    /// <summary>One message the broker refused (a per-entry batch failure or a rejected send).</summary>
    public sealed class SendFailure
    {
        public SendFailure(int index, string body, SqsException error)
        {
            Index = index;
            Body = body;
            Error = error;
        }

        public int Index { get; }
        public string Body { get; }
        public SqsException Error { get; }
    }

    /// <summary>Sends generated or given bodies to a queue, paced on the run's clock.</summary>
    public sealed class Producer
    {
        private readonly DemoRun _backend;
        private readonly ProducerOptions _options;
        private readonly IBroker _broker;
        private readonly SeededRandom _random;

        public Producer(DemoRun backend, ProducerOptions options)
        {
            options.Validate();
            _backend = backend;
            _options = options;
            _broker = backend.BrokerFor(options.Actor);
            _random = options.Seed is int seed ? SeededRandom.Derive(seed, options.Actor) : backend.NextProducerRandom();
        }

        /// <summary>How many messages this run will send.</summary>
        public int Total => _options.Bodies?.Count ?? _options.Count;

        /// <summary>
        /// Sends every message. Refusals of single messages go to <paramref name="onFailed"/>
        /// and the rest go on; request-level errors (a missing queue) end the run by throwing.
        /// </summary>
        public async Task RunAsync(string queueUrl, Action<SentMessage> onSent, Action<SendFailure> onFailed, CancellationToken cancellationToken)
        {
            var plan = Plan();
            if (!string.IsNullOrEmpty(_options.MessageGroupField))
                foreach (var planned in plan)
                    planned.MessageGroupId ??= MessageBody.TryGetString(planned.Body, _options.MessageGroupField!);
            var started = _backend.Clock.GetUtcNow();
            for (var first = 0; first < plan.Count; first += _options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_options.Rate > 0)
                {
                    var due = started + TimeSpan.FromSeconds(first / _options.Rate);
                    var wait = due - _backend.Clock.GetUtcNow();
                    if (wait > TimeSpan.Zero) await _backend.Clock.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
                var batch = plan.Skip(first).Take(_options.BatchSize).ToArray();
                if (_options.BatchSize == 1)
                    await SendOneAsync(queueUrl, batch[0], onSent, onFailed, cancellationToken).ConfigureAwait(false);
                else
                    await SendBatchAsync(queueUrl, batch, onSent, onFailed, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Sends generated messages at <see cref="ProducerOptions.Rate"/> until <paramref name="stop"/> is
        /// cancelled (then it returns, having finished the send in hand) or <paramref name="limit"/> messages
        /// went out. Bodies are generated as they go (PoisonEvery applies), so a long run holds no plan.
        /// Returns how many were sent.
        /// </summary>
        public async Task<int> RunContinuouslyAsync(string queueUrl, Action<SentMessage> onSent, Action<SendFailure> onFailed, CancellationToken stop, int? limit = null)
        {
            if (_options.Rate <= 0) throw new InvalidOperationException("A continuous producer needs a rate above 0.");
            if (_options.Bodies != null) throw new InvalidOperationException("A continuous producer generates its bodies.");
            var started = _backend.Clock.GetUtcNow();
            var sent = 0;
            var next = 0;
            while (!stop.IsCancellationRequested && (limit == null || next < limit))
            {
                var due = started + TimeSpan.FromSeconds(next / _options.Rate);
                var wait = due - _backend.Clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await _backend.Clock.Delay(wait, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        break;
                    }
                }
                var size = limit is int l ? Math.Min(_options.BatchSize, l - next) : _options.BatchSize;
                var batch = new PlannedMessage[size];
                for (var i = 0; i < size; i++) batch[i] = Generate(next + i, _options.PoisonEvery > 0 && (next + i + 1) % _options.PoisonEvery == 0);
                next += size;
                // The send in hand is finished even when a stop arrives meanwhile: a stop is graceful.
                void Counted(SentMessage m) { sent++; onSent(m); }
                if (size == 1) await SendOneAsync(queueUrl, batch[0], Counted, onFailed, CancellationToken.None).ConfigureAwait(false);
                else await SendBatchAsync(queueUrl, batch, Counted, onFailed, CancellationToken.None).ConfigureAwait(false);
            }
            return sent;
        }

        private PlannedMessage Generate(int index, bool poison)
        {
            var id = _random.NextGuid();
            var body = poison ? MessageBody.Poison(id) : MessageBody.Work(id, _random.Next(1, 1001));
            var planned = new PlannedMessage { Index = index, Body = body, Poison = poison, MessageGroupId = _options.MessageGroupId };
            if (!string.IsNullOrEmpty(_options.MessageGroupField)) planned.MessageGroupId ??= MessageBody.TryGetString(body, _options.MessageGroupField!);
            return planned;
        }

        private async Task SendOneAsync(string queueUrl, PlannedMessage planned, Action<SentMessage> onSent, Action<SendFailure> onFailed, CancellationToken cancellationToken)
        {
            try
            {
                var result = await _broker.SendMessageAsync(new SendMessageRequest
                {
                    QueueUrl = queueUrl,
                    MessageBody = planned.Body,
                    DelaySeconds = _options.DelaySeconds,
                    MessageGroupId = planned.MessageGroupId,
                    MessageDeduplicationId = planned.DeduplicationId,
                }, cancellationToken).ConfigureAwait(false);
                onSent(Sent(queueUrl, planned, result.MessageId, result.MD5OfMessageBody, result.SequenceNumber));
            }
            catch (SqsException e) when (IsAboutTheMessage(e))
            {
                onFailed(new SendFailure(planned.Index, planned.Body, e));
            }
        }

        private async Task SendBatchAsync(string queueUrl, PlannedMessage[] batch, Action<SentMessage> onSent, Action<SendFailure> onFailed, CancellationToken cancellationToken)
        {
            var entries = batch.Select(p => new SendMessageBatchRequestEntry
            {
                Id = "m" + p.Index.ToString(CultureInfo.InvariantCulture),
                MessageBody = p.Body,
                DelaySeconds = _options.DelaySeconds,
                MessageGroupId = p.MessageGroupId,
                MessageDeduplicationId = p.DeduplicationId,
            }).ToArray();
            SendMessageBatchResult result;
            try
            {
                result = await _broker.SendMessageBatchAsync(queueUrl, entries, cancellationToken).ConfigureAwait(false);
            }
            catch (SqsException e) when (e.ErrorCode == SqsErrorCode.BatchRequestTooLong)
            {
                // The batch as a whole is too large: send its messages one by one, so only
                // the ones too large on their own are refused.
                foreach (var planned in batch) await SendOneAsync(queueUrl, planned, onSent, onFailed, cancellationToken).ConfigureAwait(false);
                return;
            }
            var byEntryId = batch.ToDictionary(p => "m" + p.Index.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
            foreach (var ok in result.Successful)
                onSent(Sent(queueUrl, byEntryId[ok.Id], ok.MessageId, ok.MD5OfMessageBody, ok.SequenceNumber));
            foreach (var failed in result.Failed)
            {
                var planned = byEntryId[failed.Id];
                onFailed(new SendFailure(planned.Index, planned.Body, new SqsException(failed.Code, failed.Message, failed.SenderFault)));
            }
        }

        private SentMessage Sent(string queueUrl, PlannedMessage planned, string messageId, string md5, string? sequenceNumber) => new SentMessage
        {
            Index = planned.Index,
            QueueUrl = queueUrl,
            MessageId = messageId,
            BodyId = MessageBody.TryGetId(planned.Body),
            Body = planned.Body,
            Poison = planned.Poison,
            SequenceNumber = sequenceNumber,
            MessageGroupId = planned.MessageGroupId,
            MD5OfMessageBody = md5,
            ScenarioTime = _backend.ScenarioTime,
        };

        private static bool IsAboutTheMessage(SqsException e) =>
            e.ErrorCode == SqsErrorCode.InvalidMessageContents || e.ErrorCode == SqsErrorCode.InvalidParameterValue || e.ErrorCode == SqsErrorCode.MissingParameter;

        /// <summary>
        /// The messages this producer will send, bodies generated from its seed; callers may
        /// set each one's FIFO group and deduplication id before <see cref="RunAsync"/>.
        /// </summary>
        public IReadOnlyList<PlannedMessage> Plan() => _plan ??= MakePlan();

        private List<PlannedMessage>? _plan;

        private List<PlannedMessage> MakePlan()
        {
            var plan = MakeOrderedPlan();
            if (!_options.Shuffle) return plan;
            var shuffled = plan.ToArray();
            _random.Shuffle(shuffled);
            for (var i = 0; i < shuffled.Length; i++) shuffled[i].Index = i;
            return shuffled.ToList();
        }

        private List<PlannedMessage> MakeOrderedPlan()
        {
            var plan = new List<PlannedMessage>();
            if (_options.Bodies != null)
            {
                for (var i = 0; i < _options.Bodies.Count; i++)
                    plan.Add(new PlannedMessage { Index = i, Body = _options.Bodies[i], Poison = _options.Bodies[i].Contains(MessageBody.PoisonMarker), MessageGroupId = _options.MessageGroupId });
                return plan;
            }
            var poison = PoisonPositions();
            for (var i = 0; i < _options.Count; i++)
            {
                var planned = Generate(i, poison.Contains(i));
                planned.MessageGroupId = _options.MessageGroupId; // the group field is applied at send time, after callers had their say
                plan.Add(planned);
            }
            return plan;
        }

        /// <summary>Where the poison goes: every Nth position, or PoisonCount positions drawn from the seed.</summary>
        private HashSet<int> PoisonPositions()
        {
            var positions = new HashSet<int>();
            if (_options.PoisonEvery > 0)
            {
                for (var i = _options.PoisonEvery - 1; i < _options.Count; i += _options.PoisonEvery) positions.Add(i);
            }
            else if (_options.PoisonCount > 0)
            {
                var all = Enumerable.Range(0, _options.Count).ToArray();
                _random.Shuffle(all);
                foreach (var p in all.Take(_options.PoisonCount)) positions.Add(p);
            }
            return positions;
        }
    }
}

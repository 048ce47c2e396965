using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Clock;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Ledger;
using Polly.CircuitBreaker;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// The receive-process-delete loop. A crash is abrupt: nothing after it runs, its
    /// in-memory cache is gone, and the messages it held stay in flight until their
    /// visibility timeout ends. A stop request is graceful: the message being processed is
    /// finished, the rest of the batch is handed back, then the loop ends.
    /// </summary>
    public sealed class Consumer
    {
        private readonly DemoBackend _backend;
        private readonly ConsumerOptions _options;
        private readonly IBroker _broker;
        private readonly SeededRandom _random;
        private readonly IdempotencyCache _cache;
        private readonly ConsumerSummary _summary;
        private readonly ILedger? _ledger;
        private int _handledCount;
        /// <summary>The heartbeat of the batch in hand, when HeartbeatSeconds is set.</summary>
        private VisibilityHeartbeat? _heartbeat;
        /// <summary>Seconds each heartbeat extends visibility by (the timeout the consumer receives with).</summary>
        private int _heartbeatExtension;
        private readonly string _instance = Guid.NewGuid().ToString("N").Substring(0, 12);
        /// <summary>This incarnation's own handler, when the options give one.</summary>
        private IMessageHandler? _handler;
        /// <summary>This incarnation's way to its dependency (and its breaker's state).</summary>
        private DependencyClient? _dependency;
        /// <summary>The message being handled: what dependency and breaker events are recorded against.</summary>
        private Message? _current;
        /// <summary>In event source mapping mode, the batch's successes: deleted together once the whole batch is handled.</summary>
        private List<Message>? _pendingDeletes;
        /// <summary>The graceful stop: a handler still running <see cref="HandlerStopGrace"/> after it is stopped.</summary>
        private CancellationToken _stopRequested;
        /// <summary>When the batch in hand was received: SQS allows no visibility past 12 hours from then.</summary>
        private DateTimeOffset _receivedAt;
        /// <summary>From the forward queue's FifoQueue attribute, read when the loop starts.</summary>
        private bool _forwardIsFifo;
        private readonly bool _queueIsFifo;

        /// <summary>How long a graceful stop waits for a handler still at work (ECS's default stopTimeout) before stopping it.</summary>
        public static readonly TimeSpan HandlerStopGrace = TimeSpan.FromSeconds(30);

        public Consumer(DemoBackend backend, ConsumerOptions options)
        {
            options.Validate();
            _backend = backend;
            _options = options.Clone();
            _broker = backend.BrokerFor(options.ConsumerId);
            _random = backend.RandomFor(options.ConsumerId);
            _cache = new IdempotencyCache(options.IdempotencyCacheSize);
            _summary = new ConsumerSummary { ConsumerId = options.ConsumerId };
            _queueIsFifo = options.QueueUrl.EndsWith(Environments.EnvironmentProvisioner.FifoSuffix, StringComparison.Ordinal);
            _ledger = options.UsesLedger || options.Versioning || !string.IsNullOrEmpty(options.EffectLogTable) || !string.IsNullOrEmpty(options.ResultsTable) ? backend.Ledger : null;
        }

        public string ConsumerId => _options.ConsumerId;

        /// <summary>
        /// The checks that need the queues: the forward queue must exist, and a heartbeat must come
        /// sooner than the visibility timeout it extends, which is the queue's when the options give none. Throws ArgumentException
        /// naming both; a queue that cannot be read is left for the consumer itself to report.
        /// </summary>
        public static async Task ValidateAgainstQueueAsync(DemoBackend backend, ConsumerOptions options, CancellationToken cancellationToken = default)
        {
            if (!string.IsNullOrEmpty(options.ForwardQueueUrl))
            {
                try
                {
                    await backend.Broker.GetQueueAttributesAsync(options.ForwardQueueUrl!, new[] { QueueAttributeName.FifoQueue }, cancellationToken).ConfigureAwait(false);
                }
                catch (SqsException e) when (e.ErrorCode == SqsErrorCode.QueueDoesNotExist)
                {
                    throw new ArgumentException("ForwardQueueUrl names no queue: " + options.ForwardQueueUrl, nameof(options.ForwardQueueUrl), e);
                }
            }
            if (options.HeartbeatSeconds == null || options.VisibilityTimeout != null || string.IsNullOrEmpty(options.QueueUrl)) return;
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
                options.ValidateHeartbeat(visibility, "the queue's VisibilityTimeout");
        }

        /// <summary>Raised for what a user should know but that does not stop the consumer (a delete that failed).</summary>
        public event EventHandler<string>? Warning;

        /// <summary>
        /// Runs until idle, the message limit, a crash, a fault, or <paramref name="stopRequested"/>.
        /// Never throws for those endings: the summary says how it ended.
        /// </summary>
        public async Task<ConsumerSummary> RunAsync(Action<ConsumerRecord>? onRecord, CancellationToken stopRequested)
        {
            _stopRequested = stopRequested;
            var journal = _backend.Journal;
            _summary.StartedAt = _backend.ScenarioTime;
            journal.Record(JournalEventKind.ConsumerStarted, _options.QueueUrl, actor: ConsumerId, detail: Describe());
            try
            {
                if (_options.Dependency != null)
                    _dependency = new DependencyClient(_options.Dependency, _options.Breaker, _backend.Clock, JournalCurrent);
                _handler = _options.HandlerFactory?.Invoke();
                _summary.Ending = await LoopAsync(onRecord ?? (_ => { }), stopRequested).ConfigureAwait(false);
            }
            catch (ConsumerCrash crash)
            {
                _summary.Ending = ConsumerEnding.Crashed;
                _summary.Reason = crash.Message;
            }
            catch (SqsException e)
            {
                _summary.Ending = ConsumerEnding.Faulted;
                _summary.Reason = e.ErrorCode + ": " + e.Message;
            }
            catch (LedgerException e)
            {
                _summary.Ending = ConsumerEnding.Faulted;
                _summary.Reason = e.ErrorCode + ": " + e.Message;
            }
            catch (Exception e)
            {
                // Whatever else ends the loop still ends it reported: ConsumerEnded is journaled and the summary says why.
                _summary.Ending = ConsumerEnding.Faulted;
                _summary.Reason = e.GetType().Name + ": " + e.Message;
            }
            finally
            {
                // A crash loses the handler (its runspace, its state) as a dead process would.
                _handler?.Dispose();
                _handler = null;
            }
            _summary.EndedAt = _backend.ScenarioTime;
            journal.Record(JournalEventKind.ConsumerEnded, _options.QueueUrl, actor: ConsumerId,
                detail: _summary.Ending + (_summary.Reason == null ? "" : ": " + _summary.Reason));
            return _summary;
        }

        private async Task<ConsumerEnding> LoopAsync(Action<ConsumerRecord> onRecord, CancellationToken stopRequested)
        {
            var clock = _backend.Clock;
            var lastReceived = clock.GetUtcNow();
            var queueWait = _options.WaitTimeSeconds ?? await QueueWaitTimeAsync().ConfigureAwait(false);
            if (_options.HeartbeatSeconds != null)
            {
                _heartbeatExtension = _options.HeartbeatExtensionSeconds(await QueueVisibilityTimeoutAsync().ConfigureAwait(false));
                try
                {
                    _options.ValidateHeartbeat(_heartbeatExtension, _options.VisibilityTimeout == null ? "the queue's VisibilityTimeout" : "the consumer's VisibilityTimeout");
                }
                catch (ArgumentException e)
                {
                    // The queue's timeout changed since the options were checked: nothing is received.
                    _summary.Reason = e.Message;
                    return ConsumerEnding.Faulted;
                }
            }
            if (!string.IsNullOrEmpty(_options.ForwardQueueUrl))
            {
                // A forward queue that is missing or forbidden is the consumer's configuration, not a message's fault:
                // found now, it faults the consumer rather than sending every message to the DLQ.
                var forward = await _broker.GetQueueAttributesAsync(_options.ForwardQueueUrl!, new[] { QueueAttributeName.FifoQueue }).ConfigureAwait(false);
                _forwardIsFifo = forward.TryGetValue(QueueAttributeName.FifoQueue, out var fifo) && string.Equals(fifo, "true", StringComparison.OrdinalIgnoreCase);
                if (_forwardIsFifo && string.IsNullOrEmpty(_options.ForwardGroupIdField))
                {
                    _summary.Reason = "the forward queue is FIFO: ForwardGroupIdField must name the output field that holds each message group";
                    return ConsumerEnding.Faulted;
                }
            }
            var handled = 0;
            while (true)
            {
                if (stopRequested.IsCancellationRequested) return ConsumerEnding.Stopped;
                if (_dependency != null && _dependency.BreakRemaining > TimeSpan.Zero)
                {
                    // While the breaker is open every message would come back unhandled, each receive
                    // spending one of its maxReceiveCount: wait for the trial call instead.
                    if (!await PauseForBreakerAsync(stopRequested).ConfigureAwait(false)) return ConsumerEnding.Stopped;
                    lastReceived = clock.GetUtcNow();
                    continue;
                }
                var wait = queueWait;
                if (_options.IdleTimeoutSeconds > 0)
                {
                    var remaining = _options.IdleTimeoutSeconds - (clock.GetUtcNow() - lastReceived).TotalSeconds;
                    if (remaining <= 0) return ConsumerEnding.Idle;
                    wait = Math.Min(wait, (int)Math.Ceiling(remaining));
                }
                var max = _options.MessageLimit > 0 ? Math.Min(_options.ReceiveMax, _options.MessageLimit - handled) : _options.ReceiveMax;
                // Before the call, so the heartbeat reckons SQS's 12 hours from no later than SQS does.
                var receiveStarted = clock.GetUtcNow();
                IReadOnlyList<Message> messages;
                try
                {
                    messages = await _broker.ReceiveMessageAsync(new ReceiveMessageRequest
                    {
                        QueueUrl = _options.QueueUrl,
                        MaxNumberOfMessages = max,
                        WaitTimeSeconds = wait,
                        VisibilityTimeout = _options.VisibilityTimeout,
                    }, ReceiveCancellation(stopRequested)).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
                {
                    return ConsumerEnding.Stopped;
                }
                if (stopRequested.IsCancellationRequested && messages.Count > 0)
                {
                    // The stop came during the receive: what it brought is handed back, not left in flight.
                    await ReleaseAsync(messages, onRecord, "handed back on stop").ConfigureAwait(false);
                    return ConsumerEnding.Stopped;
                }
                if (messages.Count == 0)
                {
                    // A short poll answers at once: pause before asking again rather than spin.
                    if (wait == 0) await PauseAsync(stopRequested).ConfigureAwait(false);
                    continue;
                }
                if (_options.BatchSize != null && messages.Count < max && _options.BatchWindowSeconds > 0)
                    messages = await GatherBatchAsync(messages, max, stopRequested).ConfigureAwait(false);
                lastReceived = clock.GetUtcNow();
                _receivedAt = receiveStarted;
                _summary.Received += messages.Count;
                if (_options.HeartbeatSeconds is int heartbeatSeconds)
                    _heartbeat = VisibilityHeartbeat.Start(clock, ExtendAsync, heartbeatSeconds, _heartbeatExtension, receiveStarted, messages, HeartbeatLost);
                try
                {
                    if (_options.CrashAfterReceive)
                    {
                        await HaltHeartbeatAsync().ConfigureAwait(false);
                        Crash(messages[0], onRecord, "crash after receive");
                    }
                    // An event source mapping hands the whole batch to the function and deletes its
                    // successes afterwards; a stop does not cut a batch short.
                    _pendingDeletes = _options.BatchSize != null ? new List<Message>() : null;
                    var failed = new List<Message>();
                    // FIFO: once a message of a group fails, its followers in the batch must wait for it.
                    var blockedGroups = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < messages.Count; i++)
                    {
                        if (i > 0 && _pendingDeletes == null && stopRequested.IsCancellationRequested)
                        {
                            await ReleaseAsync(messages.Skip(i).ToArray(), onRecord, "handed back on stop").ConfigureAwait(false);
                            return ConsumerEnding.Stopped;
                        }
                        var message = messages[i];
                        if (_queueIsFifo && message.MessageGroupId != null && blockedGroups.Contains(message.MessageGroupId))
                        {
                            await ReleaseAsync(new[] { message }, onRecord, "held back: an earlier message of group " + message.MessageGroupId + " failed").ConfigureAwait(false);
                            failed.Add(message);
                            continue;
                        }
                        if (!await HandleAsync(message, onRecord).ConfigureAwait(false))
                        {
                            failed.Add(message);
                            if (_queueIsFifo && message.MessageGroupId != null) blockedGroups.Add(message.MessageGroupId);
                        }
                        handled++;
                    }
                    if (_pendingDeletes != null) await CompleteBatchAsync(messages, failed).ConfigureAwait(false);
                }
                finally
                {
                    _pendingDeletes = null;
                    // Every message of the batch is deleted, rejected, handed back or crashed with:
                    // nothing is left to keep hidden (after a crash this models the process being gone).
                    if (_heartbeat != null)
                    {
                        await _heartbeat.HaltAsync().ConfigureAwait(false);
                        _heartbeat = null;
                    }
                }
                if (_options.MessageLimit > 0 && handled >= _options.MessageLimit) return ConsumerEnding.MessageLimit;
            }
        }

        /// <summary>Handles one message; false when it failed (rejected, or its handler failed) and was left to come back.</summary>
        private async Task<bool> HandleAsync(Message message, Action<ConsumerRecord> onRecord)
        {
            var bodyId = BodyIdOf(message);
            _handledCount++;

            if (_options.StaleAfterSeconds is int staleAfter && message.SentTimestamp != default)
            {
                var age = _backend.Clock.GetUtcNow() - message.SentTimestamp;
                if (age.TotalSeconds > staleAfter)
                {
                    // Too old to apply: no ledger row, no side effect; deleted so it does not come back.
                    _summary.StaleSkipped++;
                    Emit(onRecord, JournalEventKind.StaleSkipped, MessageOutcome.StaleSkipped, message, bodyId,
                        "age " + age.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s, stale after " + staleAfter.ToString(CultureInfo.InvariantCulture) + "s");
                    await DeleteAsync(message).ConfigureAwait(false);
                    return true;
                }
            }

            // Before the ledger: a message this process already handled must not take its row over from whoever holds it now.
            if (_cache.Enabled && _cache.Contains(bodyId))
            {
                await DeleteAsync(message).ConfigureAwait(false);
                _summary.DuplicatesSkipped++;
                Emit(onRecord, JournalEventKind.DuplicateSkipped, MessageOutcome.DuplicateSkipped, message, bodyId, "already processed (in-memory cache)");
                return true;
            }

            // Unique per handling, even across processes that share a consumer id (two containers
            // configured alike): a displaced owner must never match its successor's token.
            var ownerToken = ConsumerId + "/" + _instance + "/" + _handledCount.ToString(CultureInfo.InvariantCulture);

            if (_options.UsesLedger)
            {
                var start = await _ledger!.TryStartAsync(_options.StatusTable!, bodyId, MessageBody.Digest(message.Body), ownerToken).ConfigureAwait(false);
                if (start.Disposition == StartDisposition.AlreadyCompleted)
                {
                    await DeleteAsync(message).ConfigureAwait(false);
                    _summary.DuplicatesSkipped++;
                    Emit(onRecord, JournalEventKind.DuplicateSkipped, MessageOutcome.DuplicateSkipped, message, bodyId, "already COMPLETED in the ledger");
                    return true;
                }
                Journal(JournalEventKind.LedgerStarted, message, bodyId,
                    start.Disposition == StartDisposition.TakenOver ? "taken over, attempt " + start.Record.Attempts : "attempt 1");
            }

            if (!string.IsNullOrEmpty(_options.RejectPayloadMarker) && message.Body.IndexOf(_options.RejectPayloadMarker, StringComparison.Ordinal) >= 0)
            {
                // Not deleted: it becomes visible again after the visibility timeout (or the backoff),
                // and the redrive policy moves it to the DLQ once maxReceiveCount is spent.
                await LeaveForRetryAsync(message, bodyId).ConfigureAwait(false);
                _summary.Rejected++;
                Emit(onRecord, JournalEventKind.Rejected, MessageOutcome.Rejected, message, bodyId, "body carries the reject marker " + _options.RejectPayloadMarker);
                return false;
            }

            if (_options.CrashRate > 0 && _random.NextDouble() < _options.CrashRate)
            {
                await HaltHeartbeatAsync().ConfigureAwait(false);
                Crash(message, onRecord, "crash roll (rate " + _options.CrashRate.ToString(CultureInfo.InvariantCulture) + ")");
            }

            var work = WorkTime();
            if (work > TimeSpan.Zero) await _backend.Clock.Delay(work).ConfigureAwait(false);

            if (_handler != null && !await RunHandlerAsync(message, bodyId, onRecord).ConfigureAwait(false)) return false;

            if (_options.Versioning)
                await ApplyVersionAsync(message, bodyId).ConfigureAwait(false);

            var tookEffect = true;
            if (_options.UsesLedger)
            {
                if (_options.SideEffectDelaySeconds > 0)
                    await _backend.Clock.Delay(TimeSpan.FromSeconds(_options.SideEffectDelaySeconds)).ConfigureAwait(false);
                var key = SideEffectKey(message, bodyId);
                var effect = await _ledger!.TryPerformSideEffectAsync(_options.SideEffectsTable!, key, MessageBody.Digest(message.Body), bodyId).ConfigureAwait(false);
                tookEffect = effect.Performed;
                if (effect.Performed)
                    Journal(JournalEventKind.SideEffect, message, bodyId, key);
                else
                    Journal(JournalEventKind.SideEffectSkipped, message, bodyId, key + " already performed for " + effect.Record.MessageId);
                if (tookEffect) await LogFieldAsync(message, bodyId).ConfigureAwait(false);

                if (_options.CrashAfterSideEffect)
                {
                    await HaltHeartbeatAsync().ConfigureAwait(false);
                    Crash(message, onRecord, "crash after side effect, before COMPLETED");
                }

                if (await _ledger.TryCompleteAsync(_options.StatusTable!, bodyId, ownerToken).ConfigureAwait(false))
                    Journal(JournalEventKind.LedgerCompleted, message, bodyId, null);
                else
                    Journal(JournalEventKind.OwnershipLost, message, bodyId, "a successor took the STARTED row over; COMPLETED is its to write");
            }

            if (!_options.UsesLedger && tookEffect) await LogFieldAsync(message, bodyId).ConfigureAwait(false);

            var workField = MessageBody.TryGetString(message.Body, "work");
            _summary.Processed++;
            Emit(onRecord, JournalEventKind.Processed, MessageOutcome.Processed, message, bodyId,
                (workField == null ? "" : "work " + workField + ", ") + work.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s");
            _cache.Add(bodyId);
            await DeleteAsync(message).ConfigureAwait(false);
            return true;
        }

        /// <summary>Appends the SideEffectLogField's value to the ordered effect log, as the message takes effect.</summary>
        private async Task LogFieldAsync(Message message, string bodyId)
        {
            if (string.IsNullOrEmpty(_options.SideEffectLogField)) return;
            var value = MessageBody.TryGetString(message.Body, _options.SideEffectLogField!);
            if (value == null)
            {
                Warning?.Invoke(this, $"{ConsumerId}: message {message.MessageId} has no '{_options.SideEffectLogField}' field to log.");
                return;
            }
            if (!string.IsNullOrEmpty(_options.SideEffectLogPath))
            {
                await SeedFiles.AppendLineAsync(_options.SideEffectLogPath!, value).ConfigureAwait(false);
                Journal(JournalEventKind.EffectLogged, message, bodyId, _options.SideEffectLogField + "=" + value + " (" + _options.SideEffectLogPath + ")");
            }
            if (string.IsNullOrEmpty(_options.EffectLogTable)) return;
            var entry = await _ledger!.AppendEffectLogAsync(_options.EffectLogTable!, new EffectLogEntry { Kind = "effect", Value = value, MessageId = bodyId, ConsumerId = ConsumerId }).ConfigureAwait(false);
            Journal(JournalEventKind.EffectLogged, message, bodyId, _options.SideEffectLogField + "=" + value + " (log #" + entry.Sequence.ToString(CultureInfo.InvariantCulture) + ")");
        }

        /// <summary>
        /// Versioning: log the version seen, then apply it only if newer than the stored one
        /// (or always, last write wins), and log what happened.
        /// </summary>
        private async Task ApplyVersionAsync(Message message, string bodyId)
        {
            var entity = MessageBody.TryGetString(message.Body, _options.EntityKey);
            var versionText = MessageBody.TryGetString(message.Body, _options.VersionKey);
            if (entity == null || versionText == null || !long.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
            {
                Warning?.Invoke(this, $"{ConsumerId}: message {message.MessageId} has no '{_options.EntityKey}' and numeric '{_options.VersionKey}'; no version applied.");
                return;
            }
            var outcome = _options.UsesVersionFiles
                ? await ApplyVersionToFilesAsync(entity, versionText, version).ConfigureAwait(false)
                : await ApplyVersionToLedgerAsync(bodyId, entity, versionText, version).ConfigureAwait(false);
            Journal(outcome.Applied ? JournalEventKind.VersionApplied : JournalEventKind.VersionIgnored, message, bodyId,
                $"{entity} v{version} (stored before: {(outcome.Previous is long p ? "v" + p.ToString(CultureInfo.InvariantCulture) : "none")})");
        }

        private async Task<(bool Applied, long? Previous)> ApplyVersionToLedgerAsync(string bodyId, string entity, string versionText, long version)
        {
            await _ledger!.AppendEffectLogAsync(_options.EffectLogTable!, new EffectLogEntry { Kind = "seen", Value = versionText, EntityId = entity, MessageId = bodyId, ConsumerId = ConsumerId }).ConfigureAwait(false);
            var outcome = await _ledger.ApplyVersionAsync(_options.VersionsTable!, _options.EffectLogTable!,
                new EffectLogEntry { Value = versionText, EntityId = entity, MessageId = bodyId, ConsumerId = ConsumerId }, version, _options.LastWriteWins).ConfigureAwait(false);
            return (outcome.Applied, outcome.Previous);
        }

        /// <summary>The seeds' versioning: VERSION_SEEN_LOG_PATH, then VERSION_STATE_PATH and VERSION_LOG_PATH.</summary>
        private async Task<(bool Applied, long? Previous)> ApplyVersionToFilesAsync(string entity, string versionText, long version)
        {
            if (!string.IsNullOrEmpty(_options.VersionSeenLogPath))
                await SeedFiles.AppendLineAsync(_options.VersionSeenLogPath!, version.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return await SeedFiles.ApplyVersionAsync(_options.VersionStatePath!, _options.VersionLogPath!, entity, version, _options.LastWriteWins).ConfigureAwait(false);
        }

        /// <summary>Work time: random between min and max, and at least LongSleepSeconds for every Nth message.</summary>
        private TimeSpan WorkTime()
        {
            var seconds = _options.SleepMinSeconds;
            if (_options.SleepMaxSeconds > _options.SleepMinSeconds)
                seconds += _random.NextDouble() * (_options.SleepMaxSeconds - _options.SleepMinSeconds);
            if (_options.LongSleepEvery > 0 && _handledCount % _options.LongSleepEvery == 0)
                seconds = Math.Max(seconds, _options.LongSleepSeconds);
            return TimeSpan.FromSeconds(seconds);
        }

        private string SideEffectKey(Message message, string bodyId)
        {
            var field = _options.BusinessIdempotencyField;
            if (string.IsNullOrEmpty(field)) return bodyId;
            var value = MessageBody.TryGetString(message.Body, field!);
            if (value != null) return "biz:" + field + ":" + value;
            Warning?.Invoke(this, $"{ConsumerId}: message {message.MessageId} has no '{field}' field; its side effect is keyed by message id {bodyId}.");
            return bodyId;
        }

        private void Journal(JournalEventKind kind, Message message, string bodyId, string? detail) =>
            _backend.Journal.Record(kind, _options.QueueUrl, message.MessageId, ConsumerId, message.ApproximateReceiveCount, message.ReceiptHandle, detail, bodyId);

        private async Task DeleteAsync(Message message)
        {
            await LetGoAsync(message).ConfigureAwait(false);
            if (_pendingDeletes != null)
            {
                _pendingDeletes.Add(message);
                return;
            }
            try
            {
                await _broker.DeleteMessageAsync(_options.QueueUrl, message.ReceiptHandle).ConfigureAwait(false);
            }
            catch (SqsException e) when (e.ErrorCode == SqsErrorCode.ReceiptHandleIsInvalid || e.ErrorCode == SqsErrorCode.InvalidParameterValue)
            {
                // A stale handle is the consumer's problem to report, not a reason to crash.
                Warning?.Invoke(this, $"{ConsumerId}: delete of message {message.MessageId} failed ({e.ErrorCode}: {e.Message})");
            }
        }

        private async Task ReleaseAsync(IReadOnlyList<Message> messages, Action<ConsumerRecord> onRecord, string why)
        {
            foreach (var m in messages) await LetGoAsync(m).ConfigureAwait(false);
            var entries = messages.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry
            {
                Id = "r" + i.ToString(CultureInfo.InvariantCulture),
                ReceiptHandle = m.ReceiptHandle,
                VisibilityTimeout = 0,
            }).ToArray();
            await _broker.ChangeMessageVisibilityBatchAsync(_options.QueueUrl, entries).ConfigureAwait(false);
            foreach (var m in messages)
                Emit(onRecord, JournalEventKind.Released, MessageOutcome.Released, m, BodyIdOf(m), why);
        }

        /// <summary>
        /// A message that failed (rejected, or its handler failed) stays undeleted to come back: after
        /// the backoff from its receive count when one is set, else after its visibility timeout.
        /// </summary>
        private async Task LeaveForRetryAsync(Message message, string bodyId, bool letGo = true)
        {
            if (letGo) await LetGoAsync(message).ConfigureAwait(false);
            if (BackoffSeconds(message) is int seconds)
                await SetRetryVisibilityAsync(message, bodyId, seconds, string.Format(CultureInfo.InvariantCulture,
                    "receive {0}: visible again in {1}s (base {2}s, doubling, cap {3}s, jittered)", message.ApproximateReceiveCount, seconds, _options.BackoffBaseSeconds, _options.BackoffMaxSeconds)).ConfigureAwait(false);
        }

        /// <summary>The backoff for this receive of the message, drawn from the seed; null without a backoff.</summary>
        private int? BackoffSeconds(Message message) => _options.BackoffBaseSeconds is double baseSeconds
            ? RetryBackoff.VisibilityTimeout(message.ApproximateReceiveCount, baseSeconds, _options.BackoffMaxSeconds, _random.NextDouble())
            : (int?)null;

        /// <summary>One ChangeMessageVisibility that schedules a retry, journaled as BackedOff; a stale handle is only warned about.</summary>
        private async Task SetRetryVisibilityAsync(Message message, string bodyId, int seconds, string detail)
        {
            // SQS counts its 12-hour limit from the receive: what is left of it is the most that can be asked.
            var left = SqsLimits.MaxVisibilityTimeoutSeconds - (int)Math.Ceiling((_backend.Clock.GetUtcNow() - _receivedAt).TotalSeconds);
            if (seconds > left) seconds = Math.Max(0, left);
            try
            {
                await _broker.ChangeMessageVisibilityAsync(_options.QueueUrl, message.ReceiptHandle, seconds).ConfigureAwait(false);
            }
            catch (SqsException e)
            {
                // The handle went stale meanwhile: the message comes back after its timeout instead.
                Warning?.Invoke(this, $"{ConsumerId}: message {message.MessageId}: could not back off ({e.Message}); it returns after its visibility timeout.");
                return;
            }
            Journal(JournalEventKind.BackedOff, message, bodyId, detail);
        }

        /// <summary>
        /// Runs the handler; on success stores its result and forwards its outputs (before the
        /// message is deleted, so a crash in between repeats them rather than losing them). False
        /// when the message failed and was left to come back.
        /// </summary>
        private async Task<bool> RunHandlerAsync(Message message, string bodyId, Action<ConsumerRecord> onRecord)
        {
            IReadOnlyList<string> outputs;
            string? result = null;
            _current = message;
            // A graceful stop lets the handler finish, but not forever: past the grace it is stopped.
            using (var handlerStop = new CancellationTokenSource())
            using (_stopRequested.Register(() => _ = StopAfterGraceAsync(handlerStop)))
            {
                try
                {
                    outputs = await _handler!.HandleAsync(new HandlerInput(message, bodyId, ConsumerId, _dependency), handlerStop.Token).ConfigureAwait(false);
                    if (!string.IsNullOrEmpty(_options.ResultsTable) && outputs.Count > 0) result = ResultText(outputs);
                    if (!string.IsNullOrEmpty(_options.ForwardQueueUrl))
                        await ForwardAsync(message, bodyId, outputs).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (handlerStop.IsCancellationRequested)
                {
                    await ReleaseAsync(new[] { message }, onRecord, "handed back: the handler was still running " + HandlerStopGrace.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s after the stop").ConfigureAwait(false);
                    return false;
                }
                catch (SqsException e) when (IsConfigurationError(e))
                {
                    // The forward queue went missing or is forbidden: every message would fail the same way.
                    throw;
                }
                catch (Exception e)
                {
                    // IMessageHandler's contract: any exception fails the message. One that is not a
                    // handler's, dependency's, breaker's or broker's answer is a bug in the handler: it
                    // fails the message with its type named, rather than ending the consumer unreported.
                    var failure = e is HandlerFailedException || e is DependencyException || e is BrokenCircuitException || e is SqsException
                        ? e
                        : new HandlerFailedException(e.GetType().Name + ": " + e.Message, e);
                    await FailAsync(message, bodyId, failure, onRecord).ConfigureAwait(false);
                    return false;
                }
                finally
                {
                    _current = null;
                }
            }
            if (!string.IsNullOrEmpty(_options.ResultsTable))
                await StoreResultAsync(message, bodyId, result).ConfigureAwait(false);
            return true;
        }

        private async Task StopAfterGraceAsync(CancellationTokenSource handlerStop)
        {
            await _backend.Clock.Delay(HandlerStopGrace).ConfigureAwait(false);
            try
            {
                handlerStop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The handler finished within the grace.
            }
        }

        /// <summary>Errors that say the consumer is set up wrong (a queue missing or forbidden), not that one message is bad.</summary>
        private static bool IsConfigurationError(SqsException e) =>
            e.ErrorCode == SqsErrorCode.QueueDoesNotExist || e.ErrorCode == "AccessDenied" || e.ErrorCode == "AccessDeniedException";

        /// <summary>DynamoDB's items are at most 400 KB: a result has to fit with its key and attributes.</summary>
        private const int MaxResultBytes = 380 * 1024;

        /// <summary>One output as it is, several as a JSON array; a result too large to store fails the message before anything is forwarded.</summary>
        private static string ResultText(IReadOnlyList<string> outputs)
        {
            var result = outputs.Count == 1 ? outputs[0] : "[" + string.Join(",", outputs.Select(MessageBody.AsJsonValue)) + "]";
            var bytes = System.Text.Encoding.UTF8.GetByteCount(result);
            if (bytes > MaxResultBytes)
                throw new HandlerFailedException(string.Format(CultureInfo.InvariantCulture,
                    "The result is {0:N0} bytes: a results table item holds at most {1:N0} (DynamoDB's 400 KB).", bytes, MaxResultBytes));
            return result;
        }

        /// <summary>
        /// A failed message stays undeleted. An open breaker returns it without a call, visible
        /// again once the break is over (and no sooner than its backoff); any other failure backs
        /// off when a backoff is set, else waits out the visibility timeout.
        /// </summary>
        private async Task FailAsync(Message message, string bodyId, Exception failure, Action<ConsumerRecord> onRecord)
        {
            await LetGoAsync(message).ConfigureAwait(false);
            if (failure is BrokenCircuitException)
            {
                var backoff = BackoffSeconds(message) ?? 0;
                var breakLeft = (int)Math.Ceiling(_dependency!.BreakRemaining.TotalSeconds);
                var seconds = Math.Min(SqsLimits.MaxVisibilityTimeoutSeconds, Math.Max(backoff, breakLeft + 1));
                await SetRetryVisibilityAsync(message, bodyId, seconds, string.Format(CultureInfo.InvariantCulture,
                    "receive {0}: visible again in {1}s (the breaker is open for {2}s more{3})", message.ApproximateReceiveCount, seconds, breakLeft,
                    backoff > 0 ? ", backoff " + backoff.ToString(CultureInfo.InvariantCulture) + "s" : "")).ConfigureAwait(false);
                _summary.ShortCircuited++;
                Emit(onRecord, JournalEventKind.ShortCircuited, MessageOutcome.ShortCircuited, message, bodyId, _dependency.Name + " not called: the breaker is open");
                return;
            }
            await LeaveForRetryAsync(message, bodyId, letGo: false).ConfigureAwait(false);
            _summary.Failed++;
            Emit(onRecord, JournalEventKind.HandlerFailed, MessageOutcome.Failed, message, bodyId, failure.Message);
        }

        /// <summary>
        /// Sends each output on. An output object without an "id" gets one made from this message's
        /// id and its position, so a repeat (after a crash, or a duplicate delivery) carries the same
        /// id and the next stage can tell; to a FIFO queue, that id is also the deduplication id.
        /// </summary>
        private async Task ForwardAsync(Message message, string bodyId, IReadOnlyList<string> outputs)
        {
            var target = _options.ForwardQueueUrl!;
            var requests = new List<SendMessageRequest>();
            for (var i = 0; i < outputs.Count; i++)
            {
                var madeId = bodyId + "-" + i.ToString(CultureInfo.InvariantCulture);
                var body = MessageBody.WithId(outputs[i], madeId);
                var request = new SendMessageRequest { QueueUrl = target, MessageBody = body };
                if (_forwardIsFifo)
                {
                    var group = MessageBody.TryGetString(body, _options.ForwardGroupIdField!);
                    if (string.IsNullOrEmpty(group))
                        throw new HandlerFailedException($"Output {i + 1} has no '{_options.ForwardGroupIdField}' to be its message group on {QueueName(target)}.");
                    // Same value, same group; a value SQS would refuse (spaces, accents, over 128) goes as its hash.
                    request.MessageGroupId = MessageBody.SqsIdentifier(group!);
                    var id = MessageBody.TryGetId(body);
                    request.MessageDeduplicationId = MessageBody.DeduplicationId(string.IsNullOrEmpty(id) ? madeId : id!);
                }
                requests.Add(request);
            }
            foreach (var request in requests)
            {
                var sent = await _broker.SendMessageAsync(request).ConfigureAwait(false);
                Journal(JournalEventKind.Forwarded, message, bodyId, "to " + QueueName(target) + " as " + sent.MessageId
                    + (request.MessageGroupId == null ? "" : ", group " + request.MessageGroupId));
            }
        }

        /// <summary>
        /// Keeps the handler's result under the message's id. Put-if-absent, so a redelivered message
        /// cannot replace what its first handling stored.
        /// </summary>
        private async Task StoreResultAsync(Message message, string bodyId, string? result)
        {
            if (result == null)
            {
                Journal(JournalEventKind.Note, message, bodyId, "the handler output nothing: no result to store");
                return;
            }
            var outcome = await _ledger!.PutResultAsync(_options.ResultsTable!, new ResultRecord { MessageId = bodyId, Result = result, ConsumerId = ConsumerId }).ConfigureAwait(false);
            if (outcome.Stored)
                Journal(JournalEventKind.ResultStored, message, bodyId, _options.ResultsTable + ": " + Abbreviate(result));
            else
                Journal(JournalEventKind.ResultAlreadyStored, message, bodyId, "kept the result " + outcome.Record.ConsumerId + " stored first");
        }

        private static string Abbreviate(string text) => text.Length <= 200 ? text : text.Substring(0, 200) + "...";

        /// <summary>The idempotency id: the body's "id" when it has a non-empty one, else the MessageId.</summary>
        private static string BodyIdOf(Message message)
        {
            var id = MessageBody.TryGetId(message.Body);
            return string.IsNullOrEmpty(id) ? message.MessageId : id!;
        }

        private static string QueueName(string queueUrl) => queueUrl.Substring(queueUrl.LastIndexOf('/') + 1);

        /// <summary>
        /// Event source mapping: keeps receiving until the batch is full or the batching window,
        /// counted from the first message, is over.
        /// </summary>
        private async Task<IReadOnlyList<Message>> GatherBatchAsync(IReadOnlyList<Message> first, int size, CancellationToken stopRequested)
        {
            var clock = _backend.Clock;
            var batch = first.ToList();
            var windowEnds = clock.GetUtcNow() + TimeSpan.FromSeconds(_options.BatchWindowSeconds);
            while (batch.Count < size && !stopRequested.IsCancellationRequested)
            {
                var remaining = windowEnds - clock.GetUtcNow();
                if (remaining <= TimeSpan.Zero) break;
                var wait = (int)Math.Min(SqsLimits.MaxWaitTimeSeconds, Math.Floor(remaining.TotalSeconds));
                IReadOnlyList<Message> more;
                try
                {
                    more = await _broker.ReceiveMessageAsync(new ReceiveMessageRequest
                    {
                        QueueUrl = _options.QueueUrl,
                        MaxNumberOfMessages = size - batch.Count,
                        WaitTimeSeconds = wait,
                        VisibilityTimeout = _options.VisibilityTimeout,
                    }, ReceiveCancellation(stopRequested)).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
                {
                    break;
                }
                batch.AddRange(more);
                // Less than a second of window left: a short poll answered, and nothing more is due.
                if (wait == 0) break;
            }
            return batch;
        }

        /// <summary>
        /// The end of an event source mapping batch: the successes go in one DeleteMessageBatch, the
        /// reported failures stay to return (all of them when every item failed).
        /// </summary>
        private async Task CompleteBatchAsync(IReadOnlyList<Message> batch, IReadOnlyList<Message> failed)
        {
            var deletes = _pendingDeletes!;
            _pendingDeletes = null;
            if (deletes.Count > 0)
            {
                var entries = deletes.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = "d" + i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle }).ToArray();
                var result = await _broker.DeleteMessageBatchAsync(_options.QueueUrl, entries).ConfigureAwait(false);
                foreach (var error in result.Failed)
                    Warning?.Invoke(this, $"{ConsumerId}: batch delete entry {error.Id} failed ({error.Code}: {error.Message})");
            }
            _backend.Journal.Record(JournalEventKind.BatchProcessed, _options.QueueUrl, actor: ConsumerId, detail: string.Format(CultureInfo.InvariantCulture,
                "{0} message(s): {1} deleted, {2} reported failed{3}", batch.Count, deletes.Count, failed.Count,
                failed.Count == 0 ? "" : " (" + string.Join(", ", failed.Select(m => m.MessageId)) + ")"));
        }

        /// <summary>
        /// What may cut a receive short. The embedded broker takes nothing from a long poll it cancels, so a stop
        /// ends one at once. A remote SQS may already have made messages invisible when the HTTP call is
        /// dropped, leaving them in flight for a whole visibility timeout: there a stop waits for the long poll
        /// (at most 20 s) and hands back what it brought.
        /// </summary>
        private CancellationToken ReceiveCancellation(CancellationToken stopRequested) =>
            _backend.Kind == BackendKind.Embedded ? stopRequested : CancellationToken.None;

        /// <summary>Waits out the open breaker; false when a stop came first.</summary>
        private async Task<bool> PauseForBreakerAsync(CancellationToken stopRequested)
        {
            try
            {
                await _backend.Clock.Delay(_dependency!.BreakRemaining, stopRequested).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>A dependency or breaker event, against the message being handled.</summary>
        private void JournalCurrent(JournalEventKind kind, string detail)
        {
            var message = _current;
            if (message == null)
                _backend.Journal.Record(kind, _options.QueueUrl, actor: ConsumerId, detail: detail);
            else
                Journal(kind, message, BodyIdOf(message), detail);
        }

        private Task LetGoAsync(Message message) => _heartbeat == null ? Task.CompletedTask : _heartbeat.LetGoAsync(message);

        /// <summary>One heartbeat extension, journaled as VisibilityExtended.</summary>
        private Task ExtendAsync(Message message, int visibilityTimeout, string detail) =>
            _broker is JournalingBroker journaling
                ? journaling.ExtendMessageVisibilityAsync(_options.QueueUrl, message, visibilityTimeout, detail)
                : ExtendUnjournaledBrokerAsync(message, visibilityTimeout, detail);

        private async Task ExtendUnjournaledBrokerAsync(Message message, int visibilityTimeout, string detail)
        {
            await _broker.ChangeMessageVisibilityAsync(_options.QueueUrl, message.ReceiptHandle, visibilityTimeout).ConfigureAwait(false);
            Journal(JournalEventKind.VisibilityExtended, message, BodyIdOf(message),
                "visibility " + visibilityTimeout.ToString(CultureInfo.InvariantCulture) + "s, " + detail);
        }

        private void HeartbeatLost(Message message, string reason)
        {
            Journal(JournalEventKind.Note, message, BodyIdOf(message), reason);
            Warning?.Invoke(this, $"{ConsumerId}: message {message.MessageId}: {reason}");
        }

        /// <summary>Before a crash: a dead process extends nothing, so no extension is under way or starts once this returns.</summary>
        private Task HaltHeartbeatAsync() => _heartbeat == null ? Task.CompletedTask : _heartbeat.HaltAsync();

        /// <summary>Crashes: nothing after it runs. With a heartbeat, halt it first (<see cref="HaltHeartbeatAsync"/>).</summary>
        private void Crash(Message message, Action<ConsumerRecord> onRecord, string reason)
        {
            Emit(onRecord, JournalEventKind.Crashed, MessageOutcome.Crashed, message, BodyIdOf(message), reason);
            throw new ConsumerCrash(reason);
        }

        private void Emit(Action<ConsumerRecord> onRecord, JournalEventKind kind, MessageOutcome outcome, Message message, string bodyId, string? detail)
        {
            var entry = _backend.Journal.Record(kind, _options.QueueUrl, message.MessageId, ConsumerId, message.ApproximateReceiveCount,
                message.ReceiptHandle, detail, bodyId);
            onRecord(new ConsumerRecord
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

        private async Task PauseAsync(CancellationToken stopRequested)
        {
            try
            {
                await _backend.Clock.Delay(EmptyShortPollPause, stopRequested).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        private static readonly TimeSpan EmptyShortPollPause = TimeSpan.FromSeconds(1);

        private async Task<int> QueueVisibilityTimeoutAsync()
        {
            var attributes = await _broker.GetQueueAttributesAsync(_options.QueueUrl, new[] { QueueAttributeName.VisibilityTimeout }).ConfigureAwait(false);
            return attributes.TryGetValue(QueueAttributeName.VisibilityTimeout, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 30; // SQS's default VisibilityTimeout
        }

        private async Task<int> QueueWaitTimeAsync()
        {
            var attributes = await _broker.GetQueueAttributesAsync(_options.QueueUrl, new[] { QueueAttributeName.ReceiveMessageWaitTimeSeconds }).ConfigureAwait(false);
            return attributes.TryGetValue(QueueAttributeName.ReceiveMessageWaitTimeSeconds, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        }

        private string Describe()
        {
            var parts = new List<string> { "max " + _options.MaxMessages };
            if (_options.WaitTimeSeconds is int wait) parts.Add("wait " + wait + "s");
            if (_options.MessageLimit > 0) parts.Add("limit " + _options.MessageLimit);
            if (_options.IdleTimeoutSeconds > 0) parts.Add("idle " + _options.IdleTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + "s");
            if (_options.CrashRate > 0) parts.Add("crash rate " + _options.CrashRate.ToString(CultureInfo.InvariantCulture));
            if (_options.CrashAfterReceive) parts.Add("crash after receive");
            if (_cache.Enabled) parts.Add("cache " + _options.IdempotencyCacheSize);
            if (_options.SleepMaxSeconds > 0 || _options.SleepMinSeconds > 0) parts.Add("work " + _options.SleepMinSeconds.ToString(CultureInfo.InvariantCulture) + "-" + Math.Max(_options.SleepMinSeconds, _options.SleepMaxSeconds).ToString(CultureInfo.InvariantCulture) + "s");
            if (_options.LongSleepEvery > 0) parts.Add("every " + _options.LongSleepEvery + "th takes " + _options.LongSleepSeconds.ToString(CultureInfo.InvariantCulture) + "s");
            if (_options.UsesLedger) parts.Add("ledger " + _options.StatusTable + "/" + _options.SideEffectsTable);
            if (_options.SideEffectDelaySeconds > 0) parts.Add("side effect " + _options.SideEffectDelaySeconds.ToString(CultureInfo.InvariantCulture) + "s");
            if (_options.CrashAfterSideEffect) parts.Add("crash after side effect");
            if (!string.IsNullOrEmpty(_options.BusinessIdempotencyField)) parts.Add("business key " + _options.BusinessIdempotencyField);
            if (_options.HeartbeatSeconds is int heartbeat) parts.Add("heartbeat " + heartbeat.ToString(CultureInfo.InvariantCulture) + "s");
            if (_options.StaleAfterSeconds is int stale) parts.Add("stale after " + stale.ToString(CultureInfo.InvariantCulture) + "s");
            if (_options.BackoffBaseSeconds is double backoff) parts.Add("backoff " + backoff.ToString(CultureInfo.InvariantCulture) + "s, cap " + _options.BackoffMaxSeconds.ToString(CultureInfo.InvariantCulture) + "s");
            if (_options.HandlerFactory != null) parts.Add("own handler");
            if (_options.Dependency != null) parts.Add("dependency " + _options.Dependency.Name + (_options.Breaker == null ? "" : ", breaker " + _options.Breaker));
            if (!string.IsNullOrEmpty(_options.ForwardQueueUrl)) parts.Add("forwards to " + QueueName(_options.ForwardQueueUrl!));
            if (!string.IsNullOrEmpty(_options.ResultsTable)) parts.Add("results " + _options.ResultsTable);
            if (_options.BatchSize is int batch) parts.Add("batches of " + batch.ToString(CultureInfo.InvariantCulture) + (_options.BatchWindowSeconds > 0 ? " within " + _options.BatchWindowSeconds.ToString(CultureInfo.InvariantCulture) + "s" : ""));
            return string.Join(", ", parts);
        }

        /// <summary>Unwinds the loop at once: no finally-work, no deletes, no releases.</summary>
        private sealed class ConsumerCrash : Exception
        {
            public ConsumerCrash(string reason) : base(reason) { }
        }
    }
}

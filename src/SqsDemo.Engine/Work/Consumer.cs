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

        public Consumer(DemoBackend backend, ConsumerOptions options)
        {
            options.Validate();
            _backend = backend;
            _options = options.Clone();
            _broker = backend.BrokerFor(options.ConsumerId);
            _random = backend.RandomFor(options.ConsumerId);
            _cache = new IdempotencyCache(options.IdempotencyCacheSize);
            _summary = new ConsumerSummary { ConsumerId = options.ConsumerId };
            _ledger = options.UsesLedger || options.Versioning || !string.IsNullOrEmpty(options.EffectLogTable) ? backend.Ledger : null;
        }

        public string ConsumerId => _options.ConsumerId;

        /// <summary>
        /// The checks that need the queue: a heartbeat must come sooner than the visibility timeout
        /// it extends, which is the queue's when the options give none. Throws ArgumentException
        /// naming both; a queue that cannot be read is left for the consumer itself to report.
        /// </summary>
        public static async Task ValidateAgainstQueueAsync(DemoBackend backend, ConsumerOptions options, CancellationToken cancellationToken = default)
        {
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
            var journal = _backend.Journal;
            _summary.StartedAt = _backend.ScenarioTime;
            journal.Record(JournalEventKind.ConsumerStarted, _options.QueueUrl, actor: ConsumerId, detail: Describe());
            try
            {
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
            var handled = 0;
            while (true)
            {
                if (stopRequested.IsCancellationRequested) return ConsumerEnding.Stopped;
                var wait = queueWait;
                if (_options.IdleTimeoutSeconds > 0)
                {
                    var remaining = _options.IdleTimeoutSeconds - (clock.GetUtcNow() - lastReceived).TotalSeconds;
                    if (remaining <= 0) return ConsumerEnding.Idle;
                    wait = Math.Min(wait, (int)Math.Ceiling(remaining));
                }
                var max = _options.MessageLimit > 0 ? Math.Min(_options.MaxMessages, _options.MessageLimit - handled) : _options.MaxMessages;
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
                    }, stopRequested).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
                {
                    return ConsumerEnding.Stopped;
                }
                if (messages.Count == 0)
                {
                    // A short poll answers at once: pause before asking again rather than spin.
                    if (wait == 0) await PauseAsync(stopRequested).ConfigureAwait(false);
                    continue;
                }
                lastReceived = clock.GetUtcNow();
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
                    for (var i = 0; i < messages.Count; i++)
                    {
                        if (i > 0 && stopRequested.IsCancellationRequested)
                        {
                            await ReleaseAsync(messages.Skip(i).ToArray(), onRecord).ConfigureAwait(false);
                            return ConsumerEnding.Stopped;
                        }
                        await HandleAsync(messages[i], onRecord).ConfigureAwait(false);
                        handled++;
                    }
                }
                finally
                {
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

        private async Task HandleAsync(Message message, Action<ConsumerRecord> onRecord)
        {
            var bodyId = MessageBody.TryGetId(message.Body) ?? message.MessageId;
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
                    return;
                }
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
                    return;
                }
                Journal(JournalEventKind.LedgerStarted, message, bodyId,
                    start.Disposition == StartDisposition.TakenOver ? "taken over, attempt " + start.Record.Attempts : "attempt 1");
            }

            if (!string.IsNullOrEmpty(_options.RejectPayloadMarker) && message.Body.IndexOf(_options.RejectPayloadMarker, StringComparison.Ordinal) >= 0)
            {
                // Not deleted: it becomes visible again after the visibility timeout (or the backoff),
                // and the redrive policy moves it to the DLQ once maxReceiveCount is spent.
                await LetGoAsync(message).ConfigureAwait(false);
                if (_options.BackoffBaseSeconds is double backoffBase) await BackOffAsync(message, bodyId, backoffBase).ConfigureAwait(false);
                _summary.Rejected++;
                Emit(onRecord, JournalEventKind.Rejected, MessageOutcome.Rejected, message, bodyId, "body carries the reject marker " + _options.RejectPayloadMarker);
                return;
            }

            if (_cache.Enabled && _cache.Contains(bodyId))
            {
                await DeleteAsync(message).ConfigureAwait(false);
                _summary.DuplicatesSkipped++;
                Emit(onRecord, JournalEventKind.DuplicateSkipped, MessageOutcome.DuplicateSkipped, message, bodyId, "already processed (in-memory cache)");
                return;
            }

            if (_options.CrashRate > 0 && _random.NextDouble() < _options.CrashRate)
            {
                await HaltHeartbeatAsync().ConfigureAwait(false);
                Crash(message, onRecord, "crash roll (rate " + _options.CrashRate.ToString(CultureInfo.InvariantCulture) + ")");
            }

            var work = WorkTime();
            if (work > TimeSpan.Zero) await _backend.Clock.Delay(work).ConfigureAwait(false);

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
            await _ledger!.AppendEffectLogAsync(_options.EffectLogTable!, new EffectLogEntry { Kind = "seen", Value = versionText, EntityId = entity, MessageId = bodyId, ConsumerId = ConsumerId }).ConfigureAwait(false);
            var outcome = await _ledger.ApplyVersionAsync(_options.VersionsTable!, _options.EffectLogTable!,
                new EffectLogEntry { Value = versionText, EntityId = entity, MessageId = bodyId, ConsumerId = ConsumerId }, version, _options.LastWriteWins).ConfigureAwait(false);
            Journal(outcome.Applied ? JournalEventKind.VersionApplied : JournalEventKind.VersionIgnored, message, bodyId,
                $"{entity} v{version} (stored before: {(outcome.Previous is long p ? "v" + p.ToString(CultureInfo.InvariantCulture) : "none")})");
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

        private async Task ReleaseAsync(IReadOnlyList<Message> messages, Action<ConsumerRecord> onRecord)
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
                Emit(onRecord, JournalEventKind.Released, MessageOutcome.Released, m, MessageBody.TryGetId(m.Body) ?? m.MessageId, "handed back on stop");
        }

        /// <summary>The heartbeat stops extending <paramref name="message"/>: it is about to be deleted, rejected or handed back.</summary>
        /// <summary>Sets a failed message's visibility from its receive count, so it is retried after the backoff, not the whole timeout.</summary>
        private async Task BackOffAsync(Message message, string bodyId, double baseSeconds)
        {
            var seconds = RetryBackoff.VisibilityTimeout(message.ApproximateReceiveCount, baseSeconds, _options.BackoffMaxSeconds, _random.NextDouble());
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
            Journal(JournalEventKind.BackedOff, message, bodyId, string.Format(CultureInfo.InvariantCulture,
                "receive {0}: visible again in {1}s (base {2}s, doubling, cap {3}s, jittered)", message.ApproximateReceiveCount, seconds, baseSeconds, _options.BackoffMaxSeconds));
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
            Journal(JournalEventKind.VisibilityExtended, message, MessageBody.TryGetId(message.Body) ?? message.MessageId,
                "visibility " + visibilityTimeout.ToString(CultureInfo.InvariantCulture) + "s, " + detail);
        }

        private void HeartbeatLost(Message message, string reason)
        {
            Journal(JournalEventKind.Note, message, MessageBody.TryGetId(message.Body) ?? message.MessageId, reason);
            Warning?.Invoke(this, $"{ConsumerId}: message {message.MessageId}: {reason}");
        }

        /// <summary>Before a crash: a dead process extends nothing, so no extension is under way or starts once this returns.</summary>
        private Task HaltHeartbeatAsync() => _heartbeat == null ? Task.CompletedTask : _heartbeat.HaltAsync();

        /// <summary>Crashes: nothing after it runs. With a heartbeat, halt it first (<see cref="HaltHeartbeatAsync"/>).</summary>
        private void Crash(Message message, Action<ConsumerRecord> onRecord, string reason)
        {
            Emit(onRecord, JournalEventKind.Crashed, MessageOutcome.Crashed, message, MessageBody.TryGetId(message.Body) ?? message.MessageId, reason);
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
            return string.Join(", ", parts);
        }

        /// <summary>Unwinds the loop at once: no finally-work, no deletes, no releases.</summary>
        private sealed class ConsumerCrash : Exception
        {
            public ConsumerCrash(string reason) : base(reason) { }
        }
    }
}

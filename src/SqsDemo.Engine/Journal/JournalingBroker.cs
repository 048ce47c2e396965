using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Work;

namespace SqsDemo.Engine.Journal
{
    /// <summary>
    /// Records every SQS call one actor makes, whatever the backend, so the journal sees
    /// sends, receives, visibility changes, deletes and purges the same way on the
    /// embedded broker and on AWS.
    /// </summary>
    public sealed class JournalingBroker : IBroker
    {
        private readonly IBroker _inner;
        private readonly EventJournal _journal;
        private readonly ReceiptHandleTracker _handles;
        private readonly TimeProvider _clock;

        public JournalingBroker(IBroker inner, EventJournal journal, ReceiptHandleTracker handles, TimeProvider clock, string actor)
        {
            _inner = inner;
            _journal = journal;
            _handles = handles;
            _clock = clock;
            Actor = actor;
        }

        public string Actor { get; }

        public IBroker Inner => _inner;

        public async Task<string> CreateQueueAsync(string queueName, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken = default)
        {
            var existed = await ExistsAsync(queueName, cancellationToken).ConfigureAwait(false);
            var url = await _inner.CreateQueueAsync(queueName, attributes, cancellationToken).ConfigureAwait(false);
            // SQS's CreateQueue of a queue that exists with the same attributes returns it and creates nothing: no
            // QueueCreated, and the receipts of its messages in flight stay known.
            if (existed) return url;
            _handles.ForgetQueue(url);
            _journal.Record(JournalEventKind.QueueCreated, url, actor: Actor, facts: new JournalFacts { DelaySeconds = QueueDelayOf(attributes) });
            return url;
        }

        private async Task<bool> ExistsAsync(string queueName, CancellationToken cancellationToken)
        {
            try
            {
                await _inner.GetQueueUrlAsync(queueName, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (SqsException e) when (e.ErrorCode == SqsErrorCode.QueueDoesNotExist)
            {
                return false;
            }
        }

        public Task<string> GetQueueUrlAsync(string queueName, CancellationToken cancellationToken = default) =>
            _inner.GetQueueUrlAsync(queueName, cancellationToken);

        public async Task DeleteQueueAsync(string queueUrl, CancellationToken cancellationToken = default)
        {
            await _inner.DeleteQueueAsync(queueUrl, cancellationToken).ConfigureAwait(false);
            _handles.ForgetQueue(queueUrl);
            _journal.Record(JournalEventKind.QueueDeleted, queueUrl, actor: Actor);
        }

        public Task<IReadOnlyList<string>> ListQueuesAsync(string? queueNamePrefix, CancellationToken cancellationToken = default) =>
            _inner.ListQueuesAsync(queueNamePrefix, cancellationToken);

        public Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string> attributeNames, CancellationToken cancellationToken = default) =>
            _inner.GetQueueAttributesAsync(queueUrl, attributeNames, cancellationToken);

        public async Task SetQueueAttributesAsync(string queueUrl, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
        {
            await _inner.SetQueueAttributesAsync(queueUrl, attributes, cancellationToken).ConfigureAwait(false);
            _handles.ForgetQueue(queueUrl);
        }

        public async Task<SendMessageResult> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default)
        {
            SendMessageResult result;
            var call = NextRequest();
            try
            {
                result = await _inner.SendMessageAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (SqsException e)
            {
                _journal.Record(JournalEventKind.SendFailed, request.QueueUrl, actor: Actor, detail: e.ErrorCode + ": " + e.Message,
                    bodyId: BodyIdOf(request.MessageBodyUtf8, request.MessageBody), facts: new JournalFacts { ErrorCode = e.ErrorCode, Error = e.Message, SqsRequest = call, Operation = "SendMessage" });
                throw;
            }
            _journal.Record(JournalEventKind.Sent, request.QueueUrl, result.MessageId, Actor,
                bodyId: BodyIdOf(request.MessageBodyUtf8, request.MessageBody), detail: result.SequenceNumber == null ? null : "sequence " + result.SequenceNumber,
                facts: new JournalFacts { SequenceNumber = result.SequenceNumber, MessageGroupId = request.MessageGroupId, DelaySeconds = request.DelaySeconds, SqsRequest = call, Operation = "SendMessage",
                    MessageSizeBytes = Broker.Embedded.MessageValidator.SizeOf(request.MessageBody, request.MessageAttributes, request.MessageBodyUtf8) });
            return result;
        }

        public async Task<SendMessageBatchResult> SendMessageBatchAsync(string queueUrl, IReadOnlyList<SendMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default)
        {
            var result = await _inner.SendMessageBatchAsync(queueUrl, entries, cancellationToken).ConfigureAwait(false);
            var call = NextRequest();
            var byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
            foreach (var ok in result.Successful)
                _journal.Record(JournalEventKind.Sent, queueUrl, ok.MessageId, Actor,
                    bodyId: BodyIdOf(byId[ok.Id].MessageBodyUtf8, byId[ok.Id].MessageBody), detail: ok.SequenceNumber == null ? null : "sequence " + ok.SequenceNumber,
                    facts: new JournalFacts { SequenceNumber = ok.SequenceNumber, MessageGroupId = byId[ok.Id].MessageGroupId, DelaySeconds = byId[ok.Id].DelaySeconds, SqsRequest = call, Operation = "SendMessageBatch",
                        MessageSizeBytes = Broker.Embedded.MessageValidator.SizeOf(byId[ok.Id].MessageBody, byId[ok.Id].MessageAttributes, byId[ok.Id].MessageBodyUtf8) });
            foreach (var failed in result.Failed)
                _journal.Record(JournalEventKind.SendFailed, queueUrl, actor: Actor, detail: failed.Code + ": " + failed.Message,
                    bodyId: byId.TryGetValue(failed.Id, out var entry) ? BodyIdOf(entry.MessageBodyUtf8, entry.MessageBody) : null,
                    facts: new JournalFacts { ErrorCode = failed.Code, Error = failed.Message, SqsRequest = call, Operation = "SendMessageBatch" });
            return result;
        }

        /// <summary>The queue's DelaySeconds as created, where the creator gave one: metrics tell delayed messages by it.</summary>
        private static int? QueueDelayOf(IReadOnlyDictionary<string, string>? attributes) =>
            attributes != null && attributes.TryGetValue(QueueAttributeName.DelaySeconds, out var text)
                && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : (int?)null;

        /// <summary>The body id of a send: from its UTF-8 bytes when it gave them (the broker then ignores the text), else from its text.</summary>
        private static string? BodyIdOf(byte[]? bodyUtf8, string body) => bodyUtf8 != null ? MessageBody.TryGetId(bodyUtf8) : MessageBody.TryGetId(body);

        public async Task<IReadOnlyList<Message>> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default)
        {
            var messages = await _inner.ReceiveMessageAsync(request, cancellationToken).ConfigureAwait(false);
            var call = NextRequest();
            if (messages.Count == 0)
            {
                _journal.Record(JournalEventKind.ReceivedEmpty, request.QueueUrl, actor: Actor, facts: new JournalFacts { SqsRequest = call, Operation = "ReceiveMessage" });
                return messages;
            }
            var now = _clock.GetUtcNow();
            var visibility = request.VisibilityTimeout ?? await _handles.QueueVisibilityTimeoutAsync(_inner, request.QueueUrl, cancellationToken).ConfigureAwait(false);
            foreach (var m in messages)
            {
                _handles.Issued(m.ReceiptHandle, m.MessageId, m.ApproximateReceiveCount, now.AddSeconds(visibility));
                _journal.Record(JournalEventKind.Received, request.QueueUrl, m.MessageId, Actor, m.ApproximateReceiveCount, m.ReceiptHandle,
                    detail: VisibilityDetail(visibility), bodyId: MessageBody.TryGetId(m.Body), time: now,
                    facts: new JournalFacts { VisibilityTimeoutSeconds = visibility, ReceiptGeneration = m.ApproximateReceiveCount, SqsRequest = call, Operation = "ReceiveMessage" });
            }
            return messages;
        }

        public async Task DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken cancellationToken = default)
        {
            var call = NextRequest();
            try
            {
                await _inner.DeleteMessageAsync(queueUrl, receiptHandle, cancellationToken).ConfigureAwait(false);
            }
            catch (SqsException e)
            {
                RecordDeleteFailed(queueUrl, receiptHandle, e.ErrorCode, e.Message, call, "DeleteMessage");
                throw;
            }
            RecordDeleted(queueUrl, receiptHandle, call, "DeleteMessage");
        }

        public async Task<BatchResult> DeleteMessageBatchAsync(string queueUrl, IReadOnlyList<DeleteMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default)
        {
            var result = await _inner.DeleteMessageBatchAsync(queueUrl, entries, cancellationToken).ConfigureAwait(false);
            var call = NextRequest();
            var byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
            foreach (var id in result.Successful) RecordDeleted(queueUrl, byId[id].ReceiptHandle, call, "DeleteMessageBatch");
            foreach (var failed in result.Failed)
                if (byId.TryGetValue(failed.Id, out var entry)) RecordDeleteFailed(queueUrl, entry.ReceiptHandle, failed.Code, failed.Message, call, "DeleteMessageBatch");
            return result;
        }

        public async Task ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int visibilityTimeout, CancellationToken cancellationToken = default)
        {
            await _inner.ChangeMessageVisibilityAsync(queueUrl, receiptHandle, visibilityTimeout, cancellationToken).ConfigureAwait(false);
            RecordVisibilityChanged(queueUrl, receiptHandle, visibilityTimeout, NextRequest(), "ChangeMessageVisibility");
        }

        /// <summary>
        /// ChangeMessageVisibility for a visibility heartbeat: the same call, recorded as one
        /// <see cref="JournalEventKind.VisibilityExtended"/> (not VisibilityChanged), so the journal
        /// counts heartbeat extensions and other visibility changes apart. The receipt handle's
        /// new deadline is tracked as for any visibility change, so the later delete is not taken for a late one.
        /// </summary>
        public async Task ExtendMessageVisibilityAsync(string queueUrl, Message message, int visibilityTimeout, string detail, JournalFacts facts, CancellationToken cancellationToken = default)
        {
            await _inner.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, visibilityTimeout, cancellationToken).ConfigureAwait(false);
            var now = _clock.GetUtcNow();
            _handles.Extended(message.ReceiptHandle, now.AddSeconds(visibilityTimeout));
            facts.VisibilityTimeoutSeconds = visibilityTimeout;
            facts.ReceiptGeneration = message.ApproximateReceiveCount;
            facts.SqsRequest = NextRequest();
            facts.Operation = "ChangeMessageVisibility";
            _journal.Record(JournalEventKind.VisibilityExtended, queueUrl, message.MessageId, Actor, message.ApproximateReceiveCount, message.ReceiptHandle,
                detail: "visibility " + visibilityTimeout.ToString(CultureInfo.InvariantCulture) + "s" + (string.IsNullOrEmpty(detail) ? "" : ", " + detail),
                bodyId: MessageBody.TryGetId(message.Body), time: now, facts: facts);
        }

        public async Task<BatchResult> ChangeMessageVisibilityBatchAsync(string queueUrl, IReadOnlyList<ChangeMessageVisibilityBatchRequestEntry> entries, CancellationToken cancellationToken = default)
        {
            var result = await _inner.ChangeMessageVisibilityBatchAsync(queueUrl, entries, cancellationToken).ConfigureAwait(false);
            var call = NextRequest();
            var byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
            foreach (var id in result.Successful) RecordVisibilityChanged(queueUrl, byId[id].ReceiptHandle, byId[id].VisibilityTimeout, call, "ChangeMessageVisibilityBatch");
            return result;
        }

        public async Task PurgeQueueAsync(string queueUrl, CancellationToken cancellationToken = default)
        {
            await _inner.PurgeQueueAsync(queueUrl, cancellationToken).ConfigureAwait(false);
            _journal.Record(JournalEventKind.Purged, queueUrl, actor: Actor);
        }

        // Message move tasks are passed through unrecorded: on the embedded broker each moved message
        // reaches the journal as a Redriven event (from the broker's notification); AWS reports none.

        public Task<ListDeadLetterSourceQueuesResult> ListDeadLetterSourceQueuesAsync(string queueUrl, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default) =>
            _inner.ListDeadLetterSourceQueuesAsync(queueUrl, maxResults, nextToken, cancellationToken);

        public Task<string> StartMessageMoveTaskAsync(string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken = default) =>
            _inner.StartMessageMoveTaskAsync(sourceArn, destinationArn, maxNumberOfMessagesPerSecond, cancellationToken);

        public Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults = null, CancellationToken cancellationToken = default) =>
            _inner.ListMessageMoveTasksAsync(sourceArn, maxResults, cancellationToken);

        public Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken = default) =>
            _inner.CancelMessageMoveTaskAsync(taskHandle, cancellationToken);

        private void RecordVisibilityChanged(string queueUrl, string receiptHandle, int visibilityTimeout, long call, string operation)
        {
            var now = _clock.GetUtcNow();
            var issued = _handles.Extended(receiptHandle, now.AddSeconds(visibilityTimeout));
            _journal.Record(JournalEventKind.VisibilityChanged, queueUrl, issued?.MessageId, Actor, receiptHandle: receiptHandle,
                detail: VisibilityDetail(visibilityTimeout), time: now,
                facts: new JournalFacts { VisibilityTimeoutSeconds = visibilityTimeout, ReceiptGeneration = issued?.ReceiveCount, SqsRequest = call, Operation = operation });
        }

        // Every received message's event says its visibility: one string per timeout, shared by the events, not one each.
        private static readonly string?[] VisibilityDetails = new string?[901];

        private static string VisibilityDetail(int seconds)
        {
            if (seconds < 0 || seconds >= VisibilityDetails.Length) return "visibility " + seconds.ToString(CultureInfo.InvariantCulture) + "s";
            return VisibilityDetails[seconds] ??= "visibility " + seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        private void RecordDeleted(string queueUrl, string receiptHandle, long call, string operation)
        {
            var now = _clock.GetUtcNow();
            var issued = _handles.Retire(receiptHandle);
            // A handle used after its visibility timeout ran out may have been superseded by
            // another receive: SQS accepts the delete but need not act on it.
            if (issued != null && now > issued.VisibleAgainAt)
                _journal.Record(JournalEventKind.DeleteMayNotHaveDeleted, queueUrl, issued.MessageId, Actor, receiptHandle: receiptHandle,
                    detail: "receipt handle " + (now - issued.VisibleAgainAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s past its visibility timeout", time: now,
                    facts: new JournalFacts { ReceiptGeneration = issued.ReceiveCount, SqsRequest = call, Operation = operation });
            else
                _journal.Record(JournalEventKind.Deleted, queueUrl, issued?.MessageId, Actor, receiptHandle: receiptHandle, time: now,
                    facts: new JournalFacts { ReceiptGeneration = issued?.ReceiveCount, SqsRequest = call, Operation = operation });
        }

        private void RecordDeleteFailed(string queueUrl, string receiptHandle, string code, string error, long call, string operation) =>
            _journal.Record(JournalEventKind.DeleteFailed, queueUrl, _handles.MessageIdOf(receiptHandle), Actor, receiptHandle: receiptHandle, detail: code + ": " + error,
                facts: new JournalFacts { ErrorCode = code, Error = error, SqsRequest = call, Operation = operation });

        // One number per SQS call, unique in the process, so the journal's events of one batch or receive can be told apart from the next call's.
        private static long _lastRequest;

        private static long NextRequest() => Interlocked.Increment(ref _lastRequest);
    }

    /// <summary>
    /// What the journal knows of each receipt handle it saw issued: whose message it is and
    /// when its visibility timeout ends, so a late delete can be told apart.
    /// </summary>
    public sealed class ReceiptHandleTracker
    {
        private readonly ConcurrentDictionary<string, IssuedHandle> _issued = new ConcurrentDictionary<string, IssuedHandle>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _visibilityByQueue = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        public sealed class IssuedHandle
        {
            public IssuedHandle(string messageId, int receiveCount, DateTimeOffset visibleAgainAt)
            {
                MessageId = messageId;
                ReceiveCount = receiveCount;
                VisibleAgainAt = visibleAgainAt;
            }

            public string MessageId { get; }
            /// <summary>The receive the handle came from: its generation.</summary>
            public int ReceiveCount { get; }
            public DateTimeOffset VisibleAgainAt { get; }
        }

        internal void Issued(string receiptHandle, string messageId, int receiveCount, DateTimeOffset visibleAgainAt) =>
            _issued[receiptHandle] = new IssuedHandle(messageId, receiveCount, visibleAgainAt);

        internal IssuedHandle? Extended(string receiptHandle, DateTimeOffset visibleAgainAt)
        {
            if (!_issued.TryGetValue(receiptHandle, out var issued)) return null;
            _issued[receiptHandle] = new IssuedHandle(issued.MessageId, issued.ReceiveCount, visibleAgainAt);
            return issued;
        }

        internal IssuedHandle? Retire(string receiptHandle) => _issued.TryRemove(receiptHandle, out var issued) ? issued : null;

        internal string? MessageIdOf(string receiptHandle) => _issued.TryGetValue(receiptHandle, out var issued) ? issued.MessageId : null;

        internal void ForgetQueue(string queueUrl) => _visibilityByQueue.TryRemove(queueUrl, out _);

        /// <summary>The queue's VisibilityTimeout, asked once per queue and kept until its attributes change through the journal.</summary>
        internal async Task<int> QueueVisibilityTimeoutAsync(IBroker broker, string queueUrl, CancellationToken cancellationToken)
        {
            if (_visibilityByQueue.TryGetValue(queueUrl, out var seconds)) return seconds;
            var attributes = await broker.GetQueueAttributesAsync(queueUrl, new[] { QueueAttributeName.VisibilityTimeout }, cancellationToken).ConfigureAwait(false);
            seconds = attributes.TryGetValue(QueueAttributeName.VisibilityTimeout, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 30;
            _visibilityByQueue[queueUrl] = seconds;
            return seconds;
        }
    }
}

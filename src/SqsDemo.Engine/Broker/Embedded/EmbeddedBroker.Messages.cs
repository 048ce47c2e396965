using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker.Embedded
{
    public sealed partial class EmbeddedBroker
    {
        public Task<SendMessageResult> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                if (request == null) throw new ArgumentNullException(nameof(request));
                var queue = _registry.ByUrl(request.QueueUrl);
                var prepared = MessageValidator.Prepare(request.MessageBody, request.DelaySeconds, request.MessageAttributes,
                    request.MessageGroupId, request.MessageDeduplicationId, queue.Settings, awsTraceHeader: request.AwsTraceHeader, bodyUtf8: request.MessageBodyUtf8);
                var sent = WithNotes(notes => queue.Send(new[] { prepared }, _context.NowTicks, notes));
                return new SendMessageResult
                {
                    MessageId = sent[0].MessageId,
                    MD5OfMessageBody = prepared.Digest.ToHex(),
                    MD5OfMessageAttributes = prepared.Attributes == null ? null : prepared.AttributesDigest.ToHex(),
                    MD5OfMessageSystemAttributes = prepared.SystemAttributesDigestHex,
                    SequenceNumber = sent[0].SequenceNumber,
                };
            });

        public Task<SendMessageBatchResult> SendMessageBatchAsync(string queueUrl, IReadOnlyList<SendMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                BatchValidator.Validate(entries, e => e.Id, "SendMessageBatchRequestEntry");
                long total = 0;
                foreach (var entry in entries) total += MessageValidator.SizeOf(entry.MessageBody, entry.MessageAttributes, entry.MessageBodyUtf8);
                if (total > SqsLimits.MaxMessageSizeBytes) throw SqsErrors.BatchRequestTooLong(total);

                var settings = queue.Settings;
                if (settings.IsFifo) RequireFifoIds(entries, settings);
                var result = new SendMessageBatchResult();
                var accepted = new List<PreparedMessage>(entries.Count);
                var acceptedIds = new List<string>(entries.Count);
                foreach (var entry in entries)
                {
                    try
                    {
                        accepted.Add(MessageValidator.Prepare(entry.MessageBody, entry.DelaySeconds, entry.MessageAttributes,
                            entry.MessageGroupId, entry.MessageDeduplicationId, settings, batchEntry: true, awsTraceHeader: entry.AwsTraceHeader, bodyUtf8: entry.MessageBodyUtf8));
                        acceptedIds.Add(entry.Id);
                    }
                    catch (SqsException e)
                    {
                        result.Failed.Add(BatchValidator.Failure(entry.Id, e));
                    }
                }
                if (accepted.Count == 0) return result;
                var sent = WithNotes(notes => queue.Send(accepted, _context.NowTicks, notes));
                for (var i = 0; i < sent.Length; i++)
                    result.Successful.Add(new SendMessageBatchResultEntry
                    {
                        Id = acceptedIds[i],
                        MessageId = sent[i].MessageId,
                        MD5OfMessageBody = accepted[i].Digest.ToHex(),
                        MD5OfMessageAttributes = accepted[i].Attributes == null ? null : accepted[i].AttributesDigest.ToHex(),
                        MD5OfMessageSystemAttributes = accepted[i].SystemAttributesDigestHex,
                        SequenceNumber = sent[i].SequenceNumber,
                    });
                return result;
            });

        /// <summary>
        /// FIFO batches: an entry without MessageGroupId, or without a deduplication id on a queue
        /// without content-based deduplication, fails the whole request, not one entry (recorded on
        /// AWS; docs/sqs-rules.md, "FIFO").
        /// </summary>
        private static void RequireFifoIds(IReadOnlyList<SendMessageBatchRequestEntry> entries, QueueSettings settings)
        {
            foreach (var entry in entries)
            {
                if (entry.MessageGroupId == null) throw SqsErrors.MissingMessageGroupId(batchEntry: true);
                if (entry.MessageDeduplicationId == null && !settings.ContentBasedDeduplication) throw SqsErrors.NoDeduplicationId();
            }
        }

        public Task DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                var handle = queue.DecodeHandle(receiptHandle);
                return WithNotes(notes =>
                {
                    queue.Delete(handle, receiptHandle, _context.NowTicks, notes);
                    return true;
                });
            });

        public Task<BatchResult> DeleteMessageBatchAsync(string queueUrl, IReadOnlyList<DeleteMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                BatchValidator.Validate(entries, e => e.Id, "DeleteMessageBatchRequestEntry");
                return WithNotes(notes => queue.DeleteBatch(entries, _context.NowTicks, notes));
            });

        public Task ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int visibilityTimeout, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                ChangeVisibility(queue, receiptHandle, visibilityTimeout, null);
                return true;
            });

        public Task<BatchResult> ChangeMessageVisibilityBatchAsync(string queueUrl, IReadOnlyList<ChangeMessageVisibilityBatchRequestEntry> entries, CancellationToken cancellationToken = default) =>
            Run(cancellationToken, () =>
            {
                var queue = _registry.ByUrl(queueUrl);
                BatchValidator.Validate(entries, e => e.Id, "ChangeMessageVisibilityBatchRequestEntry");
                return WithNotes(notes => PerEntry(entries, e => e.Id, e => ChangeVisibility(queue, e.ReceiptHandle, e.VisibilityTimeout, notes)));
            });

        private void ChangeVisibility(QueueState queue, string receiptHandle, int visibilityTimeout, List<BrokerNotificationEventArgs>? notes)
        {
            if (visibilityTimeout < 0 || visibilityTimeout > SqsLimits.MaxVisibilityTimeoutSeconds)
                throw SqsErrors.ParameterOutOfRange("VisibilityTimeout", visibilityTimeout, 0, SqsLimits.MaxVisibilityTimeoutSeconds);
            var handle = queue.DecodeHandle(receiptHandle);
            if (notes != null) queue.ChangeVisibility(handle, receiptHandle, visibilityTimeout, _context.NowTicks, notes);
            else WithNotes(n =>
            {
                queue.ChangeVisibility(handle, receiptHandle, visibilityTimeout, _context.NowTicks, n);
                return true;
            });
        }

        /// <summary>Runs a batch entry by entry: an entry's SQS error becomes its Failed row; a missing queue fails the whole call.</summary>
        private static BatchResult PerEntry<T>(IReadOnlyList<T> entries, Func<T, string> idOf, Action<T> operation)
        {
            var result = new BatchResult();
            foreach (var entry in entries)
            {
                try
                {
                    operation(entry);
                    result.Successful.Add(idOf(entry));
                }
                catch (SqsException e) when (e.ErrorCode != SqsErrorCode.QueueDoesNotExist)
                {
                    result.Failed.Add(BatchValidator.Failure(idOf(entry), e));
                }
            }
            return result;
        }
    }
}

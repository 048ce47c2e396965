using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker
{
    /// <summary>
    /// Amazon SQS in its own vocabulary. The embedded broker and the AWS SDK adapter both
    /// implement it, with SQS's names and error codes (<see cref="SqsException"/>), so
    /// scenarios and tests run unchanged against either.
    /// </summary>
    public interface IBroker
    {
        /// <summary>Creates a queue, or returns the existing one when the attributes are identical.</summary>
        Task<string> CreateQueueAsync(string queueName, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken = default);

        Task<string> GetQueueUrlAsync(string queueName, CancellationToken cancellationToken = default);

        Task DeleteQueueAsync(string queueUrl, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<string>> ListQueuesAsync(string? queueNamePrefix, CancellationToken cancellationToken = default);

        /// <summary>Returns the named attributes; "All" returns every one.</summary>
        Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string> attributeNames, CancellationToken cancellationToken = default);

        Task SetQueueAttributesAsync(string queueUrl, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default);

        Task<SendMessageResult> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default);

        /// <summary>Per-entry failures come back in <see cref="SendMessageBatchResult.Failed"/>; request-level ones throw.</summary>
        Task<SendMessageBatchResult> SendMessageBatchAsync(string queueUrl, IReadOnlyList<SendMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<Message>> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default);

        Task DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken cancellationToken = default);

        Task<BatchResult> DeleteMessageBatchAsync(string queueUrl, IReadOnlyList<DeleteMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default);

        Task ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int visibilityTimeout, CancellationToken cancellationToken = default);

        Task<BatchResult> ChangeMessageVisibilityBatchAsync(string queueUrl, IReadOnlyList<ChangeMessageVisibilityBatchRequestEntry> entries, CancellationToken cancellationToken = default);

        /// <summary>
        /// ListDeadLetterSourceQueues: the queues whose RedrivePolicy names <paramref name="queueUrl"/> as
        /// their dead-letter queue, by name. <paramref name="maxResults"/> 1-1,000 pages the answer (then
        /// <see cref="ListDeadLetterSourceQueuesResult.NextToken"/> says where the next page starts).
        /// </summary>
        Task<ListDeadLetterSourceQueuesResult> ListDeadLetterSourceQueuesAsync(string queueUrl, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default);

        Task PurgeQueueAsync(string queueUrl, CancellationToken cancellationToken = default);

        /// <summary>
        /// StartMessageMoveTask: starts moving the messages of a dead-letter queue
        /// (<paramref name="sourceArn"/>) to <paramref name="destinationArn"/>, or when that is null
        /// back to the queue each message came from; at most <paramref name="maxNumberOfMessagesPerSecond"/>
        /// (1-500) per second when given. Returns the task handle.
        /// </summary>
        Task<string> StartMessageMoveTaskAsync(string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken = default);

        /// <summary>ListMessageMoveTasks: newest first, 1-10 results (<paramref name="maxResults"/> defaults to 1, as in SQS).</summary>
        Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults = null, CancellationToken cancellationToken = default);

        /// <summary>CancelMessageMoveTask (RUNNING tasks only; moved messages stay moved): returns ApproximateNumberOfMessagesMoved.</summary>
        Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken = default);
    }
}

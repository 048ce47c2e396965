using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SQS;
using Sdk = Amazon.SQS.Model;

namespace SqsDemo.Engine.Broker.Aws
{
    /// <summary>
    /// <see cref="IBroker"/> over the AWS SDK's <see cref="IAmazonSQS"/>: real SQS, or an emulator
    /// at a loopback endpoint. Errors come back as <see cref="SqsException"/> with the codes the
    /// embedded broker uses (see <see cref="AwsErrors"/>); an endpoint that cannot be reached fails
    /// with <see cref="AwsBrokerErrorCode.EndpointUnreachable"/> naming it. Cancelling a call's token
    /// throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <see cref="ForEndpoint(Uri, string)"/> builds two clients on one endpoint: one with a short
    /// per-attempt timeout for every call, one whose timeout leaves room for a 20-second long poll,
    /// used by receives that may wait (WaitTimeSeconds absent or above 0). Each call also has an
    /// overall deadline (twice the attempt timeout, plus the wait for a long poll), so retries
    /// cannot stretch a failure: an endpoint that refuses connections fails in about a second, one
    /// that accepts and never answers in about ten. A client given to the public constructor serves
    /// every call with its own settings and no extra deadline.
    /// </para>
    /// <para>
    /// <c>ApproximateAgeOfOldestMessage</c> is not an SQS queue attribute (CloudWatch has it as a
    /// metric): this adapter does not implement <see cref="IQueueAgeMetric"/>.
    /// </para>
    /// </remarks>
    public sealed class AwsBroker : IBroker, IDisposable
    {
        /// <summary>Per-attempt HTTP timeout of short calls made by <see cref="ForEndpoint(Uri, string)"/>'s clients.</summary>
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

        /// <summary>Retries after the first attempt (SDK standard retry mode, jittered exponential backoff).</summary>
        public const int DefaultMaxErrorRetry = 2;

        /// <summary>The access key <see cref="ForEndpoint(Uri, string)"/> signs with at loopback endpoints (emulators accept any).</summary>
        public const string LoopbackAccessKey = "test";

        private readonly IAmazonSQS _client;
        private readonly IAmazonSQS _longPollClient;
        private readonly bool _ownsClients;
        private readonly TimeSpan? _callDeadline;
        private int _disposed;

        /// <summary>A broker over <paramref name="client"/>, which the caller keeps owning (disposing the broker does not dispose it).</summary>
        public AwsBroker(IAmazonSQS client)
            : this(client ?? throw new ArgumentNullException(nameof(client)), client, ownsClients: false, callDeadline: null)
        {
        }

        private AwsBroker(IAmazonSQS client, IAmazonSQS longPollClient, bool ownsClients, TimeSpan? callDeadline)
        {
            _client = client;
            _longPollClient = longPollClient;
            _ownsClients = ownsClients;
            _callDeadline = callDeadline;
            Endpoint = EndpointOf(client);
        }

        /// <summary>The endpoint the client talks to, when it was given as a URL.</summary>
        public Uri? Endpoint { get; }

        /// <summary>The client short calls go through.</summary>
        public IAmazonSQS Client => _client;

        /// <summary>
        /// A broker on an SQS endpoint, e.g. <c>https://sqs.eu-west-1.amazonaws.com</c> or an emulator at
        /// <c>http://127.0.0.1:4566</c>. Requests are signed for <paramref name="region"/>; at a loopback
        /// endpoint with dummy credentials, elsewhere with the SDK's default credential chain. Each attempt
        /// times out after <see cref="DefaultRequestTimeout"/> (long polls get 20 s more), and failed attempts
        /// are retried <see cref="DefaultMaxErrorRetry"/> times in the SDK's standard retry mode, so an
        /// unreachable endpoint fails within seconds, not minutes.
        /// </summary>
        public static AwsBroker ForEndpoint(Uri endpoint, string region) => ForEndpoint(endpoint, region, DefaultRequestTimeout);

        /// <summary>
        /// As <see cref="ForEndpoint(Uri, string)"/>, with each HTTP attempt timing out after
        /// <paramref name="requestTimeout"/> and each call (retries included) after twice that,
        /// plus the wait of a long poll.
        /// </summary>
        public static AwsBroker ForEndpoint(Uri endpoint, string region, TimeSpan requestTimeout)
        {
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException("The SQS endpoint must be an absolute http or https URL: " + endpoint, nameof(endpoint));
            if (string.IsNullOrWhiteSpace(region)) throw new ArgumentException("The region must not be empty.", nameof(region));
            return Connect(Backends.AwsConnection.ForEndpoint(endpoint, region), requestTimeout);
        }

        /// <summary>
        /// A broker on <paramref name="connection"/> (AWS in a region, or an endpoint), with the timeouts,
        /// retries and deadlines described at <see cref="ForEndpoint(Uri, string)"/>.
        /// </summary>
        public static AwsBroker Connect(Backends.AwsConnection connection, TimeSpan? requestTimeout = null)
        {
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            var timeout = requestTimeout ?? DefaultRequestTimeout;
            if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(5))
                throw new ArgumentOutOfRangeException(nameof(requestTimeout), timeout, "The request timeout must be above 0 and at most 5 minutes.");
            var shortClient = new AmazonSQSClient(connection.Credentials, CreateConfig(connection, timeout));
            var longPollClient = new AmazonSQSClient(connection.Credentials, CreateConfig(connection, timeout + TimeSpan.FromSeconds(SqsLimits.MaxWaitTimeSeconds)));
            return new AwsBroker(shortClient, longPollClient, ownsClients: true, callDeadline: timeout + timeout);
        }

        /// <summary>The client configuration <see cref="Connect"/> uses.</summary>
        public static AmazonSQSConfig CreateConfig(Backends.AwsConnection connection, TimeSpan requestTimeout)
        {
            var config = new AmazonSQSConfig
            {
                Timeout = requestTimeout,
                RetryMode = RequestRetryMode.Standard,
                MaxErrorRetry = DefaultMaxErrorRetry,
            };
            connection.Configure(config);
            return config;
        }

        /// <summary>localhost, 127.0.0.0/8 or ::1: an emulator, which needs credentials but checks none.</summary>
        public static bool IsLoopback(Uri endpoint)
        {
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            if (endpoint.IsLoopback) return true;
            var host = endpoint.Host;
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
        }

        public async Task<string> CreateQueueAsync(string queueName, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken = default)
        {
            Require(queueName, "QueueName");
            var request = new Sdk.CreateQueueRequest
            {
                QueueName = queueName,
                Attributes = attributes != null && attributes.Count > 0 ? attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal) : null,
            };
            return await Call("CreateQueue", _client, cancellationToken, async (c, ct) => (await c.CreateQueueAsync(request, ct).ConfigureAwait(false)).QueueUrl ?? "").ConfigureAwait(false);
        }

        public async Task<string> GetQueueUrlAsync(string queueName, CancellationToken cancellationToken = default)
        {
            Require(queueName, "QueueName");
            var request = new Sdk.GetQueueUrlRequest { QueueName = queueName };
            return await Call("GetQueueUrl", _client, cancellationToken, async (c, ct) => (await c.GetQueueUrlAsync(request, ct).ConfigureAwait(false)).QueueUrl ?? "").ConfigureAwait(false);
        }

        public async Task DeleteQueueAsync(string queueUrl, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            var request = new Sdk.DeleteQueueRequest { QueueUrl = queueUrl };
            await Run("DeleteQueue", _client, cancellationToken, (c, ct) => c.DeleteQueueAsync(request, ct)).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<string>> ListQueuesAsync(string? queueNamePrefix, CancellationToken cancellationToken = default)
        {
            var request = new Sdk.ListQueuesRequest { QueueNamePrefix = AwsModel.NullIfEmpty(queueNamePrefix) };
            return await Call<IReadOnlyList<string>>("ListQueues", _client, cancellationToken, async (c, ct) =>
                (await c.ListQueuesAsync(request, ct).ConfigureAwait(false)).QueueUrls?.ToList() ?? new List<string>()).ConfigureAwait(false);
        }

        public async Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string> attributeNames, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            var names = (attributeNames ?? Enumerable.Empty<string>())
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var request = new Sdk.GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = names.Count > 0 ? names : null };
            return await Call<IReadOnlyDictionary<string, string>>("GetQueueAttributes", _client, cancellationToken, async (c, ct) =>
            {
                var response = await c.GetQueueAttributesAsync(request, ct).ConfigureAwait(false);
                return response.Attributes != null
                    ? new Dictionary<string, string>(response.Attributes, StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal);
            }).ConfigureAwait(false);
        }

        public async Task SetQueueAttributesAsync(string queueUrl, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            if (attributes == null || attributes.Count == 0)
                throw new SqsException(SqsErrorCode.MissingParameter, "The request must contain the parameter Attributes.");
            var request = new Sdk.SetQueueAttributesRequest
            {
                QueueUrl = queueUrl,
                Attributes = attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
            };
            await Run("SetQueueAttributes", _client, cancellationToken, (c, ct) => c.SetQueueAttributesAsync(request, ct)).ConfigureAwait(false);
        }

        public async Task<SendMessageResult> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new SqsException(SqsErrorCode.MissingParameter, "The request must not be null.");
            Require(request.QueueUrl, "QueueUrl");
            var sdkRequest = new Sdk.SendMessageRequest
            {
                QueueUrl = request.QueueUrl,
                MessageBody = request.MessageBody,
                DelaySeconds = request.DelaySeconds,
                MessageAttributes = AwsModel.ToSdk(request.MessageAttributes),
                MessageGroupId = AwsModel.NullIfEmpty(request.MessageGroupId),
                MessageDeduplicationId = AwsModel.NullIfEmpty(request.MessageDeduplicationId),
                MessageSystemAttributes = AwsModel.SystemAttributes(request.AwsTraceHeader),
            };
            return await Call("SendMessage", _client, cancellationToken, async (c, ct) =>
            {
                var response = await c.SendMessageAsync(sdkRequest, ct).ConfigureAwait(false);
                return new SendMessageResult
                {
                    MessageId = response.MessageId ?? "",
                    MD5OfMessageBody = response.MD5OfMessageBody ?? "",
                    MD5OfMessageAttributes = AwsModel.NullIfEmpty(response.MD5OfMessageAttributes),
                    MD5OfMessageSystemAttributes = AwsModel.NullIfEmpty(response.MD5OfMessageSystemAttributes),
                    SequenceNumber = AwsModel.NullIfEmpty(response.SequenceNumber),
                };
            }).ConfigureAwait(false);
        }

        public async Task<SendMessageBatchResult> SendMessageBatchAsync(string queueUrl, IReadOnlyList<SendMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            var request = new Sdk.SendMessageBatchRequest
            {
                QueueUrl = queueUrl,
                // An empty list is sent as such, so SQS answers EmptyBatchRequest.
                Entries = (entries ?? Array.Empty<SendMessageBatchRequestEntry>()).Select(AwsModel.ToSdk).ToList(),
            };
            return await Call("SendMessageBatch", _client, cancellationToken, async (c, ct) =>
            {
                var response = await c.SendMessageBatchAsync(request, ct).ConfigureAwait(false);
                var result = new SendMessageBatchResult();
                foreach (var entry in response.Successful ?? new List<Sdk.SendMessageBatchResultEntry>())
                {
                    result.Successful.Add(new SendMessageBatchResultEntry
                    {
                        Id = entry.Id ?? "",
                        MessageId = entry.MessageId ?? "",
                        MD5OfMessageBody = entry.MD5OfMessageBody ?? "",
                        MD5OfMessageAttributes = AwsModel.NullIfEmpty(entry.MD5OfMessageAttributes),
                        MD5OfMessageSystemAttributes = AwsModel.NullIfEmpty(entry.MD5OfMessageSystemAttributes),
                        SequenceNumber = AwsModel.NullIfEmpty(entry.SequenceNumber),
                    });
                }
                foreach (var entry in response.Failed ?? new List<Sdk.BatchResultErrorEntry>()) result.Failed.Add(AwsModel.FromSdk(entry));
                return result;
            }).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<Message>> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new SqsException(SqsErrorCode.MissingParameter, "The request must not be null.");
            Require(request.QueueUrl, "QueueUrl");
            var sdkRequest = new Sdk.ReceiveMessageRequest
            {
                QueueUrl = request.QueueUrl,
                MaxNumberOfMessages = request.MaxNumberOfMessages,
                WaitTimeSeconds = request.WaitTimeSeconds,
                VisibilityTimeout = request.VisibilityTimeout,
                ReceiveRequestAttemptId = AwsModel.NullIfEmpty(request.ReceiveRequestAttemptId),
                MessageSystemAttributeNames = AwsModel.SystemAttributeNames.ToList(),
                MessageAttributeNames = new List<string> { "All" },
            };
            // Absent WaitTimeSeconds means the queue's ReceiveMessageWaitTimeSeconds: it may long poll.
            var client = request.WaitTimeSeconds == 0 ? _client : _longPollClient;
            var wait = TimeSpan.FromSeconds(Math.Max(0, Math.Min(request.WaitTimeSeconds ?? SqsLimits.MaxWaitTimeSeconds, SqsLimits.MaxWaitTimeSeconds)));
            return await Call<IReadOnlyList<Message>>("ReceiveMessage", client, cancellationToken, wait, async (c, ct) =>
            {
                var response = await c.ReceiveMessageAsync(sdkRequest, ct).ConfigureAwait(false);
                return (response.Messages ?? new List<Sdk.Message>()).Select(AwsModel.FromSdk).ToList();
            }).ConfigureAwait(false);
        }

        public async Task DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            Require(receiptHandle, "ReceiptHandle");
            var request = new Sdk.DeleteMessageRequest { QueueUrl = queueUrl, ReceiptHandle = receiptHandle };
            await Run("DeleteMessage", _client, cancellationToken, (c, ct) => c.DeleteMessageAsync(request, ct)).ConfigureAwait(false);
        }

        public async Task<BatchResult> DeleteMessageBatchAsync(string queueUrl, IReadOnlyList<DeleteMessageBatchRequestEntry> entries, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            var request = new Sdk.DeleteMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = (entries ?? Array.Empty<DeleteMessageBatchRequestEntry>())
                    .Select(e => new Sdk.DeleteMessageBatchRequestEntry { Id = e.Id, ReceiptHandle = e.ReceiptHandle })
                    .ToList(),
            };
            return await Call("DeleteMessageBatch", _client, cancellationToken, async (c, ct) =>
            {
                var response = await c.DeleteMessageBatchAsync(request, ct).ConfigureAwait(false);
                return ToBatchResult(response.Successful?.Select(s => s.Id), response.Failed);
            }).ConfigureAwait(false);
        }

        public async Task ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int visibilityTimeout, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            Require(receiptHandle, "ReceiptHandle");
            var request = new Sdk.ChangeMessageVisibilityRequest { QueueUrl = queueUrl, ReceiptHandle = receiptHandle, VisibilityTimeout = visibilityTimeout };
            await Run("ChangeMessageVisibility", _client, cancellationToken, (c, ct) => c.ChangeMessageVisibilityAsync(request, ct)).ConfigureAwait(false);
        }

        public async Task<BatchResult> ChangeMessageVisibilityBatchAsync(string queueUrl, IReadOnlyList<ChangeMessageVisibilityBatchRequestEntry> entries, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            var request = new Sdk.ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = (entries ?? Array.Empty<ChangeMessageVisibilityBatchRequestEntry>())
                    .Select(e => new Sdk.ChangeMessageVisibilityBatchRequestEntry { Id = e.Id, ReceiptHandle = e.ReceiptHandle, VisibilityTimeout = e.VisibilityTimeout })
                    .ToList(),
            };
            return await Call("ChangeMessageVisibilityBatch", _client, cancellationToken, async (c, ct) =>
            {
                var response = await c.ChangeMessageVisibilityBatchAsync(request, ct).ConfigureAwait(false);
                return ToBatchResult(response.Successful?.Select(s => s.Id), response.Failed);
            }).ConfigureAwait(false);
        }

        public async Task<ListDeadLetterSourceQueuesResult> ListDeadLetterSourceQueuesAsync(string queueUrl, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            var request = new Sdk.ListDeadLetterSourceQueuesRequest { QueueUrl = queueUrl, MaxResults = maxResults, NextToken = AwsModel.NullIfEmpty(nextToken) };
            return await Call("ListDeadLetterSourceQueues", _client, cancellationToken, async (c, ct) =>
            {
                var response = await c.ListDeadLetterSourceQueuesAsync(request, ct).ConfigureAwait(false);
                var result = new ListDeadLetterSourceQueuesResult { NextToken = AwsModel.NullIfEmpty(response.NextToken) };
                result.QueueUrls.AddRange(response.QueueUrls ?? new List<string>());
                return result;
            }).ConfigureAwait(false);
        }

        public async Task PurgeQueueAsync(string queueUrl, CancellationToken cancellationToken = default)
        {
            Require(queueUrl, "QueueUrl");
            var request = new Sdk.PurgeQueueRequest { QueueUrl = queueUrl };
            await Run("PurgeQueue", _client, cancellationToken, (c, ct) => c.PurgeQueueAsync(request, ct)).ConfigureAwait(false);
        }

        public async Task<string> StartMessageMoveTaskAsync(string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken = default)
        {
            Require(sourceArn, "SourceArn");
            var request = new Sdk.StartMessageMoveTaskRequest
            {
                SourceArn = sourceArn,
                DestinationArn = AwsModel.NullIfEmpty(destinationArn),
                MaxNumberOfMessagesPerSecond = maxNumberOfMessagesPerSecond,
            };
            return await MoveTaskCall("StartMessageMoveTask", cancellationToken, async (c, ct) =>
                (await c.StartMessageMoveTaskAsync(request, ct).ConfigureAwait(false)).TaskHandle ?? "").ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults = null, CancellationToken cancellationToken = default)
        {
            Require(sourceArn, "SourceArn");
            var request = new Sdk.ListMessageMoveTasksRequest { SourceArn = sourceArn, MaxResults = maxResults };
            return await MoveTaskCall<IReadOnlyList<MessageMoveTask>>("ListMessageMoveTasks", cancellationToken, async (c, ct) =>
                (await c.ListMessageMoveTasksAsync(request, ct).ConfigureAwait(false)).Results?.Select(AwsModel.FromSdk).ToList()
                    ?? new List<MessageMoveTask>()).ConfigureAwait(false);
        }

        public async Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken = default)
        {
            Require(taskHandle, "TaskHandle");
            var request = new Sdk.CancelMessageMoveTaskRequest { TaskHandle = taskHandle };
            return await MoveTaskCall("CancelMessageMoveTask", cancellationToken, async (c, ct) =>
                (await c.CancelMessageMoveTaskAsync(request, ct).ConfigureAwait(false)).ApproximateNumberOfMessagesMoved ?? 0).ConfigureAwait(false);
        }

        /// <summary>
        /// A message move task call. An endpoint that does not implement the operation (moto 5 answers
        /// HTTP 500 with an HTML page) fails <see cref="SqsErrorCode.UnsupportedOperation"/> naming it, so
        /// callers can tell "not here" from a failure and fall back.
        /// </summary>
        private async Task<T> MoveTaskCall<T>(string operation, CancellationToken cancellationToken, Func<IAmazonSQS, CancellationToken, Task<T>> call)
        {
            try
            {
                return await Call(operation, _client, cancellationToken, call).ConfigureAwait(false);
            }
            catch (SqsException e) when (AwsErrors.IsNotImplemented(e))
            {
                throw AwsErrors.OperationNotImplemented(operation, Endpoint, e);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_ownsClients) return;
            _client.Dispose();
            if (!ReferenceEquals(_longPollClient, _client)) _longPollClient.Dispose();
        }

        private static BatchResult ToBatchResult(IEnumerable<string>? successful, List<Sdk.BatchResultErrorEntry>? failed)
        {
            var result = new BatchResult();
            foreach (var id in successful ?? Enumerable.Empty<string>()) result.Successful.Add(id ?? "");
            foreach (var entry in failed ?? new List<Sdk.BatchResultErrorEntry>()) result.Failed.Add(AwsModel.FromSdk(entry));
            return result;
        }

        /// <summary>Required strings are checked here, as the embedded broker does, since the SDK would fail them client-side.</summary>
        private static void Require(string? value, string parameter)
        {
            if (string.IsNullOrEmpty(value)) throw new SqsException(SqsErrorCode.MissingParameter, "The request must contain the parameter " + parameter + ".");
        }

        private Task Run<TResponse>(string operation, IAmazonSQS client, CancellationToken cancellationToken, Func<IAmazonSQS, CancellationToken, Task<TResponse>> call) =>
            Call<bool>(operation, client, cancellationToken, async (c, ct) =>
            {
                await call(c, ct).ConfigureAwait(false);
                return true;
            });

        private Task<T> Call<T>(string operation, IAmazonSQS client, CancellationToken cancellationToken, Func<IAmazonSQS, CancellationToken, Task<T>> call) =>
            Call(operation, client, cancellationToken, TimeSpan.Zero, call);

        /// <summary>Runs one SDK call under the call deadline (plus <paramref name="wait"/>, a long poll's), mapping its failures.</summary>
        private async Task<T> Call<T>(string operation, IAmazonSQS client, CancellationToken cancellationToken, TimeSpan wait, Func<IAmazonSQS, CancellationToken, Task<T>> call)
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(AwsBroker));
            cancellationToken.ThrowIfCancellationRequested();
            var deadline = _callDeadline + wait;
            using var deadlineSource = deadline != null ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
            deadlineSource?.CancelAfter(deadline!.Value);
            try
            {
                return await call(client, deadlineSource?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                var mapped = AwsErrors.Map(error, operation, Endpoint, deadline, cancellationToken);
                if (mapped is SqsException sqs) sqs.Operation ??= operation;
                if (ReferenceEquals(mapped, error)) throw;
                throw mapped;
            }
        }

        private static Uri? EndpointOf(IAmazonSQS client)
        {
            var url = client.Config?.ServiceURL;
            if (!string.IsNullOrEmpty(url) && Uri.TryCreate(url, UriKind.Absolute, out var uri)) return uri;
            var region = client.Config?.RegionEndpoint?.SystemName;
            return region != null && Uri.TryCreate("https://sqs." + region + ".amazonaws.com", UriKind.Absolute, out var regional) ? regional : null;
        }
    }
}

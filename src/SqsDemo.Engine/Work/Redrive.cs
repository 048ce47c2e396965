using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;

namespace SqsDemo.Engine.Work
{
    /// <summary>A DLQ redrive as the module shows it: SQS's message move task, or the fallback mover where the backend has none.</summary>
    public sealed class RedriveTask
    {
        /// <summary>The message move task's handle, or "fallback-..." for a receive-send-delete mover.</summary>
        public string TaskHandle { get; set; } = "";
        /// <summary>RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED (SQS's statuses, the fallback's too).</summary>
        public string Status { get; set; } = "";
        public string SourceQueueUrl { get; set; } = "";
        public string SourceArn { get; set; } = "";
        /// <summary>Null: each message back to the queue it was dead-lettered from.</summary>
        public string? DestinationArn { get; set; }
        public int? MaxMessagesPerSecond { get; set; }
        public long Moved { get; set; }
        public long? ToMove { get; set; }
        public string? FailureReason { get; set; }
        public DateTimeOffset Started { get; set; }
        /// <summary>"StartMessageMoveTask", or the fallback and why it was used.</summary>
        public string Method { get; set; } = "";
        public bool IsFallback => TaskHandle.StartsWith(Redrive.FallbackPrefix, StringComparison.Ordinal);
        public bool IsActive => Status == MessageMoveTaskStatus.Running || Status == MessageMoveTaskStatus.Cancelling;

        public override string ToString() => $"{Status} {Moved}/{(ToMove?.ToString(CultureInfo.InvariantCulture) ?? "?")} from {SourceQueueUrl}";
    }

    /// <summary>
    /// Redrives a dead-letter queue. Where the backend has message move tasks (SQS, the embedded
    /// broker) it starts one; where it answers UnsupportedOperation (moto), it moves the messages
    /// itself, as the SQS console did before move tasks existed: receive from the DLQ, send a copy
    /// (body and attributes) to the destination, and only then delete from the DLQ, so a failure
    /// can duplicate a message but never lose one. Without a destination, the fallback sends to the
    /// queue whose redrive policy names the DLQ (an emulator may not set DeadLetterQueueSourceArn):
    /// a DLQ shared by several queues sends everything to the first one found. It moves what the DLQ
    /// held when it started, as a move task does.
    /// </summary>
    public sealed class Redrive
    {
        public const string FallbackPrefix = "fallback-";
        public const string NativeMethod = "StartMessageMoveTask";
        public const string FallbackMethod = "receive-send-delete (the backend has no message move tasks)";

        private readonly DemoRun _backend;
        private readonly ConcurrentDictionary<string, Fallback> _fallbacks = new ConcurrentDictionary<string, Fallback>(StringComparer.Ordinal);
        private readonly object _startGate = new object();
        // Set once the backend answers UnsupportedOperation: it will not grow move tasks mid-run, and
        // asking again costs each call the SDK's retries (seconds on moto), on every poll of a wait.
        private volatile bool _noMoveTasks;

        public Redrive(DemoRun backend) => _backend = backend;

        public async Task<RedriveTask> StartAsync(string sourceQueueUrl, string? destinationQueueUrl, int? maxMessagesPerSecond, CancellationToken cancellationToken = default)
        {
            var broker = _backend.BrokerFor("redrive");
            var sourceArn = await ArnAsync(broker, sourceQueueUrl, cancellationToken).ConfigureAwait(false);
            var destinationArn = destinationQueueUrl == null ? null : await ArnAsync(broker, destinationQueueUrl, cancellationToken).ConfigureAwait(false);
            try
            {
                if (_noMoveTasks) throw NoMoveTasks();
                var handle = await broker.StartMessageMoveTaskAsync(sourceArn, destinationArn, maxMessagesPerSecond, cancellationToken).ConfigureAwait(false);
                var tasks = await broker.ListMessageMoveTasksAsync(sourceArn, 10, cancellationToken).ConfigureAwait(false);
                var started = tasks.FirstOrDefault(t => t.TaskHandle == handle) ?? tasks.FirstOrDefault();
                return From(started, sourceQueueUrl, handle);
            }
            catch (SqsException e) when (e.ErrorCode == SqsErrorCode.UnsupportedOperation)
            {
                _noMoveTasks = true;
                // The fallback keeps the move task's rules: the source must be some queue's DLQ, the
                // destination of the same type, and one active redrive per source.
                var origin = await SourceOfAsync(broker, sourceArn, cancellationToken).ConfigureAwait(false);
                var destination = destinationQueueUrl ?? origin;
                if (IsFifo(destination) != IsFifo(sourceQueueUrl))
                    throw new SqsException(SqsErrorCode.InvalidParameterValue, "The destination queue must be of the same type (standard or FIFO) as the source queue.");
                Fallback fallback;
                lock (_startGate)
                {
                    if (_fallbacks.Values.Any(f => f.Task.SourceArn == sourceArn && f.IsActive))
                        throw new SqsException(SqsErrorCode.InvalidParameterValue, "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
                    fallback = new Fallback(this, broker, sourceQueueUrl, sourceArn, destination, destinationArn, maxMessagesPerSecond);
                    _fallbacks[fallback.Task.TaskHandle] = fallback;
                }
                fallback.Start();
                return fallback.Snapshot();
            }
        }

        private static SqsException NoMoveTasks() =>
            new SqsException(SqsErrorCode.UnsupportedOperation, "This backend has no message move tasks (it said so before).");

        private static bool IsFifo(string queueUrl) => Environments.QueueAddress.IsFifo(queueUrl);

        /// <summary>The redrives of a DLQ, newest first (at most 10, as ListMessageMoveTasks).</summary>
        public async Task<IReadOnlyList<RedriveTask>> ListAsync(string sourceQueueUrl, CancellationToken cancellationToken = default)
        {
            var broker = _backend.BrokerFor("redrive");
            var sourceArn = await ArnAsync(broker, sourceQueueUrl, cancellationToken).ConfigureAwait(false);
            var local = _fallbacks.Values.Where(f => f.Task.SourceArn == sourceArn).Select(f => f.Snapshot()).ToList();
            var native = new List<RedriveTask>();
            if (!_noMoveTasks)
            {
                try
                {
                    foreach (var task in await broker.ListMessageMoveTasksAsync(sourceArn, 10, cancellationToken).ConfigureAwait(false))
                        native.Add(From(task, sourceQueueUrl, task.TaskHandle));
                }
                catch (SqsException e) when (e.ErrorCode == SqsErrorCode.UnsupportedOperation)
                {
                    _noMoveTasks = true;
                }
            }
            return native.Concat(local).OrderByDescending(t => t.Started).Take(10).ToList();
        }

        /// <summary>Cancels a running redrive; what it moved stays moved.</summary>
        public async Task<RedriveTask> StopAsync(string taskHandle, string sourceQueueUrl, CancellationToken cancellationToken = default)
        {
            if (_fallbacks.TryGetValue(taskHandle, out var fallback))
            {
                await fallback.CancelAsync().ConfigureAwait(false);
                return fallback.Snapshot();
            }
            var broker = _backend.BrokerFor("redrive");
            await broker.CancelMessageMoveTaskAsync(taskHandle, cancellationToken).ConfigureAwait(false);
            var list = await ListAsync(sourceQueueUrl, cancellationToken).ConfigureAwait(false);
            return list.FirstOrDefault(t => t.TaskHandle == taskHandle) ?? list.First();
        }

        /// <summary>
        /// Waits (on the backend's clock) until the redrive is no longer RUNNING or CANCELLING;
        /// <paramref name="observe"/> sees the task's state after each look.
        /// </summary>
        public async Task<RedriveTask> WaitAsync(RedriveTask task, TimeSpan pollInterval, TimeSpan timeout, CancellationToken cancellationToken = default,
            Action<RedriveTask>? observe = null)
        {
            var deadline = _backend.Clock.GetUtcNow() + timeout;
            var current = task;
            while (current.IsActive)
            {
                if (_backend.Clock.GetUtcNow() >= deadline)
                    throw new TimeoutException($"The redrive of {task.SourceQueueUrl} was still {current.Status} after {timeout.TotalSeconds:0.#} s ({current.Moved} moved).");
                await _backend.Clock.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
                var list = await ListAsync(task.SourceQueueUrl, cancellationToken).ConfigureAwait(false);
                // Native handles are given only while RUNNING: the newest task of the source is this one.
                current = list.FirstOrDefault(t => t.TaskHandle == task.TaskHandle) ?? list.FirstOrDefault(t => t.Started == task.Started) ?? list.First();
                // SQS drops the handle once a task ends; keep it, so the task stays identifiable (and Stop says why it cannot).
                if (string.IsNullOrEmpty(current.TaskHandle)) current.TaskHandle = task.TaskHandle;
                observe?.Invoke(current);
            }
            return current;
        }

        private static RedriveTask From(MessageMoveTask task, string sourceQueueUrl, string? handle) => new RedriveTask
        {
            TaskHandle = handle ?? task.TaskHandle ?? "",
            Status = task.Status,
            SourceQueueUrl = sourceQueueUrl,
            SourceArn = task.SourceArn,
            DestinationArn = task.DestinationArn,
            MaxMessagesPerSecond = task.MaxNumberOfMessagesPerSecond,
            Moved = task.ApproximateNumberOfMessagesMoved,
            ToMove = task.ApproximateNumberOfMessagesToMove,
            FailureReason = task.FailureReason,
            Started = task.StartedTimestamp,
            Method = NativeMethod,
        };

        private static Task<string> ArnAsync(IBroker broker, string queueUrl, CancellationToken cancellationToken) =>
            Environments.EnvironmentProvisioner.ArnAsync(broker, queueUrl, cancellationToken);

        /// <summary>The queue whose redrive policy names <paramref name="deadLetterArn"/>.</summary>
        private static async Task<string> SourceOfAsync(IBroker broker, string deadLetterArn, CancellationToken cancellationToken)
        {
            foreach (var url in await broker.ListQueuesAsync(null, cancellationToken).ConfigureAwait(false))
            {
                IReadOnlyDictionary<string, string> attributes;
                try
                {
                    attributes = await broker.GetQueueAttributesAsync(url, new[] { QueueAttributeName.RedrivePolicy }, cancellationToken).ConfigureAwait(false);
                }
                catch (SqsException e) when (e.ErrorCode == SqsErrorCode.QueueDoesNotExist)
                {
                    continue; // deleted meanwhile
                }
                if (attributes.TryGetValue(QueueAttributeName.RedrivePolicy, out var policy) && policy.Contains("\"" + deadLetterArn + "\""))
                    return url;
            }
            throw new SqsException(SqsErrorCode.InvalidParameterValue, "Source queue must be configured as a Dead Letter Queue.");
        }

        /// <summary>The receive-send-delete mover, on the backend's clock.</summary>
        private sealed class Fallback
        {
            private readonly Redrive _owner;
            private readonly IBroker _broker;
            private readonly string _destinationUrl;
            private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
            private readonly object _gate = new object();
            private System.Threading.Tasks.Task _running = System.Threading.Tasks.Task.CompletedTask;

            public Fallback(Redrive owner, IBroker broker, string sourceUrl, string sourceArn, string destinationUrl, string? destinationArn, int? rate)
            {
                _owner = owner;
                _broker = broker;
                _destinationUrl = destinationUrl;
                Task = new RedriveTask
                {
                    TaskHandle = FallbackPrefix + Guid.NewGuid().ToString("N"),
                    Status = MessageMoveTaskStatus.Running,
                    SourceQueueUrl = sourceUrl,
                    SourceArn = sourceArn,
                    DestinationArn = destinationArn,
                    MaxMessagesPerSecond = rate,
                    Started = owner._backend.Clock.GetUtcNow(),
                    Method = FallbackMethod,
                };
            }

            public RedriveTask Task { get; }

            public void Start() => _running = System.Threading.Tasks.Task.Run(RunAsync);

            public RedriveTask Snapshot()
            {
                lock (_gate)
                    return new RedriveTask
                    {
                        TaskHandle = Task.TaskHandle, Status = Task.Status, SourceQueueUrl = Task.SourceQueueUrl, SourceArn = Task.SourceArn,
                        DestinationArn = Task.DestinationArn, MaxMessagesPerSecond = Task.MaxMessagesPerSecond, Moved = Task.Moved,
                        ToMove = Task.ToMove, FailureReason = Task.FailureReason, Started = Task.Started, Method = Task.Method,
                    };
            }

            public bool IsActive
            {
                get { lock (_gate) return Task.IsActive; }
            }

            /// <summary>Cancels a RUNNING mover (else InvalidParameterValue, as CancelMessageMoveTask) and waits for it to stop.</summary>
            public async System.Threading.Tasks.Task CancelAsync()
            {
                lock (_gate)
                {
                    // Decided under the lock the mover ends under: a task that just completed stays COMPLETED.
                    if (Task.Status != MessageMoveTaskStatus.Running)
                        throw new SqsException(SqsErrorCode.InvalidParameterValue, $"Task {Task.TaskHandle} is {Task.Status}: only a RUNNING task can be cancelled.");
                    Task.Status = MessageMoveTaskStatus.Cancelling;
                }
                _cancel.Cancel();
                await _running.ConfigureAwait(false);
            }

            private void End(string status, string? reason = null)
            {
                lock (_gate)
                {
                    if (Task.Status == MessageMoveTaskStatus.Cancelling && status == MessageMoveTaskStatus.Completed) status = MessageMoveTaskStatus.Cancelled;
                    Task.Status = status;
                    if (reason != null) Task.FailureReason = reason;
                }
            }

            private async System.Threading.Tasks.Task RunAsync()
            {
                var clock = _owner._backend.Clock;
                try
                {
                    var counts = await _broker.GetQueueAttributesAsync(Task.SourceQueueUrl, new[] { QueueAttributeName.ApproximateNumberOfMessages }, _cancel.Token).ConfigureAwait(false);
                    lock (_gate) Task.ToMove = long.Parse(counts[QueueAttributeName.ApproximateNumberOfMessages], CultureInfo.InvariantCulture);
                    var started = clock.GetUtcNow();
                    // Only what was in the DLQ at the start, as a move task: a message that fails again and
                    // comes back must not cycle for ever.
                    while (!_cancel.IsCancellationRequested && Task.Moved < Task.ToMove)
                    {
                        var left = (int)Math.Min(SqsLimits.MaxBatchEntries, Task.ToMove!.Value - Task.Moved);
                        var batch = Task.MaxMessagesPerSecond is int r ? Math.Min(left, r) : left;
                        var messages = await _broker.ReceiveMessageAsync(new ReceiveMessageRequest
                        {
                            QueueUrl = Task.SourceQueueUrl, MaxNumberOfMessages = batch, WaitTimeSeconds = 1, VisibilityTimeout = 30,
                        }, _cancel.Token).ConfigureAwait(false);
                        if (messages.Count == 0) break;
                        foreach (var message in messages)
                        {
                            // Send first, delete after: a failure in between duplicates, never loses.
                            await _broker.SendMessageAsync(new SendMessageRequest
                            {
                                QueueUrl = _destinationUrl,
                                MessageBody = message.Body,
                                MessageAttributes = message.MessageAttributes.ToDictionary(a => a.Key, a => a.Value),
                                MessageGroupId = message.MessageGroupId,
                                MessageDeduplicationId = message.MessageGroupId == null ? null : message.MessageId,
                            }, CancellationToken.None).ConfigureAwait(false);
                            await _broker.DeleteMessageAsync(Task.SourceQueueUrl, message.ReceiptHandle, CancellationToken.None).ConfigureAwait(false);
                            long moved;
                            lock (_gate) moved = ++Task.Moved;
                            if (Task.MaxMessagesPerSecond is int rate)
                            {
                                var wait = started + TimeSpan.FromSeconds(moved / (double)rate) - clock.GetUtcNow();
                                if (wait > TimeSpan.Zero) await clock.Delay(wait, _cancel.Token).ConfigureAwait(false);
                            }
                        }
                    }
                    End(_cancel.IsCancellationRequested ? MessageMoveTaskStatus.Cancelled : MessageMoveTaskStatus.Completed);
                }
                catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
                {
                    End(MessageMoveTaskStatus.Cancelled);
                }
                catch (Exception e)
                {
                    End(MessageMoveTaskStatus.Failed, e.Message);
                }
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace SqsDemo.Engine.Broker.Embedded
{
    /// <summary>
    /// The broker's message move tasks (DLQ redrive): StartMessageMoveTask, ListMessageMoveTasks and
    /// CancelMessageMoveTask, and the mover that runs each task on the broker's clock.
    /// <para>
    /// A task moves the messages that were visible in the dead-letter queue when it started
    /// (ApproximateNumberOfMessagesToMove), oldest first, each as a new message (new MessageId,
    /// enqueue time now, receive count 0, no DeadLetterQueueSourceArn) into the destination, or
    /// without one into the queue its DeadLetterQueueSourceArn names. Messages in flight when a tick
    /// comes are left where they are; a message dead-lettered again while the task runs is not moved
    /// a second time. It ends COMPLETED when nothing more is left to move, FAILED (with a
    /// FailureReason) when its source or destination queue disappears, CANCELLED one tick after
    /// CancelMessageMoveTask (CANCELLING in between; nothing moves after the cancel).
    /// </para>
    /// <para>
    /// Pace, in scenario time: with MaxNumberOfMessagesPerSecond R, a tick every second moves up to R
    /// messages. Without it (SQS then "optimizes the rate" itself) a tick every 0.1 s moves up to 100
    /// messages, i.e. 1,000 per second: quick, but on the clock, so a task is seen RUNNING and its
    /// count of moved messages grows while new traffic interleaves with the redriven messages.
    /// The first tick comes one tick after the start.
    /// </para>
    /// <para>
    /// Threading: one lock guards every task; a tick holds it while it takes a batch out of the source
    /// queue (that queue's lock) and then admits each message into its destination (one queue lock at
    /// a time), so queue locks stay leaves. Notifications are raised after the lock.
    /// </para>
    /// </summary>
    internal sealed class MessageMoveTasks
    {
        public const int MaxMessagesPerSecond = 500;
        public const int MaxListResults = 10;
        /// <summary>Tick of a task started with MaxNumberOfMessagesPerSecond: it moves that many per tick.</summary>
        internal static readonly TimeSpan RatedTick = TimeSpan.FromSeconds(1);
        /// <summary>Tick of a task started without a rate: it moves up to <see cref="DefaultBatch"/> per tick.</summary>
        internal static readonly TimeSpan DefaultTick = TimeSpan.FromSeconds(0.1);
        internal const int DefaultBatch = 100;
        /// <summary>What SQS reports as the FailureReason of a task whose queue was deleted.</summary>
        internal const string NonExistentQueueReason = "AWS.SimpleQueueService.NonExistentQueue";

        private readonly object _gate = new object();
        /// <summary>Each source's tasks, oldest first; at most <see cref="MaxListResults"/> (plus the active one) are kept.</summary>
        private readonly Dictionary<string, List<MoveTask>> _bySource = new Dictionary<string, List<MoveTask>>(StringComparer.Ordinal);
        private readonly Dictionary<Guid, MoveTask> _byId = new Dictionary<Guid, MoveTask>();
        private readonly BrokerContext _context;
        private readonly QueueRegistry _registry;

        public MessageMoveTasks(BrokerContext context, QueueRegistry registry)
        {
            _context = context;
            _registry = registry;
        }

        public string Start(string? sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond)
        {
            if (string.IsNullOrEmpty(sourceArn)) throw SqsErrors.MissingParameter("SourceArn");
            if (maxNumberOfMessagesPerSecond is int rate && (rate < 1 || rate > MaxMessagesPerSecond))
                throw SqsErrors.ParameterOutOfRange("MaxNumberOfMessagesPerSecond", rate, 1, MaxMessagesPerSecond);
            RequireArn(sourceArn!, "SourceArn");
            var destination = string.IsNullOrEmpty(destinationArn) ? null : destinationArn; // "left blank": back to the origins
            if (destination != null) RequireArn(destination, "DestinationArn");

            var source = _registry.FindByArn(sourceArn!) ?? throw SqsErrors.ResourceNotFound("SourceArn");
            if (!_registry.IsDeadLetterTarget(sourceArn!)) throw SqsErrors.NotADeadLetterQueue();
            if (destination != null)
            {
                var target = _registry.FindByArn(destination) ?? throw SqsErrors.ResourceNotFound("DestinationArn");
                if (target.IsFifo != source.IsFifo) throw SqsErrors.MoveDestinationOfOtherType();
            }

            var notes = new List<BrokerNotificationEventArgs>();
            try
            {
                lock (_gate)
                {
                    if (_bySource.TryGetValue(sourceArn!, out var tasks) && tasks.Exists(t => MessageMoveTaskStatus.IsActive(t.Status)))
                        throw SqsErrors.MoveTaskAlreadyRunning();
                    var now = _context.NowTicks;
                    var start = source.BeginRedrive(now, notes) ?? throw SqsErrors.ResourceNotFound("SourceArn");
                    var id = _context.Random.NextGuid();
                    var task = new MoveTask(id, EncodeHandle(id, sourceArn!), sourceArn!, destination, maxNumberOfMessagesPerSecond, start, now);
                    Remember(task);
                    var tick = maxNumberOfMessagesPerSecond == null ? DefaultTick : RatedTick;
                    task.Timer = _context.Clock.CreateTimer(state => Tick((MoveTask)state!), task, tick, tick);
                    return task.Handle;
                }
            }
            finally
            {
                _context.Raise(notes);
            }
        }

        public IReadOnlyList<MessageMoveTask> List(string? sourceArn, int? maxResults)
        {
            if (string.IsNullOrEmpty(sourceArn)) throw SqsErrors.MissingParameter("SourceArn");
            if (maxResults is int max && (max < 1 || max > MaxListResults))
                throw SqsErrors.ParameterOutOfRange("MaxResults", max, 1, MaxListResults);
            RequireArn(sourceArn!, "SourceArn");
            if (_registry.FindByArn(sourceArn!) == null) throw SqsErrors.ResourceNotFound("SourceArn");
            var wanted = maxResults ?? 1;
            var result = new List<MessageMoveTask>(wanted);
            lock (_gate)
            {
                if (_bySource.TryGetValue(sourceArn!, out var tasks))
                    for (var i = tasks.Count - 1; i >= 0 && result.Count < wanted; i--) result.Add(tasks[i].ToModel());
            }
            return result;
        }

        public long Cancel(string? taskHandle)
        {
            if (string.IsNullOrEmpty(taskHandle)) throw SqsErrors.MissingParameter("TaskHandle");
            if (!TryDecodeHandle(taskHandle!, out var id, out var sourceArn)) throw SqsErrors.InvalidTaskHandle();
            if (_registry.FindByArn(sourceArn) == null) throw SqsErrors.ResourceNotFound("SourceArn");
            lock (_gate)
            {
                if (!_byId.TryGetValue(id, out var task) || !string.Equals(task.SourceArn, sourceArn, StringComparison.Ordinal))
                    throw SqsErrors.MoveTaskDoesNotExist();
                if (task.Status != MessageMoveTaskStatus.Running) throw SqsErrors.MoveTaskNotRunning(task.Status);
                task.Status = MessageMoveTaskStatus.Cancelling; // the next tick moves nothing and ends it
                return task.Moved;
            }
        }

        /// <summary>One step of a task, on the clock's timer thread. Never throws (a timer callback must not).</summary>
        private void Tick(MoveTask task)
        {
            var notes = new List<BrokerNotificationEventArgs>();
            try
            {
                lock (_gate)
                {
                    try
                    {
                        if (task.Status == MessageMoveTaskStatus.Running) Move(task, notes);
                        else End(task, task.Status == MessageMoveTaskStatus.Cancelling ? MessageMoveTaskStatus.Cancelled : task.Status);
                    }
                    catch (Exception e)
                    {
                        Fail(task, e is SqsException sqs ? sqs.ErrorCode : e.GetType().Name);
                    }
                }
            }
            finally
            {
                _context.Raise(notes);
            }
        }

        /// <summary>Moves the next batch (caller holds the lock).</summary>
        private void Move(MoveTask task, List<BrokerNotificationEventArgs> notes)
        {
            var now = _context.NowTicks;
            var source = _registry.FindByArn(task.SourceArn);
            QueueState? destination = null;
            if (source == null || (task.DestinationArn != null && (destination = _registry.FindByArn(task.DestinationArn)) == null))
            {
                Fail(task, NonExistentQueueReason);
                return;
            }
            var budget = (int)Math.Min(task.Batch, task.ToMove - task.Moved);
            if (budget <= 0)
            {
                End(task, MessageMoveTaskStatus.Completed);
                return;
            }
            var moves = new List<RedriveMove>(budget);
            if (!source.TakeForRedrive(budget, task.BeforeSeq, m => destination ?? OriginOf(m), moves, out var blocked, now, notes))
            {
                Fail(task, NonExistentQueueReason);
                return;
            }
            var at = new DateTimeOffset(now, TimeSpan.Zero);
            for (var i = 0; i < moves.Count; i++)
            {
                var old = moves[i].Message;
                var target = moves[i].Target;
                var fresh = new StoredMessage(_context.Random.NextGuid(), old.Body, old.Digest, old.Attributes, old.AttributesDigest, old.AwsTraceHeader, old.GroupId, now)
                {
                    DeduplicationId = old.DeduplicationId,
                };
                if (!target.AcceptRedriven(fresh, now, notes))
                {
                    // The destination was deleted after the lookup: what was not delivered goes back to the source.
                    var undelivered = new List<StoredMessage>(moves.Count - i);
                    for (var j = i; j < moves.Count; j++) undelivered.Add(moves[j].Message);
                    source.ReturnUndelivered(undelivered, now, notes);
                    Fail(task, NonExistentQueueReason);
                    return;
                }
                task.Moved++;
                notes.Add(new BrokerNotificationEventArgs(BrokerNotificationKind.MessageMoved, source.Url, old.MessageId, at,
                    "redriven by a message move task", target.Url, 0, fresh.MessageId));
            }
            if (blocked != null)
                Fail(task, blocked.DeadLetterSourceArn == null
                    ? "Message " + blocked.MessageId + " has no DeadLetterQueueSourceArn to return to; start the task with a DestinationArn."
                    : NonExistentQueueReason);
            else if (moves.Count < budget || task.Moved >= task.ToMove)
                End(task, MessageMoveTaskStatus.Completed);
        }

        private QueueState? OriginOf(StoredMessage message) =>
            message.DeadLetterSourceArn == null ? null : _registry.FindByArn(message.DeadLetterSourceArn);

        private static void Fail(MoveTask task, string reason)
        {
            task.FailureReason = reason;
            End(task, MessageMoveTaskStatus.Failed);
        }

        private static void End(MoveTask task, string status)
        {
            task.Status = status;
            task.Timer?.Dispose();
            task.Timer = null;
        }

        /// <summary>Adds a task and forgets the oldest ended ones of its source beyond what ListMessageMoveTasks can show.</summary>
        private void Remember(MoveTask task)
        {
            if (!_bySource.TryGetValue(task.SourceArn, out var tasks))
            {
                tasks = new List<MoveTask>();
                _bySource.Add(task.SourceArn, tasks);
            }
            tasks.Add(task);
            _byId.Add(task.Id, task);
            while (tasks.Count > MaxListResults && !MessageMoveTaskStatus.IsActive(tasks[0].Status))
            {
                _byId.Remove(tasks[0].Id);
                tasks.RemoveAt(0);
            }
        }

        /// <summary>arn:partition:service:region:account-id:resource-id, else InvalidParameterValue.</summary>
        private static void RequireArn(string arn, string parameter)
        {
            var parts = arn.Split(':');
            if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
                throw SqsErrors.InvalidArn(parameter);
        }

        /// <summary>An opaque handle (base64 of a small JSON object) that names the task and its source, as SQS's does.</summary>
        private static string EncodeHandle(Guid id, string sourceArn) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(
                "{\"taskId\":" + JsonSerializer.Serialize(id.ToString("D")) + ",\"sourceArn\":" + JsonSerializer.Serialize(sourceArn) + "}"));

        private static bool TryDecodeHandle(string handle, out Guid id, out string sourceArn)
        {
            id = Guid.Empty;
            sourceArn = "";
            try
            {
                using var document = JsonDocument.Parse(Convert.FromBase64String(handle));
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("taskId", out var taskId) || taskId.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("sourceArn", out var arn) || arn.ValueKind != JsonValueKind.String
                    || !Guid.TryParseExact(taskId.GetString(), "D", out id))
                    return false;
                sourceArn = arn.GetString() ?? "";
                return sourceArn.Length > 0;
            }
            catch (Exception e) when (e is FormatException || e is JsonException)
            {
                return false;
            }
        }

        private sealed class MoveTask
        {
            public MoveTask(Guid id, string handle, string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, RedriveStart start, long startedTicks)
            {
                Id = id;
                Handle = handle;
                SourceArn = sourceArn;
                DestinationArn = destinationArn;
                MaxNumberOfMessagesPerSecond = maxNumberOfMessagesPerSecond;
                Batch = maxNumberOfMessagesPerSecond ?? DefaultBatch;
                ToMove = start.Visible;
                BeforeSeq = start.BeforeSeq;
                StartedTicks = startedTicks;
            }

            public Guid Id { get; }
            public string Handle { get; }
            public string SourceArn { get; }
            public string? DestinationArn { get; }
            public int? MaxNumberOfMessagesPerSecond { get; }
            /// <summary>Messages per tick.</summary>
            public int Batch { get; }
            public long ToMove { get; }
            public long BeforeSeq { get; }
            public long StartedTicks { get; }
            public string Status { get; set; } = MessageMoveTaskStatus.Running;
            public long Moved { get; set; }
            public string? FailureReason { get; set; }
            public ITimer? Timer { get; set; }

            public MessageMoveTask ToModel() => new MessageMoveTask
            {
                TaskHandle = Status == MessageMoveTaskStatus.Running ? Handle : null,
                Status = Status,
                SourceArn = SourceArn,
                DestinationArn = DestinationArn,
                MaxNumberOfMessagesPerSecond = MaxNumberOfMessagesPerSecond,
                ApproximateNumberOfMessagesMoved = Moved,
                ApproximateNumberOfMessagesToMove = ToMove,
                FailureReason = Status == MessageMoveTaskStatus.Failed ? FailureReason : null,
                StartedTimestamp = new DateTimeOffset(StartedTicks, TimeSpan.Zero),
            };
        }
    }
}

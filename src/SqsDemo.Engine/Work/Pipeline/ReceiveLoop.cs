using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Work.Outages;

namespace SqsDemo.Engine.Work.Pipeline
{
    /// <summary>
    /// Receive, hand each message to <see cref="MessagePipeline"/>, repeat: until a stop, the idle
    /// timeout, the message limit, a crash or a fault.
    /// </summary>
    internal sealed class ReceiveLoop
    {
        private readonly Incarnation _consumer;
        private int _queueWait;
        private int _heartbeatExtension;
        private int _leaseSeconds;
        private int _handled;

        public ReceiveLoop(Incarnation consumer) => _consumer = consumer;

        public async Task<ConsumerEnding> RunAsync()
        {
            if (!await PrepareAsync().ConfigureAwait(false)) return ConsumerEnding.Faulted;
            var clock = _consumer.Clock;
            var options = _consumer.Options;
            var stop = _consumer.StopRequested;
            // Idle is time with nothing in hand: counted from the end of the last batch, not its receive,
            // so a batch that took longer than the idle timeout does not end the consumer as idle.
            var idleSince = clock.GetUtcNow();
            while (true)
            {
                if (stop.IsCancellationRequested) return ConsumerEnding.Stopped;
                if (_consumer.Dependency != null && _consumer.Dependency.BreakRemaining > TimeSpan.Zero)
                {
                    // While the breaker is open every message would come back unhandled, each receive
                    // spending one of its maxReceiveCount: wait for the trial call instead.
                    if (!await PauseAsync(_consumer.Dependency.BreakRemaining).ConfigureAwait(false)) return ConsumerEnding.Stopped;
                    idleSince = clock.GetUtcNow();
                    continue;
                }
                var wait = _queueWait;
                if (options.Receive.IdleTimeoutSeconds > 0)
                {
                    var remaining = options.Receive.IdleTimeoutSeconds - (clock.GetUtcNow() - idleSince).TotalSeconds;
                    if (remaining <= 0) return ConsumerEnding.Idle;
                    wait = Math.Min(wait, (int)Math.Ceiling(remaining));
                }
                var max = options.Receive.MessageLimit > 0 ? Math.Min(options.ReceiveMax, options.Receive.MessageLimit - _handled) : options.ReceiveMax;
                // Before the call, so the heartbeat reckons SQS's 12 hours from no later than SQS does.
                var receiveStarted = clock.GetUtcNow();
                IReadOnlyList<Message> messages;
                DateTimeOffset receiveReturned;
                try
                {
                    messages = await _consumer.ReceiveAsync(max, wait).ConfigureAwait(false);
                    receiveReturned = clock.GetUtcNow();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return ConsumerEnding.Stopped;
                }
                if (stop.IsCancellationRequested && messages.Count > 0)
                {
                    // The stop came during the receive: what it brought is handed back, not left in flight.
                    await _consumer.HandBackAsync(new ReceivedBatch(messages, receiveStarted, null), messages, "handed back on stop").ConfigureAwait(false);
                    return ConsumerEnding.Stopped;
                }
                if (messages.Count == 0)
                {
                    // A short poll answers at once: pause before asking again rather than spin.
                    if (wait == 0) await PauseAsync(EmptyShortPollPause).ConfigureAwait(false);
                    continue;
                }
                var handled = await HandleThroughOutageAsync(messages, max, receiveStarted, receiveReturned).ConfigureAwait(false);
                if (handled == BatchEnd.Stopped) return ConsumerEnding.Stopped;
                idleSince = clock.GetUtcNow();
                if (options.Receive.MessageLimit > 0 && _handled >= options.Receive.MessageLimit) return ConsumerEnding.MessageLimit;
            }
        }

        private enum BatchEnd
        {
            Handled,
            Stopped,
            /// <summary>The backend failed while messages were in hand: they are left to time out, the loop waits the outage out.</summary>
            LeftInFlight,
        }

        /// <summary>
        /// Gathers and handles a batch. A transient failure of the backend meanwhile (a ledger write, a delete)
        /// leaves what is still in hand to time out (the backend cannot take it back now; the ledger keeps its
        /// redelivery from being applied twice) and begins an outage that the next receive waits out.
        /// </summary>
        private async Task<BatchEnd> HandleThroughOutageAsync(IReadOnlyList<Message> messages, int max, DateTimeOffset receiveStarted, DateTimeOffset receiveReturned)
        {
            var stop = _consumer.StopRequested;
            try
            {
                messages = await _consumer.Batches.GatherAsync(messages, max).ConfigureAwait(false);
                _consumer.Summary.Received += messages.Count;
                return await HandleBatchAsync(messages, receiveStarted, receiveReturned).ConfigureAwait(false) ? BatchEnd.Handled : BatchEnd.Stopped;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return BatchEnd.Stopped;
            }
            catch (Exception e) when (TransientFailures.IsTransient(e, stop))
            {
                if (stop.IsCancellationRequested) return BatchEnd.Stopped;
                _consumer.Outage.Failed(OperationOf(e), e, stop);
                return BatchEnd.LeftInFlight;
            }
        }

        private static string OperationOf(Exception e) =>
            (e as SqsException)?.Operation ?? (e as Ledger.LedgerException)?.Operation ?? "a call while handling messages";

        /// <summary>Handles a received batch; false when a stop handed the rest of it back.</summary>
        private async Task<bool> HandleBatchAsync(IReadOnlyList<Message> messages, DateTimeOffset receiveStarted, DateTimeOffset receiveReturned)
        {
            var leases = _consumer.Options.Receive.LeaseGuard ? new MessageLeases(messages, receiveReturned, _leaseSeconds) : null;
            var heartbeat = _consumer.Options.Receive.HeartbeatSeconds is int heartbeatSeconds
                ? VisibilityHeartbeat.Start(_consumer.Clock, (m, timeout, capped, detail) => ExtendAsync(leases, m, timeout, capped, detail),
                    heartbeatSeconds, _heartbeatExtension, receiveStarted, messages, HeartbeatLost)
                : null;
            var batch = new ReceivedBatch(messages, receiveStarted, heartbeat, leases);
            try
            {
                if (_consumer.Options.Chaos.CrashAfterReceive)
                    await _consumer.LeaveToTimeOutAsync(batch, messages[0], "crash after receive").ConfigureAwait(false);
                _consumer.Batches.Begin();
                var failed = new List<Message>();
                // FIFO: once a message of a group fails, its followers in the batch must wait for it.
                var blockedGroups = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < messages.Count; i++)
                {
                    if (i > 0 && _consumer.Batches.StopsBetweenMessages && _consumer.StopRequested.IsCancellationRequested)
                    {
                        await _consumer.HandBackAsync(batch, messages.Skip(i).ToArray(), "handed back on stop").ConfigureAwait(false);
                        return false;
                    }
                    var message = messages[i];
                    var group = _consumer.QueueIsFifo ? message.MessageGroupId : null;
                    if (group != null && blockedGroups.Contains(group))
                    {
                        await _consumer.HandBackAsync(batch, new[] { message }, "held back: an earlier message of group " + group + " failed").ConfigureAwait(false);
                        failed.Add(message);
                        continue;
                    }
                    var inHand = new MessageInHand(message, ++_consumer.HandledCount, _consumer.ConsumerId, _consumer.Instance, batch);
                    if (!await MessagePipeline.HandleAsync(_consumer, inHand).ConfigureAwait(false))
                    {
                        failed.Add(message);
                        if (group != null) blockedGroups.Add(group);
                    }
                    _handled++;
                }
                await _consumer.Batches.FinishAsync(messages, failed).ConfigureAwait(false);
                return true;
            }
            finally
            {
                // Every message of the batch is deleted, failed, handed back or crashed with:
                // nothing is left to keep hidden (after a crash this models the process being gone).
                await batch.HaltHeartbeatAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Checks and reads what the loop needs once, before the first receive: the ledger's tables exist,
        /// the queue's long-poll wait, the heartbeat's extension, the forward queue's FIFO-ness. False (with the reason in the summary) when the
        /// configuration cannot work; nothing is received then.
        /// </summary>
        private async Task<bool> PrepareAsync()
        {
            var options = _consumer.Options;
            try
            {
                await _consumer.Outage.CallAsync("DescribeTable", async () =>
                {
                    await LedgerTablesCheck.EnsureExistAsync(_consumer.Backend, options).ConfigureAwait(false);
                    return true;
                }, _consumer.StopRequested).ConfigureAwait(false);
            }
            catch (LedgerTablesMissingException e)
            {
                _consumer.Summary.Reason = e.Message;
                return false;
            }
            _queueWait = options.Receive.WaitTimeSeconds ?? await QueueAttributeAsync(QueueAttributeName.ReceiveMessageWaitTimeSeconds, 0).ConfigureAwait(false);
            if (options.Receive.HeartbeatSeconds != null)
            {
                _heartbeatExtension = options.Receive.HeartbeatExtensionSeconds(await QueueAttributeAsync(QueueAttributeName.VisibilityTimeout, 30).ConfigureAwait(false)); // SQS's default VisibilityTimeout
                try
                {
                    options.Receive.ValidateHeartbeat(_heartbeatExtension, options.Receive.VisibilityTimeout == null ? "the queue's VisibilityTimeout" : "the consumer's VisibilityTimeout");
                }
                catch (ArgumentException e)
                {
                    // The queue's timeout changed since the options were checked.
                    _consumer.Summary.Reason = e.Message;
                    return false;
                }
            }
            // The lease guard reckons each message's visibility from the timeout it was received with.
            if (options.Receive.LeaseGuard)
                _leaseSeconds = options.Receive.VisibilityTimeout ?? await QueueAttributeAsync(QueueAttributeName.VisibilityTimeout, 30).ConfigureAwait(false);
            if (string.IsNullOrEmpty(options.Forward.QueueUrl)) return true;
            // A forward queue that is missing or forbidden is the consumer's configuration, not a message's fault:
            // found now, it faults the consumer rather than sending every message to the DLQ.
            var forward = await _consumer.Outage.CallAsync("GetQueueAttributes",
                () => _consumer.Broker.GetQueueAttributesAsync(options.Forward.QueueUrl!, new[] { QueueAttributeName.FifoQueue }), _consumer.StopRequested).ConfigureAwait(false);
            _consumer.ForwardIsFifo = forward.TryGetValue(QueueAttributeName.FifoQueue, out var fifo) && string.Equals(fifo, "true", StringComparison.OrdinalIgnoreCase);
            if (!_consumer.ForwardIsFifo || !string.IsNullOrEmpty(options.Forward.GroupIdField)) return true;
            _consumer.Summary.Reason = "the forward queue is FIFO: ForwardGroupIdField must name the output field that holds each message group";
            return false;
        }

        private async Task<int> QueueAttributeAsync(string name, int absent)
        {
            var attributes = await _consumer.Outage.CallAsync("GetQueueAttributes",
                () => _consumer.Broker.GetQueueAttributesAsync(_consumer.Options.QueueUrl, new[] { name }), _consumer.StopRequested).ConfigureAwait(false);
            return attributes.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : absent;
        }

        private static readonly TimeSpan EmptyShortPollPause = TimeSpan.FromSeconds(1);

        /// <summary>Waits on the backend's clock; false when a stop came first.</summary>
        private async Task<bool> PauseAsync(TimeSpan pause)
        {
            try
            {
                await _consumer.Clock.Delay(pause, _consumer.StopRequested).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>One heartbeat extension, journaled as VisibilityExtended; the lease guard learns the new end once it succeeded.</summary>
        private async Task ExtendAsync(MessageLeases? leases, Message message, int visibilityTimeout, bool capped, string detail)
        {
            var callStarted = _consumer.Clock.GetUtcNow();
            await _consumer.Broker.ExtendMessageVisibilityAsync(_consumer.Options.QueueUrl, message, visibilityTimeout, detail,
                new Journal.JournalFacts { HeartbeatSeconds = _consumer.Options.Receive.HeartbeatSeconds, HeartbeatCapped = capped }).ConfigureAwait(false);
            leases?.Extended(message, callStarted, visibilityTimeout);
        }

        private void HeartbeatLost(Message message, string reason)
        {
            _consumer.Backend.Journal.Record(Journal.JournalEventKind.Note, _consumer.Options.QueueUrl, message.MessageId, _consumer.ConsumerId,
                message.ApproximateReceiveCount, message.ReceiptHandle, reason, MessageInHand.BodyIdOf(message), facts: new Journal.JournalFacts { Reason = reason });
            _consumer.Warn($"message {message.MessageId}: {reason}");
        }
    }
}

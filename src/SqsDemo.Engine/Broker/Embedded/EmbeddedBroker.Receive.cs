using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Broker.Embedded
{
    public sealed partial class EmbeddedBroker
    {
        private static readonly IReadOnlyList<Message> NoMessages = Array.Empty<Message>();

        /// <summary>
        /// Receives up to MaxNumberOfMessages. With a wait (the request's WaitTimeSeconds, else the
        /// queue's ReceiveMessageWaitTimeSeconds) it long-polls: returns as soon as a message is
        /// available, or empty when the wait ends. Cancellation throws OperationCanceledException.
        /// </summary>
        public Task<IReadOnlyList<Message>> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<IReadOnlyList<Message>>(cancellationToken);
            try
            {
                if (request == null) throw new ArgumentNullException(nameof(request));
                if (request.MaxNumberOfMessages < 1 || request.MaxNumberOfMessages > SqsLimits.MaxBatchEntries)
                    throw SqsErrors.ParameterOutOfRange("MaxNumberOfMessages", request.MaxNumberOfMessages, 1, SqsLimits.MaxBatchEntries);
                if (request.WaitTimeSeconds is int w && (w < 0 || w > SqsLimits.MaxWaitTimeSeconds))
                    throw SqsErrors.WaitTimeOutOfRange(w);
                if (request.VisibilityTimeout is int v && (v < 0 || v > SqsLimits.MaxVisibilityTimeoutSeconds))
                    throw SqsErrors.ParameterOutOfRange("VisibilityTimeout", v, 0, SqsLimits.MaxVisibilityTimeoutSeconds);
                var queue = _registry.ByUrl(request.QueueUrl);
                var settings = queue.Settings;
                // ReceiveRequestAttemptId applies only to FIFO queues (a standard queue ignores it).
                var attemptId = settings.IsFifo ? request.ReceiveRequestAttemptId : null;
                if (attemptId != null && !MessageValidator.IsFifoToken(attemptId))
                    throw SqsErrors.InvalidFifoToken("ReceiveRequestAttemptId", attemptId);
                var wait = request.WaitTimeSeconds ?? settings.ReceiveMessageWaitTimeSeconds;
                var visibility = request.VisibilityTimeout ?? settings.VisibilityTimeout;
                if (wait == 0) return Task.FromResult(ReceiveOnce(queue, request.MaxNumberOfMessages, visibility, shortPoll: true, waiter: null, attemptId));

                // A long poll that finds messages answers at once: the waiter (a signal to park on) is made only when it must wait.
                var first = ReceiveOnce(queue, request.MaxNumberOfMessages, visibility, shortPoll: false, waiter: null, attemptId);
                if (first.Count > 0) return Task.FromResult(first);
                var waiter = new LongPollWaiter();
                // Again with the waiter, registered under the same lock as the attempt, so no send can slip in between.
                var second = ReceiveOnce(queue, request.MaxNumberOfMessages, visibility, shortPoll: false, waiter, attemptId);
                if (second.Count > 0) return Task.FromResult(second);
                return LongPollAsync(queue, request.MaxNumberOfMessages, visibility, TimeSpan.FromSeconds(wait), waiter, attemptId, cancellationToken);
            }
            catch (Exception e)
            {
                return Task.FromException<IReadOnlyList<Message>>(e);
            }
        }

        /// <summary>Waits on the queue's signal (sends, deadlines) or the end of the wait, never spinning.</summary>
        private async Task<IReadOnlyList<Message>> LongPollAsync(QueueState queue, int maxMessages, int visibility, TimeSpan wait, LongPollWaiter waiter, string? attemptId, CancellationToken cancellationToken)
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var waitEnds = Clock.Delay(wait, stop.Token);
                try
                {
                    while (true)
                    {
                        var woke = await Task.WhenAny(waiter.Signal, waitEnds).ConfigureAwait(false);
                        if (woke == waitEnds)
                        {
                            queue.Leave(waiter);
                            cancellationToken.ThrowIfCancellationRequested();
                            return ReceiveOnce(queue, maxMessages, visibility, shortPoll: false, waiter: null, attemptId);
                        }
                        var messages = ReceiveOnce(queue, maxMessages, visibility, shortPoll: false, waiter, attemptId);
                        if (messages.Count > 0) return messages;
                    }
                }
                finally
                {
                    stop.Cancel();
                    queue.Leave(waiter);
                }
            }
        }

        /// <summary>One receive attempt, then the dead-letter moves it decided on (outside the queue's lock).</summary>
        private IReadOnlyList<Message> ReceiveOnce(QueueState queue, int maxMessages, int visibility, bool shortPoll, LongPollWaiter? waiter, string? attemptId)
        {
            var redrive = queue.Settings.RedrivePolicy;
            var deadLetterQueue = redrive == null ? null : _registry.FindByArn(redrive.DeadLetterTargetArn);
            if (deadLetterQueue == null) redrive = null; // the DLQ is gone: SQS keeps delivering
            var notes = new List<BrokerNotificationEventArgs>();
            try
            {
                var now = _context.NowTicks;
                var deadLetters = new List<StoredMessage>();
                var messages = queue.Receive(maxMessages, visibility, shortPoll, redrive, now, notes, deadLetters, waiter, attemptId);
                foreach (var message in deadLetters)
                {
                    if (deadLetterQueue!.AcceptDeadLetter(message, queue.Arn, now, notes))
                        notes.Add(new BrokerNotificationEventArgs(BrokerNotificationKind.MovedToDeadLetterQueue, queue.Url, message.MessageId,
                            new DateTimeOffset(now, TimeSpan.Zero), "receive count " + message.ReceiveCount + " reached maxReceiveCount " + redrive!.MaxReceiveCount,
                            deadLetterQueue.Url, message.ReceiveCount));
                }
                return messages.Count == 0 ? NoMessages : messages;
            }
            finally
            {
                RaiseAll(notes);
            }
        }
    }
}

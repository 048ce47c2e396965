using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Polly.CircuitBreaker;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Journal;

namespace SqsDemo.Engine.Work.Pipeline.Steps
{
    /// <summary>
    /// The user's own handler: on success its result is stored and its outputs forwarded (before
    /// the message is deleted, so a crash in between repeats them rather than losing them); any
    /// exception fails the message for retry; still running past the stop's grace, it is handed back.
    /// </summary>
    internal static class HandlerStep
    {
        public static async Task<StepResult> RunAsync(Incarnation consumer, MessageInHand message)
        {
            if (consumer.Handler == null) return StepResult.Continue;
            consumer.InHandler = message;
            // A graceful stop lets the handler finish, but not forever: past the grace it is stopped.
            using (var handlerStop = new CancellationTokenSource())
            using (consumer.StopRequested.Register(() => _ = StopAfterGraceAsync(consumer.Clock, handlerStop)))
            {
                try
                {
                    var outputs = await consumer.Handler.HandleAsync(new HandlerInput(message.Message, message.BodyId, consumer.ConsumerId, consumer.Dependency), handlerStop.Token).ConfigureAwait(false);
                    if (!string.IsNullOrEmpty(consumer.Options.Ledger.ResultsTable) && outputs.Count > 0) message.Result = Results.TextOf(outputs);
                    if (!string.IsNullOrEmpty(consumer.Options.Forward.QueueUrl))
                        await Forwarding.ForwardAsync(consumer, message, outputs).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (handlerStop.IsCancellationRequested)
                {
                    await consumer.HandBackAsync(message.Batch, new[] { message.Message },
                        "handed back: the handler was still running " + Consumer.HandlerStopGrace.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s after the stop").ConfigureAwait(false);
                    return StepResult.Failed;
                }
                catch (SqsException e) when (IsConfigurationError(e))
                {
                    // The forward queue went missing or is forbidden: every message would fail the same way.
                    throw;
                }
                catch (Exception e)
                {
                    await FailAsync(consumer, message, AsHandlerFailure(e)).ConfigureAwait(false);
                    return StepResult.Failed;
                }
                finally
                {
                    consumer.InHandler = null;
                }
            }
            if (!string.IsNullOrEmpty(consumer.Options.Ledger.ResultsTable))
                await Results.StoreAsync(consumer, message).ConfigureAwait(false);
            return StepResult.Continue;
        }

        /// <summary>
        /// IMessageHandler's contract: any exception fails the message. One that is not a handler's,
        /// dependency's, breaker's or broker's answer is a bug in the handler: it fails the message
        /// with its type named, rather than ending the consumer unreported.
        /// </summary>
        private static Exception AsHandlerFailure(Exception e) =>
            e is HandlerFailedException || e is DependencyException || e is BrokenCircuitException || e is SqsException
                ? e
                : new HandlerFailedException(e.GetType().Name + ": " + e.Message, e);

        private static async Task StopAfterGraceAsync(TimeProvider clock, CancellationTokenSource handlerStop)
        {
            await clock.Delay(Consumer.HandlerStopGrace).ConfigureAwait(false);
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

        /// <summary>
        /// A failed message stays undeleted. An open breaker returns it without a call, visible
        /// again once the break is over (and no sooner than its backoff); any other failure is
        /// failed for retry.
        /// </summary>
        private static async Task FailAsync(Incarnation consumer, MessageInHand message, Exception failure)
        {
            if (failure is BrokenCircuitException)
            {
                await message.Batch.StopExtendingAsync(message.Message).ConfigureAwait(false);
                var dependency = consumer.Dependency!;
                var backoff = consumer.BackoffSeconds(message) ?? 0;
                var breakLeft = (int)Math.Ceiling(dependency.BreakRemaining.TotalSeconds);
                var seconds = Math.Min(SqsLimits.MaxVisibilityTimeoutSeconds, Math.Max(backoff, breakLeft + 1));
                await consumer.SetRetryVisibilityAsync(message, seconds, string.Format(CultureInfo.InvariantCulture,
                    "receive {0}: visible again in {1}s (the breaker is open for {2}s more{3})", message.Message.ApproximateReceiveCount, seconds, breakLeft,
                    backoff > 0 ? ", backoff " + backoff.ToString(CultureInfo.InvariantCulture) + "s" : ""),
                    new JournalFacts { BackoffSeconds = backoff > 0 ? backoff : (double?)null, BreakerOpenSeconds = breakLeft }).ConfigureAwait(false);
                consumer.Summary.ShortCircuited++;
                consumer.RecordOutcome(JournalEventKind.ShortCircuited, MessageOutcome.ShortCircuited, message, dependency.Name + " not called: the breaker is open",
                    new JournalFacts { DependencyName = dependency.Name });
                return;
            }
            await consumer.FailForRetryAsync(message).ConfigureAwait(false);
            consumer.Summary.Failed++;
            consumer.RecordOutcome(JournalEventKind.HandlerFailed, MessageOutcome.Failed, message, failure.Message, new JournalFacts { Error = failure.Message });
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Work;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// A consumer running the user's own handler (a C# <see cref="IMessageHandler"/>) on the
    /// embedded backend: forwarding, failures and backoff, the circuit breaker, event source
    /// mapping batches and FIFO hold-back. Verdicts come from the journal and the broker; every
    /// wait is for a journal event or the consumer's end, with a wall-clock limit only as a safety net.
    /// </summary>
    public sealed class ConsumerHandlerTests
    {
        /// <summary>A safety net for a wait that should end on its own condition, not a timing.</summary>
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

        private readonly DemoRun _backend;
        /// <summary>The broker without journaling: the test's own sends and looks stay out of the journal.</summary>
        private readonly IBroker _broker;

        public ConsumerHandlerTests()
        {
            // Strict send order on standard queues and full short polls: which message lands in
            // which batch is then the test's to say.
            _backend = DemoRun.CreateEmbedded(timeScale: 100, seed: 17, options: new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
            _broker = _backend.Broker;
        }

        // ---- forwarding ----

        [Fact]
        public async Task Each_output_is_forwarded_to_a_standard_queue_before_the_input_is_deleted_objects_without_an_id_getting_one()
        {
            var input = await QueueAsync("in");
            var output = await QueueAsync("out");
            await SendAsync(input, "{\"id\":\"order-1\",\"amount\":5}");
            var handler = new Handler(_ => new[] { "{\"total\":5}", "{\"id\":\"own\",\"total\":6}", "{}", "not json", "[1,2]" });
            var options = Options(input, handler);
            options.Forward.QueueUrl = output;
            options.Receive.MessageLimit = 1;

            var summary = await Ends(Start(options).Run);

            Assert.Equal(ConsumerEnding.MessageLimit, summary.Ending);
            Assert.Equal(1, summary.Processed);
            var forwarded = await ReceiveAllAsync(output, 5);
            Assert.Equal(new[] { "{\"id\":\"order-1-0\",\"total\":5}", "{\"id\":\"own\",\"total\":6}", "{\"id\":\"order-1-2\"}", "not json", "[1,2]" },
                forwarded.Select(m => m.Body));
            var journaled = Events(JournalEventKind.Forwarded);
            Assert.Equal(forwarded.Select(m => ("out", (string?)m.MessageId)), journaled.Select(e => (QueueAddress.NameOf(e.TargetQueueUrl!), e.TargetMessageId)));
            Assert.All(journaled, e => Assert.Equal("order-1", e.BodyId));
            // Forwarded first, deleted after: a crash in between repeats the outputs rather than losing them.
            var deleted = Assert.Single(Events(JournalEventKind.Deleted));
            Assert.All(journaled, e => Assert.True(e.Sequence < deleted.Sequence));
            Assert.Equal((0, 0), await CountsAsync(input));

            var seen = Assert.Single(handler.Seen);
            Assert.Equal("order-1", seen.BodyId);
            Assert.Equal("c1", seen.ConsumerId);
            Assert.Null(seen.Dependency);
            Assert.Equal(1, handler.Disposals);
        }

        [Fact]
        public async Task An_input_without_an_id_lends_its_MessageId_to_the_outputs_and_no_output_forwards_nothing()
        {
            var input = await QueueAsync("in");
            var output = await QueueAsync("out");
            var anonymous = await SendAsync(input, "{\"n\":1}");
            await SendAsync(input, "{\"id\":\"quiet\"}");
            var handler = new Handler(i => i.BodyId == "quiet" ? Array.Empty<string>() : new[] { "{\"n\":2}" });
            var options = Options(input, handler);
            options.Forward.QueueUrl = output;
            options.Receive.MessageLimit = 2;

            Assert.Equal(2, (await Ends(Start(options).Run)).Processed);

            var forwarded = Assert.Single(await ReceiveAllAsync(output, 1));
            Assert.Equal("{\"id\":\"" + anonymous + "-0\",\"n\":2}", forwarded.Body);
            Assert.Single(Events(JournalEventKind.Forwarded));
            Assert.Equal((0, 0), await CountsAsync(input));
        }

        [Fact]
        public async Task To_a_FIFO_queue_the_group_comes_from_the_output_field_and_the_id_is_the_deduplication_id_so_a_repeat_is_not_sent_twice()
        {
            var input = await QueueAsync("in");
            var output = await QueueAsync("out", fifo: true);
            const string body = "{\"id\":\"order-7\",\"customer\":\"c-1\"}";
            var handler = new Handler(_ => new[]
            {
                "{\"customer\":\"c-1\",\"step\":\"charge\"}",
                "{\"id\":\"ship-order-7\",\"customer\":\"c-2\",\"step\":\"ship\"}",
            });
            var options = Options(input, handler);
            options.Forward.QueueUrl = output;
            options.Forward.GroupIdField = "customer";
            options.Receive.MessageLimit = 1;

            await SendAsync(input, body);
            await Ends(Start(options).Run);
            // The same message again (a duplicate delivery, a redrive), well within SQS's 5-minute deduplication interval.
            await SendAsync(input, body);
            options.ConsumerId = "c2";
            await Ends(Start(options).Run);

            Assert.Equal(2, handler.Seen.Count);
            var forwarded = await ReceiveAllAsync(output, 3);
            Assert.Equal(2, forwarded.Count);
            var charge = Assert.Single(forwarded, m => m.MessageGroupId == "c-1");
            Assert.Equal("{\"id\":\"order-7-0\",\"customer\":\"c-1\",\"step\":\"charge\"}", charge.Body);
            Assert.Equal("order-7-0", charge.MessageDeduplicationId);
            var ship = Assert.Single(forwarded, m => m.MessageGroupId == "c-2");
            Assert.Equal("{\"id\":\"ship-order-7\",\"customer\":\"c-2\",\"step\":\"ship\"}", ship.Body);
            Assert.Equal("ship-order-7", ship.MessageDeduplicationId);

            // Both consumers forwarded; SQS answered the repeats with the first sends' MessageIds.
            var first = Events(JournalEventKind.Forwarded, "c1").Select(e => (QueueAddress.NameOf(e.TargetQueueUrl!), e.TargetMessageId, e.MessageGroupId)).ToArray();
            var second = Events(JournalEventKind.Forwarded, "c2").Select(e => (QueueAddress.NameOf(e.TargetQueueUrl!), e.TargetMessageId, e.MessageGroupId)).ToArray();
            Assert.Equal(new (string, string?, string?)[] { ("out.fifo", charge.MessageId, "c-1"), ("out.fifo", ship.MessageId, "c-2") }, first);
            Assert.Equal(first, second);
            Assert.Equal((0, 0), await CountsAsync(input));
        }

        [Fact]
        public async Task A_FIFO_output_without_the_group_field_fails_the_message_and_forwards_none_of_its_outputs()
        {
            var input = await QueueAsync("in", visibilityTimeout: 600);
            var output = await QueueAsync("out", fifo: true);
            await SendAsync(input, "{\"id\":\"order-8\"}");
            var options = Options(input, new Handler(_ => new[] { "{\"customer\":\"c-1\"}", "{\"other\":1}" }));
            options.Forward.QueueUrl = output;
            options.Forward.GroupIdField = "customer";
            options.Receive.MessageLimit = 1;

            var summary = await Ends(Start(options).Run);

            Assert.Equal(0, summary.Processed);
            Assert.Equal("Output 2 has no 'customer' to be its message group on out.fifo.", Assert.Single(Events(JournalEventKind.HandlerFailed)).Error);
            Assert.Empty(Events(JournalEventKind.Forwarded));
            Assert.Equal((0, 0), await CountsAsync(output));
            Assert.Equal((0, 1), await CountsAsync(input));
        }

        // ---- failures ----

        [Fact]
        public async Task A_handler_failure_is_journaled_the_message_stays_undeleted_and_returns_after_its_backoff()
        {
            // Visibility 600 s: only the backoff can bring it back within the test.
            var input = await QueueAsync("in", visibilityTimeout: 600);
            await SendAsync(input, "{\"id\":\"m1\"}");
            var handler = new Handler(i => i.Message.ApproximateReceiveCount == 1 ? throw new HandlerFailedException("card expired") : Array.Empty<string>());
            var options = Options(input, handler);
            options.Receive.BackoffBaseSeconds = 2;
            options.Receive.BackoffMaxSeconds = 60;
            options.Receive.MessageLimit = 2;

            var run = Start(options);
            var summary = await Ends(run.Run);

            Assert.Equal(ConsumerEnding.MessageLimit, summary.Ending);
            Assert.Equal(new[] { MessageOutcome.Failed, MessageOutcome.Processed }, run.Records.Select(r => r.Outcome));
            var failed = Assert.Single(Events(JournalEventKind.HandlerFailed));
            Assert.Equal("card expired", failed.Error);
            Assert.Equal(1, failed.ReceiveCount);
            Assert.Equal("m1", failed.BodyId);
            var backoff = Assert.Single(Events(JournalEventKind.BackedOff));
            var seconds = backoff.BackoffSeconds!.Value;
            Assert.Equal(seconds, backoff.VisibilityTimeoutSeconds);
            Assert.InRange(seconds, 1, 2);
            var receives = Events(JournalEventKind.Received);
            Assert.Equal(new[] { 1, 2 }, receives.Select(r => r.ReceiveCount));
            Assert.InRange((receives[1].ScenarioTime - receives[0].ScenarioTime).TotalSeconds, 0.9, 300);
            // Deleted only once it succeeded.
            var deleted = Assert.Single(Events(JournalEventKind.Deleted));
            Assert.True(deleted.Sequence > receives[1].Sequence);
            Assert.Equal((0, 0), await CountsAsync(input));
        }

        [Fact]
        public async Task Without_a_backoff_a_failed_message_waits_out_its_visibility_timeout()
        {
            var input = await QueueAsync("in", visibilityTimeout: 600);
            await SendAsync(input, "{\"id\":\"m1\"}");
            var options = Options(input, new Handler(_ => throw new HandlerFailedException("nope")));
            options.Receive.MessageLimit = 1;

            var run = Start(options);
            await Ends(run.Run);

            Assert.Equal(MessageOutcome.Failed, Assert.Single(run.Records).Outcome);
            Assert.Empty(Events(JournalEventKind.BackedOff));
            Assert.Empty(Events(JournalEventKind.Deleted));
            Assert.Empty(Events(JournalEventKind.VisibilityChanged));
            Assert.Equal((0, 1), await CountsAsync(input));
        }

        public static IEnumerable<object[]> HandlerExceptions() => new[]
        {
            new object[] { new InvalidOperationException("the handler's own bug") },
            new object[] { new FormatException("bad field") },
            new object[] { new DependencyDeclinedException("payments", "k", "payments declined 'k'.") },
            new object[] { new DependencyUnavailableException("payments", "k", "payments is unavailable.") },
        };

        [Theory]
        [MemberData(nameof(HandlerExceptions))]
        public async Task Any_exception_a_handler_throws_fails_the_message_and_the_consumer_goes_on(Exception thrown)
        {
            // IMessageHandler: "an exception fails the message". A handler's bug must not take the consumer down.
            var input = await QueueAsync("in", visibilityTimeout: 600);
            await SendAsync(input, "{\"id\":\"bad\"}");
            await SendAsync(input, "{\"id\":\"good\"}");
            var options = Options(input, new Handler(i => i.BodyId == "bad" ? throw thrown : Array.Empty<string>()));
            options.Receive.MessageLimit = 2;

            var summary = await Ends(Start(options).Run);

            Assert.Equal(ConsumerEnding.MessageLimit, summary.Ending);
            Assert.Equal(1, summary.Processed);
            Assert.Equal(1, summary.Failed);
            var failed = Assert.Single(Events(JournalEventKind.HandlerFailed));
            Assert.Equal("bad", failed.BodyId);
            Assert.Contains(thrown.Message, failed.Error);
            Assert.Equal((0, 1), await CountsAsync(input));
        }

        [Fact]
        public async Task A_supervised_consumers_summary_counts_its_failed_and_short_circuited_messages()
        {
            var input = await QueueAsync("in", visibilityTimeout: 600);
            for (var i = 0; i < 4; i++) await SendAsync(input, "{\"id\":\"m" + i + "\"}");
            var dependency = new SimulatedDependency("payments", _backend.Clock, new[] { Outage(0, 3600) });
            var options = Options(input, new Handler(i => { i.Dependency!.Call(i.BodyId); return Array.Empty<string>(); }));
            options.Work.Dependency = dependency;
            options.Work.Breaker = new CircuitBreakerSettings { FailureThreshold = 2, BreakSeconds = 3600, SamplingSeconds = 60 };
            options.Receive.MaxMessages = 4;

            var supervisor = new ConsumerSupervisor(_backend, options);
            using var stop = new CancellationTokenSource();
            var run = supervisor.RunAsync(null, stop.Token);
            await WaitForAsync(e => e.Kind == JournalEventKind.ShortCircuited, 2);
            stop.Cancel();
            var summary = await Ends(run);

            Assert.Equal(ConsumerEnding.Stopped, summary.Ending);
            Assert.Equal(4, summary.Received);
            Assert.Equal(2, summary.Failed);
            Assert.Equal(2, summary.ShortCircuited);
        }

        // ---- the circuit breaker ----

        [Fact]
        public async Task Once_the_breaker_opens_the_rest_of_the_receive_is_short_circuited_hidden_for_the_break_without_a_call()
        {
            var input = await QueueAsync("in", visibilityTimeout: 600);
            var ids = new List<string>();
            for (var i = 0; i < 5; i++) ids.Add(await SendAsync(input, "{\"id\":\"m" + i + "\"}"));
            var dependency = new SimulatedDependency("payments", _backend.Clock, new[] { Outage(0, 36_000) });
            var handler = new Handler(i => new[] { i.Dependency!.Call(i.BodyId) });
            var options = Options(input, handler);
            options.Receive.MaxMessages = 5;
            options.Work.Dependency = dependency;
            options.Work.Breaker = new CircuitBreakerSettings { FailureThreshold = 2, BreakSeconds = 1200, SamplingSeconds = 60 };

            var run = Start(options);
            await WaitForAsync(e => e.Kind == JournalEventKind.ShortCircuited, 3);
            // Every message is hidden: two wait out their visibility timeout, three the break.
            var counts = await CountsAsync(input);
            run.Stop.Cancel();
            var summary = await Ends(run.Run);

            Assert.Equal((0, 5), counts);
            Assert.Equal(5, handler.Seen.Count);
            Assert.All(handler.Seen, i => Assert.Equal("payments", i.Dependency!.Name));
            Assert.Equal(2, dependency.Calls);
            Assert.Equal(2, Events(JournalEventKind.DependencyFailed).Count);
            Assert.Empty(Events(JournalEventKind.DependencyCalled));
            Assert.Equal(ids.Take(2), Events(JournalEventKind.HandlerFailed).Select(e => e.MessageId));
            var opened = Assert.Single(Events(JournalEventKind.BreakerOpened));
            // Recorded against the message whose failure opened it.
            Assert.Equal(ids[1], opened.MessageId);
            var shorted = Events(JournalEventKind.ShortCircuited);
            Assert.Equal(ids.Skip(2), shorted.Select(e => e.MessageId));
            Assert.All(shorted, e => Assert.Equal("payments", e.DependencyName));
            Assert.Equal(new[] { MessageOutcome.Failed, MessageOutcome.Failed, MessageOutcome.ShortCircuited, MessageOutcome.ShortCircuited, MessageOutcome.ShortCircuited },
                run.Records.Select(r => r.Outcome));

            // Each short-circuited message is hidden for longer than the break has left.
            var backoffs = Events(JournalEventKind.BackedOff);
            Assert.Equal(ids.Skip(2), backoffs.Select(e => e.MessageId));
            foreach (var backoff in backoffs)
            {
                var visibleIn = backoff.VisibilityTimeoutSeconds!.Value;
                var breakLeft = backoff.BreakerOpenSeconds!.Value;
                Assert.Null(backoff.BackoffSeconds);
                Assert.True(visibleIn > breakLeft, visibleIn + " > " + breakLeft);
                Assert.InRange(breakLeft, 600, 1200);
            }
            // While the breaker is open the consumer receives nothing: no receive count is spent.
            Assert.Equal(5, Events(JournalEventKind.Received).Count);
            Assert.Equal(ConsumerEnding.Stopped, summary.Ending);
            Assert.Equal(2, summary.Failed);
            Assert.Equal(3, summary.ShortCircuited);
        }

        [Fact]
        public async Task The_consumer_waits_out_each_break_then_a_trial_call_and_once_the_outage_is_over_everything_is_processed()
        {
            // Down for 200 s from now; open for 40 s after 2 failures; a failed message is back after 1-2 s.
            // The outage runs on the scenario clock from here, however long the consumer takes to start
            // (2 s of wall time is its margin): how many breaks it spans is read from the journal.
            const double breakSeconds = 40;
            var input = await QueueAsync("in", visibilityTimeout: 600);
            for (var i = 0; i < 3; i++) await SendAsync(input, "{\"id\":\"m" + i + "\"}");
            var outage = Outage(0, 200);
            var dependency = new SimulatedDependency("payments", _backend.Clock, new[] { outage });
            var options = Options(input, new Handler(i => { i.Dependency!.Call(i.BodyId); return Array.Empty<string>(); }));
            options.Work.Dependency = dependency;
            options.Work.Breaker = new CircuitBreakerSettings { FailureThreshold = 2, BreakSeconds = breakSeconds, SamplingSeconds = 60 };
            options.Receive.BackoffBaseSeconds = 1;
            options.Receive.BackoffMaxSeconds = 2;

            var run = Start(options);
            await WaitForAsync(e => e.Kind == JournalEventKind.Processed, 3);
            run.Stop.Cancel();
            await Ends(run.Run);

            Assert.Equal(new[] { "m0", "m1", "m2" }, Events(JournalEventKind.Processed).Select(e => e.BodyId).OrderBy(id => id, StringComparer.Ordinal));
            var opened = Events(JournalEventKind.BreakerOpened);
            var halfOpened = Events(JournalEventKind.BreakerHalfOpened);
            Assert.NotEmpty(opened);
            // Every break ended in a trial; every trial but the last failed and opened it again; the last closed it.
            Assert.Equal(opened.Count, halfOpened.Count);
            Assert.Single(Events(JournalEventKind.BreakerClosed));
            Assert.True(Events(JournalEventKind.BreakerClosed)[0].Sequence > halfOpened.Last().Sequence);
            // The dependency was called only for the two failures that opened it and for the trials.
            Assert.Equal(2 + opened.Count - 1, dependency.UnavailableAnswers);
            Assert.Equal(2 + opened.Count - 1 + 3, dependency.Calls);
            // The trial that closed it came once the outage was over, not before.
            Assert.True(Events(JournalEventKind.DependencyCalled)[0].Time >= outage.End);
            var all = _backend.Journal.Snapshot();
            foreach (var open in opened)
            {
                // Nothing is received during a break: the next receive comes once it is over (10 s, 0.1 s of
                // wall time, allowed between the breaker reckoning its end and journaling that it opened).
                var nextReceive = all.First(e => e.Sequence > open.Sequence && e.Kind == JournalEventKind.Received && e.Actor == "c1");
                Assert.True((nextReceive.ScenarioTime - open.ScenarioTime).TotalSeconds >= breakSeconds - 10,
                    $"received {nextReceive.ScenarioTime.TotalSeconds}s, {breakSeconds}s break from {open.ScenarioTime.TotalSeconds}s");
                // And the first call after it is a trial.
                var nextCall = all.First(e => e.Sequence > open.Sequence && (e.Kind == JournalEventKind.DependencyCalled || e.Kind == JournalEventKind.DependencyFailed || e.Kind == JournalEventKind.BreakerHalfOpened));
                Assert.Equal(JournalEventKind.BreakerHalfOpened, nextCall.Kind);
            }
            Assert.Empty(Events(JournalEventKind.ShortCircuited));
            Assert.Equal((0, 0), await CountsAsync(input));
        }

        // ---- event source mapping batches ----

        [Fact]
        public async Task In_batches_successes_are_received_once_and_deleted_together_and_only_the_reported_failures_come_back()
        {
            // The failures return after 120 s (1.2 s of wall time): long after the second batch was received.
            var input = await QueueAsync("in", visibilityTimeout: 120);
            var ids = new Dictionary<string, string>();
            for (var i = 0; i < 10; i++) ids["m" + i] = await SendAsync(input, "{\"id\":\"m" + i + "\"}");
            var failing = new[] { "m3", "m7" };
            var handler = new Handler(i => failing.Contains(i.BodyId) && i.Message.ApproximateReceiveCount == 1
                ? throw new HandlerFailedException("first try of " + i.BodyId)
                : Array.Empty<string>());
            var options = Options(input, handler);
            options.Batch.Size = 5;

            var run = Start(options);
            await WaitForAsync(e => e.Kind == JournalEventKind.Processed, 10);
            run.Stop.Cancel();
            await Ends(run.Run);

            var received = Events(JournalEventKind.Received);
            foreach (var (bodyId, messageId) in ids)
            {
                Assert.Equal(failing.Contains(bodyId) ? 2 : 1, received.Count(e => e.MessageId == messageId));
                Assert.Single(Events(JournalEventKind.Deleted), e => e.MessageId == messageId);
            }
            Assert.Equal(failing, Events(JournalEventKind.HandlerFailed).Select(e => e.BodyId));

            var batches = Events(JournalEventKind.BatchProcessed);
            Assert.Equal((5, 4, ids["m3"]), Batch(batches[0]));
            Assert.Equal((5, 4, ids["m7"]), Batch(batches[1]));
            // The two retries, together or apart: both deleted, none failed.
            var retries = batches.Skip(2).Select(Batch).ToArray();
            Assert.Equal(2, retries.Sum(b => b.Size));
            Assert.Equal(2, retries.Sum(b => b.Deleted));
            Assert.All(retries, b => Assert.Equal("", b.Failed));

            // The first batch: every message handled, then its 4 successes deleted in one go, then the batch recorded.
            var all = _backend.Journal.Snapshot().Where(e => e.Actor == "c1").ToArray();
            var firstBatch = all.TakeWhile(e => e.Sequence <= batches[0].Sequence).ToArray();
            Assert.Equal(
                Enumerable.Repeat(JournalEventKind.Received, 5)
                    .Concat(new[] { JournalEventKind.Processed, JournalEventKind.Processed, JournalEventKind.Processed, JournalEventKind.HandlerFailed, JournalEventKind.Processed })
                    .Concat(Enumerable.Repeat(JournalEventKind.Deleted, 4))
                    .Append(JournalEventKind.BatchProcessed),
                firstBatch.SkipWhile(e => e.Kind == JournalEventKind.ConsumerStarted).Select(e => e.Kind));
            Assert.Equal((0, 0), await CountsAsync(input));
        }

        [Fact]
        public async Task A_batch_whose_every_item_failed_returns_every_item()
        {
            var input = await QueueAsync("in", visibilityTimeout: 2);
            var ids = new List<string>();
            for (var i = 0; i < 3; i++) ids.Add(await SendAsync(input, "{\"id\":\"m" + i + "\"}"));
            var options = Options(input, new Handler(i => throw new HandlerFailedException("down")));
            options.Batch.Size = 3;
            options.Receive.MessageLimit = 3;

            var summary = await Ends(Start(options).Run);

            Assert.Equal(3, summary.Failed);
            Assert.Equal((3, 0, string.Join(", ", ids)), Batch(Assert.Single(Events(JournalEventKind.BatchProcessed))));
            Assert.Empty(Events(JournalEventKind.Deleted));
            // All three come back, each on its second receive.
            var back = new List<Message>();
            while (back.Count < 3)
            {
                var more = await _broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = input, MaxNumberOfMessages = 10, WaitTimeSeconds = 20 });
                Assert.NotEmpty(more);
                back.AddRange(more);
            }
            Assert.Equal(ids.OrderBy(id => id, StringComparer.Ordinal), back.Select(m => m.MessageId).OrderBy(id => id, StringComparer.Ordinal));
            Assert.All(back, m => Assert.Equal(2, m.ApproximateReceiveCount));
        }

        [Fact]
        public async Task A_batching_window_gathers_the_messages_sent_during_it_into_one_batch_and_ends_once_the_batch_is_full()
        {
            var input = await QueueAsync("in");
            var handler = new Handler(_ => Array.Empty<string>());
            var options = Options(input, handler);
            options.Batch.Size = 3;
            options.Batch.WindowSeconds = 300;
            await SendAsync(input, "{\"id\":\"first\"}");

            var run = Start(options);
            var firstReceived = Assert.Single(await WaitForAsync(e => e.Kind == JournalEventKind.Received, 1));
            await SendAsync(input, "{\"id\":\"second\"}");
            await SendAsync(input, "{\"id\":\"third\"}");
            var batch = Assert.Single(await WaitForAsync(e => e.Kind == JournalEventKind.BatchProcessed, 1));
            run.Stop.Cancel();
            await Ends(run.Run);

            Assert.Equal((3, 3, ""), Batch(batch));
            // All three were received before the first was handled.
            var firstHandled = Events(JournalEventKind.Processed).First();
            Assert.Equal(3, Events(JournalEventKind.Received).Count(e => e.Sequence < firstHandled.Sequence));
            Assert.Equal(new[] { "first", "second", "third" }, handler.Seen.Select(i => i.BodyId));
            // Full, so it did not wait out the window.
            Assert.True((batch.ScenarioTime - firstReceived.ScenarioTime).TotalSeconds < 300);
        }

        [Fact]
        public async Task A_batch_that_does_not_fill_is_handled_when_its_window_ends()
        {
            var input = await QueueAsync("in");
            var options = Options(input, new Handler(_ => Array.Empty<string>()));
            options.Batch.Size = 5;
            options.Batch.WindowSeconds = 20;
            await SendAsync(input, "{\"id\":\"alone\"}");

            var run = Start(options);
            var batch = Assert.Single(await WaitForAsync(e => e.Kind == JournalEventKind.BatchProcessed, 1));
            run.Stop.Cancel();
            await Ends(run.Run);

            Assert.Equal((1, 1, ""), Batch(batch));
            var received = Assert.Single(Events(JournalEventKind.Received));
            // The window is counted in whole seconds of long poll: it may end up to a second early.
            Assert.InRange((batch.ScenarioTime - received.ScenarioTime).TotalSeconds, 19, 120);
        }

        // ---- FIFO hold-back ----

        [Fact]
        public async Task On_a_FIFO_queue_the_followers_of_a_failed_message_are_held_back_and_later_handled_in_order()
        {
            var input = await QueueAsync("in", visibilityTimeout: 5, fifo: true);
            var ids = new Dictionary<string, string>();
            foreach (var (id, group) in new[] { ("a1", "g1"), ("a2", "g1"), ("a3", "g1"), ("b1", "g2") })
                ids[id] = await SendAsync(input, "{\"id\":\"" + id + "\"}", group);
            var handler = new Handler(i => i.BodyId == "a1" && i.Message.ApproximateReceiveCount == 1
                ? throw new HandlerFailedException("a1 fails once")
                : Array.Empty<string>());
            var options = Options(input, handler);
            options.Receive.MaxMessages = 10;

            var run = Start(options);
            await WaitForAsync(e => e.Kind == JournalEventKind.Processed, 4);
            run.Stop.Cancel();
            await Ends(run.Run);

            // The first receive held all four; a1 failed, so a2 and a3 went back unhandled, b1 (another group) went on.
            var released = Events(JournalEventKind.Released);
            Assert.Equal(new[] { ids["a2"], ids["a3"] }, released.Select(e => e.MessageId));
            Assert.All(released, e => Assert.Equal("held back: an earlier message of group g1 failed", e.Reason));
            Assert.Equal(2, run.Records.Count(r => r.Outcome == MessageOutcome.Released));
            Assert.Equal(new[] { "a1", "b1", "a1", "a2", "a3" }, handler.Seen.Select(i => i.BodyId));
            Assert.Equal(new[] { "b1", "a1", "a2", "a3" }, Events(JournalEventKind.Processed).Select(e => e.BodyId));
            // The held-back ones came back with a1, after it, in order.
            var secondRound = Events(JournalEventKind.Received).Skip(4).ToArray();
            Assert.Equal(new[] { ids["a1"], ids["a2"], ids["a3"] }, secondRound.Select(e => e.MessageId));
            Assert.All(secondRound, e => Assert.Equal(2, e.ReceiveCount));
            Assert.Equal((0, 0), await CountsAsync(input));
        }

        // ---- options ----

        public static IEnumerable<object[]> InvalidHandlingOptions()
        {
            Func<IMessageHandler> factory = () => new Handler(_ => Array.Empty<string>());
            var dependency = new SimulatedDependency("payments", TimeProvider.System);
            ConsumerOptions With(Action<ConsumerOptions> set)
            {
                var options = new ConsumerOptions { QueueUrl = "http://localhost/000000000000/in" };
                set(options);
                return options;
            }
            return new[]
            {
                new object[] { "a dependency without a handler", With(o => o.Work.Dependency = dependency), "Dependency" },
                new object[] { "forwarding without a handler", With(o => o.Forward.QueueUrl = "http://localhost/000000000000/out"), "ForwardQueueUrl" },
                new object[] { "a results table without a handler", With(o => o.Ledger.ResultsTable = "results"), "ResultsTable" },
                new object[] { "a breaker without a dependency", With(o => { o.Work.HandlerFactory = factory; o.Work.Breaker = new CircuitBreakerSettings(); }), "Breaker" },
                new object[] { "a breaker of threshold 1", With(o => { o.Work.HandlerFactory = factory; o.Work.Dependency = dependency; o.Work.Breaker = new CircuitBreakerSettings { FailureThreshold = 1 }; }), "FailureThreshold" },
                new object[] { "a breaker of a 0.1 s break", With(o => { o.Work.HandlerFactory = factory; o.Work.Dependency = dependency; o.Work.Breaker = new CircuitBreakerSettings { BreakSeconds = 0.1 }; }), "BreakSeconds" },
                new object[] { "a group field without forwarding", With(o => { o.Work.HandlerFactory = factory; o.Forward.GroupIdField = "customer"; }), "ForwardGroupIdField" },
                new object[] { "forwarding to FIFO without a group field", With(o => { o.Work.HandlerFactory = factory; o.Forward.QueueUrl = "http://localhost/000000000000/out.fifo"; }), "ForwardGroupIdField" },
                new object[] { "a batch of 0", With(o => o.Batch.Size = 0), "BatchSize" },
                new object[] { "a batch of 11", With(o => o.Batch.Size = 11), "BatchSize" },
                new object[] { "a batch with MaxMessages", With(o => { o.Batch.Size = 5; o.Receive.MaxMessages = 5; }), "MaxMessages" },
                new object[] { "a batch with a heartbeat", With(o => { o.Batch.Size = 5; o.Receive.HeartbeatSeconds = 5; }), "HeartbeatSeconds" },
                new object[] { "a window without a batch", With(o => o.Batch.WindowSeconds = 5), "BatchWindowSeconds" },
                new object[] { "a negative window", With(o => { o.Batch.Size = 5; o.Batch.WindowSeconds = -1; }), "BatchWindowSeconds" },
                new object[] { "a window over 300 s", With(o => { o.Batch.Size = 5; o.Batch.WindowSeconds = 301; }), "BatchWindowSeconds" },
                new object[] { "a window of NaN", With(o => { o.Batch.Size = 5; o.Batch.WindowSeconds = double.NaN; }), "BatchWindowSeconds" },
            };
        }

        [Theory]
        [MemberData(nameof(InvalidHandlingOptions))]
        public void Options_that_cannot_work_are_refused_naming_the_option(string why, ConsumerOptions options, string parameter)
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => options.Validate());
            Assert.True(parameter == error.ParamName, why + ": " + error.Message);
            // Neither a consumer nor a supervisor starts with them.
            Assert.ThrowsAny<ArgumentException>(() => new Consumer(_backend, options));
            Assert.ThrowsAny<ArgumentException>(() => new ConsumerSupervisor(_backend, options));
        }

        [Fact]
        public void The_handling_options_that_fit_together_are_accepted()
        {
            var dependency = new SimulatedDependency("payments", TimeProvider.System);
            new ConsumerOptions
            {
                QueueUrl = "http://localhost/000000000000/in",
                Work =
                {
                    HandlerFactory = () => new Handler(_ => Array.Empty<string>()),
                    Dependency = dependency,
                    Breaker = new CircuitBreakerSettings { FailureThreshold = 2, BreakSeconds = 0.5, SamplingSeconds = 86_400 },
                },
                Forward = { QueueUrl = "http://localhost/000000000000/out.fifo", GroupIdField = "customer" },
                Batch = { Size = 10, WindowSeconds = 300 },
            }.Validate();
            new ConsumerOptions { QueueUrl = "http://localhost/000000000000/in", Batch = { Size = 1, WindowSeconds = 0 } }.Validate();
            // A dependency with no breaker is called unguarded.
            new ConsumerOptions { QueueUrl = "http://localhost/000000000000/in", Work = { HandlerFactory = () => new Handler(_ => Array.Empty<string>()), Dependency = dependency } }.Validate();
        }

        // ---- plumbing ----

        /// <summary>A handler from a function, recording what it was given.</summary>
        /// <summary>A BatchProcessed event's facts: its size, how many it deleted, the ids it reported failed.</summary>
        private static (int Size, int Deleted, string Failed) Batch(JournalEvent batch) =>
            (batch.BatchSize!.Value, batch.BatchDeleted!.Value, string.Join(", ", batch.FailedMessageIds!));

        private sealed class Handler : IMessageHandler
        {
            private readonly Func<HandlerInput, IReadOnlyList<string>> _handle;
            private int _disposals;

            public Handler(Func<HandlerInput, IReadOnlyList<string>> handle) => _handle = handle;

            public ConcurrentQueue<HandlerInput> Seen { get; } = new ConcurrentQueue<HandlerInput>();

            public int Disposals => Volatile.Read(ref _disposals);

            public async Task<IReadOnlyList<string>> HandleAsync(HandlerInput input, CancellationToken cancellationToken)
            {
                Seen.Enqueue(input);
                await Task.Yield();
                return _handle(input);
            }

            public void Dispose() => Interlocked.Increment(ref _disposals);
        }

        private sealed class Running
        {
            public Running(Task<ConsumerSummary> run, CancellationTokenSource stop, ConcurrentQueue<ConsumerRecord> records)
            {
                Run = run;
                Stop = stop;
                Records = records;
            }

            public Task<ConsumerSummary> Run { get; }
            public CancellationTokenSource Stop { get; }
            public ConcurrentQueue<ConsumerRecord> Records { get; }
        }

        private static ConsumerOptions Options(string queueUrl, IMessageHandler handler) => new ConsumerOptions
        {
            ConsumerId = "c1",
            QueueUrl = queueUrl,
            Work = { HandlerFactory = () => handler },
            Receive = { WaitTimeSeconds = 5 },
        };

        private Running Start(ConsumerOptions options)
        {
            var records = new ConcurrentQueue<ConsumerRecord>();
            var stop = new CancellationTokenSource();
            var consumer = new Consumer(_backend, options);
            return new Running(Task.Run(() => consumer.RunAsync(records.Enqueue, stop.Token)), stop, records);
        }

        private async Task<ConsumerSummary> Ends(Task<ConsumerSummary> run)
        {
            if (await Task.WhenAny(run, Task.Delay(Patience)) != run)
                throw new Xunit.Sdk.XunitException("The consumer did not end. Journal:\n" + string.Join("\n", _backend.Journal.Snapshot()));
            return await run;
        }

        /// <summary>Waits (woken by each journal append) until <paramref name="count"/> events match.</summary>
        private async Task<IReadOnlyList<JournalEvent>> WaitForAsync(Func<JournalEvent, bool> predicate, int count)
        {
            using (var patience = new CancellationTokenSource(Patience))
            {
                try
                {
                    await _backend.Journal.WaitForAsync(predicate, count, TimeSpan.FromDays(30), patience.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
            var matches = _backend.Journal.Where(predicate);
            if (matches.Count < count)
                throw new Xunit.Sdk.XunitException($"Waited for {count} events, saw {matches.Count}. Journal:\n" + string.Join("\n", _backend.Journal.Snapshot()));
            return matches;
        }

        private IReadOnlyList<JournalEvent> Events(JournalEventKind kind, string actor = "c1") =>
            _backend.Journal.Where(e => e.Kind == kind && e.Actor == actor);

        private DependencyOutage Outage(double after, double length)
        {
            var now = _backend.Clock.GetUtcNow();
            return new DependencyOutage(now + TimeSpan.FromSeconds(after), now + TimeSpan.FromSeconds(after + length));
        }

        private async Task<string> QueueAsync(string name, int visibilityTimeout = 30, bool fifo = false)
        {
            var attributes = new Dictionary<string, string>
            {
                [QueueAttributeName.VisibilityTimeout] = visibilityTimeout.ToString(CultureInfo.InvariantCulture),
            };
            if (fifo)
            {
                attributes[QueueAttributeName.FifoQueue] = "true";
                attributes[QueueAttributeName.ContentBasedDeduplication] = "false";
            }
            return await _broker.CreateQueueAsync(fifo ? name + ".fifo" : name, attributes);
        }

        private async Task<string> SendAsync(string queueUrl, string body, string? group = null)
        {
            var request = new SendMessageRequest { QueueUrl = queueUrl, MessageBody = body };
            if (group != null)
            {
                request.MessageGroupId = group;
                request.MessageDeduplicationId = MessageBody.DeduplicationId(MessageBody.TryGetId(body) ?? body);
            }
            return (await _broker.SendMessageAsync(request)).MessageId;
        }

        /// <summary>Receives (hidden for 10 minutes) until <paramref name="atMost"/> messages or a receive finds none.</summary>
        private async Task<List<Message>> ReceiveAllAsync(string queueUrl, int atMost)
        {
            var all = new List<Message>();
            while (all.Count < atMost)
            {
                var more = await _broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 0, VisibilityTimeout = 600 });
                if (more.Count == 0) break;
                all.AddRange(more);
            }
            return all;
        }

        private async Task<(int Visible, int InFlight)> CountsAsync(string queueUrl)
        {
            var attributes = await _broker.GetQueueAttributesAsync(queueUrl, new[] { QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible });
            return (int.Parse(attributes[QueueAttributeName.ApproximateNumberOfMessages], CultureInfo.InvariantCulture),
                int.Parse(attributes[QueueAttributeName.ApproximateNumberOfMessagesNotVisible], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The ids a forwarded output gets, and the deduplication ids FIFO forwarding derives from them.</summary>
    public sealed class ConsumerHandlerBodyIdTests
    {
        [Theory]
        [InlineData("{\"total\":5}", "{\"id\":\"in-0\",\"total\":5}")]
        [InlineData("{}", "{\"id\":\"in-0\"}")]
        [InlineData("{ }", "{\"id\":\"in-0\"}")]
        [InlineData("  {\"a\":1}", "{\"id\":\"in-0\",\"a\":1}")]
        [InlineData("{\n  \"a\": [1, {\"id\": \"inner\"}]\n}", "{\"id\":\"in-0\",\"a\": [1, {\"id\": \"inner\"}]\n}")]
        [InlineData("{\"order\":{\"id\":\"nested\"}}", "{\"id\":\"in-0\",\"order\":{\"id\":\"nested\"}}")]
        public void An_object_without_a_top_level_id_gets_one_first_and_stays_valid_JSON(string body, string expected)
        {
            var withId = MessageBody.WithId(body, "in-0");
            Assert.Equal(expected, withId);
            using var document = JsonDocument.Parse(withId);
            Assert.Equal("in-0", document.RootElement.GetProperty("id").GetString());
            Assert.Equal("in-0", MessageBody.TryGetId(withId));
        }

        [Theory]
        [InlineData("{\"id\":\"own\",\"a\":1}")]
        [InlineData("{\"a\":1,\"id\":\"own\"}")]
        [InlineData("{\"id\":42}")]
        [InlineData("{\"id\":null}")]
        [InlineData("[{\"a\":1}]")]
        [InlineData("[]")]
        [InlineData("\"text\"")]
        [InlineData("42")]
        [InlineData("plain text")]
        [InlineData("")]
        [InlineData("{not json")]
        [InlineData("{\"a\":1} trailing")]
        public void Any_other_body_is_left_as_it_is(string body) => Assert.Same(body, MessageBody.WithId(body, "in-0"));

        [Theory]
        [InlineData("quote\"d")]
        [InlineData("back\\slash")]
        [InlineData("ünïcødé")]
        [InlineData("line\nbreak")]
        public void An_id_that_needs_escaping_is_escaped_and_reads_back_unchanged(string id)
        {
            var withId = MessageBody.WithId("{\"a\":1}", id);
            using var document = JsonDocument.Parse(withId);
            Assert.Equal(id, document.RootElement.GetProperty("id").GetString());
            Assert.Equal(id, MessageBody.TryGetId(withId));
        }

        [Theory]
        [InlineData("order-7-0")]
        [InlineData("!")]
        [InlineData("~")]
        [InlineData("a!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~z")]
        public void An_id_SQS_accepts_as_a_deduplication_id_is_used_as_it_is(string id) => Assert.Equal(id, MessageBody.DeduplicationId(id));

        [Fact]
        public void An_id_of_exactly_128_printable_characters_is_used_as_it_is_and_one_of_129_is_hashed()
        {
            var id128 = new string('x', 128);
            Assert.Equal(id128, MessageBody.DeduplicationId(id128));
            var id129 = new string('x', 129);
            Assert.Equal(Sha256Hex(id129), MessageBody.DeduplicationId(id129));
        }

        [Theory]
        [InlineData("")]
        [InlineData("with space")]
        [InlineData("tab\there")]
        [InlineData("line\nbreak")]
        [InlineData("ünïcødé")]
        [InlineData("\u007f")]
        public void An_id_SQS_would_refuse_becomes_its_SHA256_in_hex(string id)
        {
            var dedup = MessageBody.DeduplicationId(id);
            Assert.Equal(Sha256Hex(id), dedup);
            Assert.Matches("^[0-9a-f]{64}$", dedup);
        }

        private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

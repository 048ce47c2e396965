using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Broker;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// The consumer's visibility heartbeat against the embedded broker on a manual clock: each
    /// beat is one ChangeMessageVisibility, the 12-hour cap from the receive is never passed, and
    /// letting go or halting stops the extensions.
    /// </summary>
    public sealed class VisibilityHeartbeatTests
    {
        private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

        private readonly ManualClock _clock = new ManualClock();
        private readonly ArmingClock _heartbeatClock;
        private readonly EmbeddedBroker _broker;
        private readonly ConcurrentQueue<(string MessageId, int Timeout, bool Capped)> _extensions = new ConcurrentQueue<(string, int, bool)>();
        private readonly ConcurrentQueue<string> _lost = new ConcurrentQueue<string>();
        private readonly SemaphoreSlim _beat = new SemaphoreSlim(0);
        private string _queueUrl = "";

        public VisibilityHeartbeatTests()
        {
            _broker = new EmbeddedBroker(_clock, 42, new EmbeddedBrokerOptions { ReorderWindow = 0, ShortPollSampleRate = 1 });
            _heartbeatClock = new ArmingClock(_clock);
        }

        /// <summary>The manual clock as the heartbeat sees it, telling the test each time the heartbeat arms a wait.</summary>
        private sealed class ArmingClock : TimeProvider
        {
            private readonly ManualClock _inner;

            public ArmingClock(ManualClock inner) => _inner = inner;

            public SemaphoreSlim Armed { get; } = new SemaphoreSlim(0);

            public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

            public override long TimestampFrequency => _inner.TimestampFrequency;

            public override long GetTimestamp() => _inner.GetTimestamp();

            public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            {
                var timer = _inner.CreateTimer(callback, state, dueTime, period);
                Armed.Release();
                return timer;
            }
        }

        [Theory]
        [InlineData(10, 0, 10)]
        [InlineData(10, 43_189.5, 10)]
        [InlineData(10, 43_195, 5)]
        [InlineData(10, 43_199.5, 0)]
        [InlineData(10, 43_200, 0)]
        [InlineData(600, 50_000, 0)]
        public void The_next_timeout_is_the_extension_or_what_is_left_of_12_hours(int extension, double sinceReceive, int expected) =>
            Assert.Equal(expected, VisibilityHeartbeat.NextTimeout(extension, TimeSpan.FromSeconds(sinceReceive)));

        [Fact]
        public async Task It_extends_every_interval_up_to_12_hours_from_the_receive_and_no_further()
        {
            var (message, receivedAt) = await ReceiveOne(visibilityTimeout: 600);
            var heartbeat = await Start(intervalSeconds: 300, extensionSeconds: 600, receivedAt, message);

            // 143 beats at 300 s, 600 s, ...: the last, at 42,900 s, may only add 300 s.
            for (var beat = 1; beat <= 143; beat++)
                await AdvanceToNextBeat(300, extensions: 1, armsNextWait: beat < 143);
            Assert.True(await Ends(heartbeat.Loop), "the heartbeat ends once its last message was capped");

            var extensions = _extensions.ToArray();
            Assert.Equal(143, extensions.Length);
            Assert.All(extensions.Take(142), e => Assert.Equal(600, e.Timeout));
            Assert.Equal(300, extensions.Last().Timeout);
            Assert.True(extensions.Last().Capped);
            Assert.All(extensions.Take(extensions.Length - 1), e => Assert.False(e.Capped));
            Assert.Empty(_lost);

            // Hidden right up to 12 hours after the receive, then visible again.
            _clock.Advance(TimeSpan.FromSeconds(299));
            Assert.Empty(await Receive());
            _clock.Advance(TimeSpan.FromSeconds(1));
            var again = Assert.Single(await Receive());
            Assert.Equal(message.MessageId, again.MessageId);
            Assert.Equal(2, again.ApproximateReceiveCount);
        }

        [Fact]
        public async Task Letting_go_of_a_message_stops_its_extensions_and_halting_stops_all()
        {
            await Send("a");
            await Send("b");
            var receivedAt = _clock.GetUtcNow();
            var messages = await Receive(max: 2, visibilityTimeout: 10);
            Assert.Equal(2, messages.Count);
            var heartbeat = await Start(intervalSeconds: 4, extensionSeconds: 10, receivedAt, messages.ToArray());

            await AdvanceToNextBeat(4, extensions: 2);
            Assert.Equal(2, _extensions.Count);
            await heartbeat.LetGoAsync(messages[0]);
            await AdvanceToNextBeat(4, extensions: 1);
            Assert.Equal(3, _extensions.Count);
            Assert.Equal(messages[1].MessageId, _extensions.Last().MessageId);

            await heartbeat.HaltAsync();
            Assert.True(await Ends(heartbeat.Loop), "a halted heartbeat ends");
            Assert.Equal(0, _clock.ActiveTimers);
            // The let-go message runs out 10 s after its last extension (at 4 s), the halted one 10 s after its own (at 8 s).
            _clock.Advance(TimeSpan.FromSeconds(6));
            Assert.Equal(new[] { messages[0].MessageId }, (await Receive(max: 10)).Select(m => m.MessageId));
            _clock.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal(new[] { messages[1].MessageId }, (await Receive(max: 10)).Select(m => m.MessageId));
            Assert.Equal(3, _extensions.Count);
        }

        [Fact]
        public async Task A_message_it_can_no_longer_extend_is_let_go_with_the_reason()
        {
            var (message, receivedAt) = await ReceiveOne(visibilityTimeout: 10);
            var heartbeat = await Start(intervalSeconds: 4, extensionSeconds: 10, receivedAt, message);
            await _broker.DeleteMessageAsync(_queueUrl, message.ReceiptHandle);

            _clock.Advance(TimeSpan.FromSeconds(4));
            Assert.True(await Ends(heartbeat.Loop), "nothing left to extend");
            Assert.Empty(_extensions);
            Assert.Contains("could not extend", Assert.Single(_lost));
        }

        private async Task<VisibilityHeartbeat> Start(int intervalSeconds, int extensionSeconds, DateTimeOffset receivedAt, params Message[] messages)
        {
            var heartbeat = VisibilityHeartbeat.Start(_heartbeatClock, async (m, timeout, capped, detail) =>
                {
                    await _broker.ChangeMessageVisibilityAsync(_queueUrl, m.ReceiptHandle, timeout);
                    _extensions.Enqueue((m.MessageId, timeout, capped));
                    _beat.Release();
                }, intervalSeconds, extensionSeconds, receivedAt, messages,
                (m, reason) => _lost.Enqueue(reason));
            await WaitForArmedWait();
            return heartbeat;
        }

        /// <summary>Advances to the next beat and waits until it made its extensions and (unless it was the last) armed its next wait.</summary>
        private async Task AdvanceToNextBeat(int intervalSeconds, int extensions, bool armsNextWait = true)
        {
            _clock.Advance(TimeSpan.FromSeconds(intervalSeconds));
            for (var i = 0; i < extensions; i++)
                Assert.True(await _beat.WaitAsync(Generous), "too few extensions after the interval");
            if (armsNextWait) await WaitForArmedWait();
        }

        /// <summary>Whether the task ends (a safety limit, not a timing: it ends on its own condition).</summary>
        private static async Task<bool> Ends(Task task) => await Task.WhenAny(task, Task.Delay(Generous)) == task;

        /// <summary>The loop arms its next wait on its own task: wait for that, not for a guessed time.</summary>
        private async Task WaitForArmedWait()
        {
            Assert.True(await _heartbeatClock.Armed.WaitAsync(Generous), "the heartbeat's next wait was not armed");
            Assert.Equal(1, _clock.ActiveTimers);
        }

        private async Task Send(string body)
        {
            if (_queueUrl.Length == 0) _queueUrl = await _broker.CreateQueueAsync("heartbeat", new Dictionary<string, string> { [QueueAttributeName.VisibilityTimeout] = "10" });
            await _broker.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = body });
        }

        private async Task<(Message Message, DateTimeOffset ReceivedAt)> ReceiveOne(int visibilityTimeout)
        {
            await Send("work");
            var receivedAt = _clock.GetUtcNow();
            var message = Assert.Single(await Receive(max: 1, visibilityTimeout: visibilityTimeout));
            return (message, receivedAt);
        }

        private Task<IReadOnlyList<Message>> Receive(int max = 1, int? visibilityTimeout = null) =>
            _broker.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = max, WaitTimeSeconds = 0, VisibilityTimeout = visibilityTimeout });
    }
}

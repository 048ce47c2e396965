using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Broker;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;
using Xunit.Sdk;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// FIFO ordering as a property: seeded random interleavings of sends (single and batch, with
    /// duplicate deduplication ids), receives (1-10 messages, random visibility, some retried with
    /// their ReceiveRequestAttemptId), visibility changes (extensions, 0), deletes and clock advances,
    /// checked step by step against a model. The broker must never deliver a message of a group that
    /// is behind an in-flight message of that group (docs/sqs-rules.md, "FIFO"), must deliver each group from its
    /// oldest remaining message on, and (with a consumer that deletes a group's messages in the order
    /// it got them) the deleted deliveries of every group come in send order. Every run is
    /// reproducible from its seed, which failures name.
    /// </summary>
    public sealed class FifoPropertyTests
    {
        private const int Runs = 200;
        private const int Steps = 300;
        private static readonly string[] Groups = { "g0", "g1", "g2", "g3" };

        [Fact]
        public async Task Random_interleavings_keep_each_group_in_send_order_and_never_deliver_behind_an_in_flight_message()
        {
            for (var seed = 1; seed <= Runs; seed++)
                await new Run(seed, chaoticConsumer: seed % 4 == 0).Execute(Steps);
        }

        private sealed class Sent
        {
            public Sent(string id, string group, int index, string body)
            {
                Id = id;
                Group = group;
                Index = index;
                Body = body;
            }

            public string Id { get; }
            public string Group { get; }
            public int Index { get; }
            public string Body { get; }
            public bool Deleted;
            public long InFlightUntil;
            public long ReceivedAt;
            public string? Handle;
            public int Deliveries;
        }

        private sealed class Held
        {
            public Held(Sent message, string handle)
            {
                Message = message;
                Handle = handle;
            }

            public Sent Message { get; }
            public string Handle { get; }
        }

        private sealed class Run
        {
            private readonly int _seed;
            private readonly bool _chaotic;
            private readonly Random _random;
            private readonly ManualClock _clock = new ManualClock();
            private readonly EmbeddedBroker _broker;
            private readonly bool _perGroupDedup;
            private readonly Dictionary<string, List<Sent>> _groups = Groups.ToDictionary(g => g, _ => new List<Sent>());
            private readonly Dictionary<string, Sent> _byId = new Dictionary<string, Sent>();
            private readonly Dictionary<string, (string MessageId, long Ticks)> _dedup = new Dictionary<string, (string, long)>();
            private readonly List<(string Group, string Id)> _dedupIds = new List<(string, string)>();
            private readonly Dictionary<string, List<Held>> _held = Groups.ToDictionary(g => g, _ => new List<Held>());
            private readonly Dictionary<string, List<int>> _deletedOrder = Groups.ToDictionary(g => g, _ => new List<int>());
            private string _url = "";
            private int _step;
            private int _nextBody;
            private int _nextAttempt;

            public Run(int seed, bool chaoticConsumer)
            {
                _seed = seed;
                _chaotic = chaoticConsumer;
                _random = new Random(seed);
                _perGroupDedup = seed % 3 == 0;
                _broker = new EmbeddedBroker(_clock, seed, new EmbeddedBrokerOptions()); // reordering knobs on: FIFO must ignore them
            }

            private long Now => _clock.GetUtcNow().UtcTicks;

            public async Task Execute(int steps)
            {
                var attributes = new Dictionary<string, string>
                {
                    [QueueAttributeName.FifoQueue] = "true",
                    [QueueAttributeName.VisibilityTimeout] = _random.Next(1, 60).ToString(CultureInfo.InvariantCulture),
                };
                if (_perGroupDedup) attributes[QueueAttributeName.DeduplicationScope] = "messageGroup";
                _url = await _broker.CreateQueueAsync("p.fifo", attributes);
                for (_step = 0; _step < steps; _step++)
                {
                    var roll = _random.Next(100);
                    if (roll < 25) await SendOne();
                    else if (roll < 32) await SendBatch();
                    else if (roll < 60) await Receive(_random.Next(1, 11), _random.Next(10) == 0 ? 0 : _random.Next(1, 60));
                    else if (roll < 76) await Delete();
                    else if (roll < 88) await ChangeVisibility();
                    else _clock.AdvanceSeconds(_random.Next(10) == 0 ? _random.Next(100, 400) : _random.Next(0, 40));
                    await CheckCounts();
                }
                await Drain();
            }

            private string DedupKey(string group, string id) => _perGroupDedup ? group + "|" + id : id;

            private (string Group, string Body, string Dedup) NextSend()
            {
                var group = Groups[_random.Next(Groups.Length)];
                var body = "b" + _nextBody++;
                string dedup;
                if (_dedupIds.Count > 0 && _random.Next(100) < 15)
                {
                    var reused = _dedupIds[_random.Next(_dedupIds.Count)];
                    dedup = reused.Id;
                    if (_perGroupDedup && _random.Next(2) == 0) group = reused.Group;
                }
                else dedup = "d" + body;
                return (group, body, dedup);
            }

            /// <summary>The model's view of one accepted send: a duplicate (the original's id) or a new message.</summary>
            private void Accepted(string group, string body, string dedup, string messageId)
            {
                var key = DedupKey(group, dedup);
                if (_dedup.TryGetValue(key, out var original) && Now - original.Ticks < TimeSpan.FromMinutes(5).Ticks)
                {
                    Check(messageId == original.MessageId, "a duplicate send must return the original MessageId");
                    return;
                }
                Check(!_byId.ContainsKey(messageId), "a new send must get a new MessageId");
                var sent = new Sent(messageId, group, _groups[group].Count, body);
                _groups[group].Add(sent);
                _byId.Add(messageId, sent);
                _dedup[key] = (messageId, Now);
                _dedupIds.Add((group, dedup));
            }

            private async Task SendOne()
            {
                var (group, body, dedup) = NextSend();
                var result = await _broker.SendMessageAsync(new SendMessageRequest { QueueUrl = _url, MessageBody = body, MessageGroupId = group, MessageDeduplicationId = dedup });
                Accepted(group, body, dedup, result.MessageId);
            }

            private async Task SendBatch()
            {
                var entries = Enumerable.Range(0, _random.Next(2, 6)).Select(i =>
                {
                    var (group, body, dedup) = NextSend();
                    return new SendMessageBatchRequestEntry { Id = "e" + i, MessageBody = body, MessageGroupId = group, MessageDeduplicationId = dedup };
                }).ToList();
                var result = await _broker.SendMessageBatchAsync(_url, entries);
                Check(result.Failed.Count == 0 && result.Successful.Count == entries.Count, "every batch entry must be accepted");
                for (var i = 0; i < entries.Count; i++)
                {
                    Check(result.Successful[i].Id == entries[i].Id, "batch results come in entry order");
                    Accepted(entries[i].MessageGroupId!, entries[i].MessageBody, entries[i].MessageDeduplicationId!, result.Successful[i].MessageId);
                }
            }

            private bool InFlight(Sent message) => !message.Deleted && message.InFlightUntil > Now;

            private async Task Receive(int max, int visibility)
            {
                var attemptId = _random.Next(4) == 0 ? "a" + _nextAttempt++ : null;
                var messages = await _broker.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = _url, MaxNumberOfMessages = max, VisibilityTimeout = visibility, WaitTimeSeconds = 0, ReceiveRequestAttemptId = attemptId,
                });
                Check(messages.Count <= max, "at most MaxNumberOfMessages");
                foreach (var byGroup in messages.GroupBy(m => m.MessageGroupId!))
                {
                    var group = byGroup.Key;
                    // docs/sqs-rules.md, "FIFO": an in-flight message blocks the messages behind it, not those before it.
                    var deliverable = _groups[group].Where(s => !s.Deleted).TakeWhile(s => !InFlight(s)).ToList();
                    Check(byGroup.Count() <= deliverable.Count, "no message of " + group + " behind an in-flight one may be delivered");
                    var expected = deliverable.Take(byGroup.Count()).Select(s => s.Id).ToList();
                    Check(expected.SequenceEqual(byGroup.Select(m => m.MessageId)),
                        "a receive must deliver " + group + " from its oldest remaining message on, in send order");
                }
                var held = new Dictionary<string, List<Held>>();
                foreach (var message in messages)
                {
                    var sent = _byId[message.MessageId];
                    Check(message.Body == sent.Body, "the body is the one sent");
                    sent.Deliveries++;
                    Check(message.ApproximateReceiveCount == sent.Deliveries, "ApproximateReceiveCount counts the deliveries");
                    sent.InFlightUntil = Now + visibility * TimeSpan.TicksPerSecond;
                    sent.ReceivedAt = Now;
                    sent.Handle = message.ReceiptHandle;
                    if (!held.TryGetValue(sent.Group, out var list)) held[sent.Group] = list = new List<Held>();
                    list.Add(new Held(sent, message.ReceiptHandle));
                }
                foreach (var pair in held) _held[pair.Key] = pair.Value; // earlier holdings of the group are expired or behind these: let them go
                if (attemptId != null && messages.Count > 0 && visibility > 0 && _random.Next(2) == 0) // visibility 0: never in flight, nothing to replay
                {
                    var retry = await _broker.ReceiveMessageAsync(new ReceiveMessageRequest
                    {
                        QueueUrl = _url, MaxNumberOfMessages = max, VisibilityTimeout = visibility, WaitTimeSeconds = 0, ReceiveRequestAttemptId = attemptId,
                    });
                    Check(retry.Select(m => m.ReceiptHandle).SequenceEqual(messages.Select(m => m.ReceiptHandle)),
                        "a retried receive returns the same messages and receipt handles");
                }
            }

            private Held? PickHeld(out string group, out int index)
            {
                var candidates = Groups.Where(g => _held[g].Count > 0).ToList();
                group = "";
                index = 0;
                if (candidates.Count == 0) return null;
                group = candidates[_random.Next(candidates.Count)];
                index = _chaotic ? _random.Next(_held[group].Count) : 0;
                return _held[group][index];
            }

            private async Task Delete()
            {
                var held = PickHeld(out var group, out var index);
                if (held == null) return;
                var sent = held.Message;
                var valid = InFlight(sent) && held.Handle == sent.Handle;
                var error = await Try(() => _broker.DeleteMessageAsync(_url, held.Handle));
                if (valid)
                {
                    Check(error == null, "a delete with the current handle of an in-flight message succeeds (" + error + ")");
                    sent.Deleted = true;
                    _deletedOrder[group].Add(sent.Index);
                    _held[group].RemoveAt(index);
                }
                else
                {
                    Check(error != null && error.ErrorCode == SqsErrorCode.InvalidParameterValue && error.Message.EndsWith("The receipt handle has expired.", StringComparison.Ordinal),
                        "a delete with an expired FIFO handle fails: The receipt handle has expired. (" + error + ")");
                    Abandon(group, index);
                }
            }

            private async Task ChangeVisibility()
            {
                var held = PickHeld(out var group, out var index);
                if (held == null) return;
                if (!_chaotic) index = _random.Next(_held[group].Count);
                held = _held[group][index];
                var sent = held.Message;
                var seconds = _random.Next(4) == 0 ? 0 : _random.Next(1, 120);
                var valid = InFlight(sent) && held.Handle == sent.Handle;
                var beyondCap = Now + seconds * TimeSpan.TicksPerSecond - sent.ReceivedAt > SqsLimits.MaxVisibilityTimeoutSeconds * TimeSpan.TicksPerSecond;
                var error = await Try(() => _broker.ChangeMessageVisibilityAsync(_url, held.Handle, seconds));
                if (valid && !beyondCap)
                {
                    Check(error == null, "a visibility change with the current handle succeeds (" + error + ")");
                    sent.InFlightUntil = Now + seconds * TimeSpan.TicksPerSecond;
                    if (seconds == 0) Abandon(group, index); // given back: an in-order consumer also gives up what came after it
                }
                else
                {
                    Check(error != null && error.ErrorCode == SqsErrorCode.InvalidParameterValue, "an expired handle cannot change visibility (" + error + ")");
                    Abandon(group, index);
                }
            }

            /// <summary>An in-order consumer drops the held message and everything it got after it; a chaotic one only that message.</summary>
            private void Abandon(string group, int index)
            {
                var list = _held[group];
                if (_chaotic) list.RemoveAt(index);
                else list.RemoveRange(index, list.Count - index);
            }

            private async Task CheckCounts()
            {
                var attributes = await _broker.GetQueueAttributesAsync(_url, new[] { QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible });
                var all = _byId.Values.Where(s => !s.Deleted).ToList();
                var inFlight = all.Count(InFlight);
                Check(attributes[QueueAttributeName.ApproximateNumberOfMessagesNotVisible] == inFlight.ToString(CultureInfo.InvariantCulture), "in-flight count");
                Check(attributes[QueueAttributeName.ApproximateNumberOfMessages] == (all.Count - inFlight).ToString(CultureInfo.InvariantCulture), "visible count");
            }

            /// <summary>Ends the run: every visibility over, then an in-order consumer drains the queue.</summary>
            private async Task Drain()
            {
                foreach (var group in Groups) _held[group].Clear();
                _clock.AdvanceSeconds(SqsLimits.MaxVisibilityTimeoutSeconds);
                for (var guard = 0; ; guard++)
                {
                    Check(guard < 10_000, "the drain must end");
                    await Receive(10, 30);
                    var anyHeld = false;
                    foreach (var group in Groups)
                    {
                        while (_held[group].Count > 0)
                        {
                            anyHeld = true;
                            var held = _held[group][0];
                            await _broker.DeleteMessageAsync(_url, held.Handle);
                            held.Message.Deleted = true;
                            _deletedOrder[group].Add(held.Message.Index);
                            _held[group].RemoveAt(0);
                        }
                    }
                    if (!anyHeld) break;
                }
                await CheckCounts();
                foreach (var group in Groups)
                {
                    var expected = Enumerable.Range(0, _groups[group].Count).ToList();
                    var deleted = _deletedOrder[group];
                    if (_chaotic) Check(expected.SequenceEqual(deleted.OrderBy(i => i)), group + ": every message deleted exactly once");
                    else Check(expected.SequenceEqual(deleted), group + ": the deleted deliveries come in send order, each message once (deleted " + string.Join(",", deleted) + ")");
                }
            }

            private static async Task<SqsException?> Try(Func<Task> action)
            {
                try
                {
                    await action();
                    return null;
                }
                catch (SqsException e)
                {
                    return e;
                }
            }

            private void Check(bool condition, string rule)
            {
                if (!condition) throw new XunitException("seed " + _seed + (_chaotic ? " (chaotic consumer)" : "") + ", step " + _step + ": " + rule);
            }
        }
    }
}

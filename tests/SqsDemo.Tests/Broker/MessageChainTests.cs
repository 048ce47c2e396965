using System;
using System.Collections.Generic;
using System.Linq;
using SqsDemo.Engine.Broker.Embedded;
using Xunit;

namespace SqsDemo.Tests.Broker
{
    /// <summary>
    /// The broker's chained indices (<see cref="MessageChain{TLinks}"/>) against a SortedSet as the
    /// model: seeded random adds (mostly in order, some out of order, some at the front), removes,
    /// takes of the first and clears, with the first message, the count and the whole order compared
    /// after every step. Two chains of different kinds share the messages, as a queue's do.
    /// </summary>
    public sealed class MessageChainTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void Random_operations_keep_the_order_of_a_sorted_set(int seed)
        {
            var random = new Random(seed);
            var ready = new MessageChain<ReadyLinks>(ArrivalOrder.Instance);
            var age = new MessageChain<AgeLinks>(AgeOrder.Instance);
            var readyModel = new SortedSet<StoredMessage>(ArrivalOrder.Instance);
            var ageModel = new SortedSet<StoredMessage>(AgeOrder.Instance);
            var all = new List<StoredMessage>();
            long seq = 1_000;
            for (var step = 0; step < 3_000; step++)
            {
                var roll = random.Next(100);
                if (roll < 45 || all.Count == 0)
                {
                    // Mostly the next in order; sometimes older (a returning message), sometimes the oldest of all.
                    var kind = random.Next(10);
                    var s = kind < 7 ? ++seq : kind < 9 ? seq - random.Next(1, 500) : random.Next(0, 10);
                    if (all.Any(m => m.Seq == s)) continue;
                    var ticks = kind < 7 ? s * 10 : random.Next(0, (int)seq * 10);
                    var message = new StoredMessage(Guid.NewGuid(), new[] { (byte)'b' }, default, null, default, null, null, ticks) { Seq = s };
                    all.Add(message);
                    ready.Add(message);
                    readyModel.Add(message);
                    age.Add(message);
                    ageModel.Add(message);
                }
                else if (roll < 75)
                {
                    var message = all[random.Next(all.Count)];
                    Assert.Equal(readyModel.Remove(message), ready.Remove(message));
                    Assert.Equal(ageModel.Remove(message), age.Remove(message));
                    all.Remove(message);
                }
                else if (roll < 95)
                {
                    var first = ready.TakeFirst();
                    Assert.Same(readyModel.Count == 0 ? null : readyModel.Min, first);
                    if (first != null)
                    {
                        readyModel.Remove(first);
                        // Taken from one index, it stays in the other until removed there too.
                        Assert.Equal(ageModel.Remove(first), age.Remove(first));
                        all.Remove(first);
                    }
                }
                else if (roll < 97)
                {
                    ready.Clear();
                    readyModel.Clear();
                    age.Clear();
                    ageModel.Clear();
                    all.Clear();
                }
                else
                {
                    // Adding a member again changes nothing.
                    var message = all[random.Next(all.Count)];
                    ready.Add(message);
                    age.Add(message);
                }
                Assert.Equal(readyModel.Count, ready.Count);
                Assert.Equal(ageModel.Count, age.Count);
                Assert.Same(readyModel.Count == 0 ? null : readyModel.Min, ready.First);
                Assert.Same(ageModel.Count == 0 ? null : ageModel.Min, age.First);
                if (step % 50 == 0)
                {
                    Assert.Equal(readyModel.ToList(), ready.InOrder().ToList());
                    Assert.Equal(ageModel.ToList(), age.InOrder().ToList());
                }
            }
        }
    }
}

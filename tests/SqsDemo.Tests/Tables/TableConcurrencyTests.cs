using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables;
using Xunit;
using static SqsDemo.Tests.Tables.Items;

namespace SqsDemo.Tests.Tables
{
    /// <summary>
    /// Conditional writes are atomic under concurrency: many tasks race on one item, released together
    /// by one gate so they overlap; exactly one wins each put-if-absent round, and conditional
    /// increments (read, then write if unchanged, retry on failure) lose no update.
    /// </summary>
    public sealed class TableConcurrencyTests
    {
        private const int Racers = 16;
        private readonly EmbeddedTableStore _store = new EmbeddedTableStore();

        // Starts the racers, waits until every one is waiting at the gate, then opens it for all at once.
        private static Task[] Race(int racers, System.Func<int, Task> body)
        {
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var ready = 0;
            var tasks = Enumerable.Range(0, racers).Select(i => Task.Run(async () =>
            {
                Interlocked.Increment(ref ready);
                await gate.Task;
                await body(i);
            })).ToArray();
            SpinWait.SpinUntil(() => Volatile.Read(ref ready) == racers);
            gate.SetResult(true);
            return tasks;
        }

        [Fact]
        public async Task Exactly_one_put_if_absent_wins_each_round()
        {
            await CreateTable(_store, "claims", "message_id");
            for (var round = 0; round < 20; round++)
            {
                var winners = new int[Racers];
                var losers = 0;
                await Task.WhenAll(Race(Racers, async racer =>
                {
                    try
                    {
                        await _store.PutItemAsync(new PutItemRequest("claims", Item(("message_id", S("m" + round)), ("owner", S("racer-" + racer))))
                        {
                            ConditionExpression = "attribute_not_exists(message_id)",
                        });
                        winners[racer] = 1;
                    }
                    catch (ConditionalCheckFailedException)
                    {
                        Interlocked.Increment(ref losers);
                    }
                }));
                Assert.Equal((1, Racers - 1), (winners.Sum(), losers));
                var stored = await _store.GetItemAsync(new GetItemRequest("claims", Item(("message_id", S("m" + round)))));
                Assert.Equal("racer-" + System.Array.IndexOf(winners, 1), stored.Item["owner"].S);
            }
        }

        [Fact]
        public async Task Conditional_increments_lose_no_update()
        {
            const int incrementsEach = 50;
            await CreateTable(_store, "counters", "id");
            await _store.PutItemAsync(new PutItemRequest("counters", Item(("id", S("c")), ("version", N(0)))));
            var conflicts = 0;
            await Task.WhenAll(Race(Racers, async _ =>
            {
                for (var done = 0; done < incrementsEach;)
                {
                    var seen = (await _store.GetItemAsync(new GetItemRequest("counters", Item(("id", S("c")))))).Item["version"];
                    try
                    {
                        await _store.UpdateItemAsync(new UpdateItemRequest
                        {
                            TableName = "counters", Key = Item(("id", S("c"))), UpdateExpression = "SET version = version + :one",
                            ConditionExpression = "version = :seen", ExpressionAttributeValues = Values((":one", N(1)), (":seen", seen)),
                        });
                        done++;
                    }
                    catch (ConditionalCheckFailedException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }));
            var final = await _store.GetItemAsync(new GetItemRequest("counters", Item(("id", S("c")))));
            Assert.Equal((Racers * incrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), final.Item["version"].N);
        }

        [Fact]
        public async Task Transactions_across_two_tables_in_opposite_orders_neither_deadlock_nor_tear()
        {
            await CreateTable(_store, "left", "id");
            await CreateTable(_store, "right", "id");
            foreach (var table in new[] { "left", "right" })
                await _store.PutItemAsync(new PutItemRequest(table, Item(("id", S("x")), ("n", N(0)))));
            TransactWriteItem Add(string table) => new TransactWriteItem
            {
                Update = new Update { TableName = table, Key = Item(("id", S("x"))), UpdateExpression = "ADD n :one", ExpressionAttributeValues = Values((":one", N(1))) },
            };
            var all = Task.WhenAll(Race(Racers, async racer =>
            {
                for (var i = 0; i < 100; i++)
                {
                    var order = racer % 2 == 0 ? new[] { Add("left"), Add("right") } : new[] { Add("right"), Add("left") };
                    await _store.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = order.ToList() });
                }
            }));
            Assert.Same(all, await Task.WhenAny(all, Task.Delay(System.TimeSpan.FromMinutes(2))));
            await all;
            foreach (var table in new[] { "left", "right" })
                Assert.Equal((Racers * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), (await _store.GetItemAsync(new GetItemRequest(table, Item(("id", S("x")))))).Item["n"].N);
        }
    }
}

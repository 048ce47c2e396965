using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables;
using SqsDemo.Tests.Broker;
using Xunit;
using static SqsDemo.Tests.Tables.Items;

namespace SqsDemo.Tests.Tables
{
    /// <summary>
    /// TransactWriteItems' ClientRequestToken: a repeat within ten minutes (on the store's clock) of the
    /// commit applies nothing and succeeds; the token with other parameters is refused; a failed
    /// transaction does not use its token up; after the window the token is a new request.
    /// </summary>
    public sealed class TransactionTokenTests
    {
        private readonly ManualClock _clock = new ManualClock();
        private readonly EmbeddedTableStore _store;

        public TransactionTokenTests() => _store = new EmbeddedTableStore(_clock);

        private async Task<string> Table()
        {
            var name = "t-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            await CreateTable(_store, name, "id");
            await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("c")), ("n", N(0)))));
            return name;
        }

        // Adds `by` to the counter, and records the effect `effect` (absent before), in one transaction.
        private static TransactWriteItemsRequest AddOnce(string table, string? token, int by = 1, string effect = "e1") => new TransactWriteItemsRequest
        {
            ClientRequestToken = token,
            TransactItems = new List<TransactWriteItem>
            {
                new TransactWriteItem { Update = new Update { TableName = table, Key = Item(("id", S("c"))), UpdateExpression = "ADD n :by", ExpressionAttributeValues = Values((":by", N(by))) } },
                new TransactWriteItem { Put = new Put { TableName = table, Item = Item(("id", S(effect)), ("at", S("now"))), ConditionExpression = "attribute_not_exists(id)" } },
            },
        };

        private async Task<string> Counter(string table) => (await _store.GetItemAsync(new GetItemRequest(table, Item(("id", S("c")))))).Item["n"].N;

        [Fact]
        public async Task The_same_request_again_under_its_token_succeeds_without_applying_again()
        {
            var table = await Table();
            await _store.TransactWriteItemsAsync(AddOnce(table, "token-1"));
            _clock.Advance(TimeSpan.FromMinutes(9));
            await _store.TransactWriteItemsAsync(AddOnce(table, "token-1"));
            Assert.Equal("1", await Counter(table));

            // Without a token the same request is a new one: its put's condition now fails.
            await Assert.ThrowsAsync<TransactionCanceledException>(() => _store.TransactWriteItemsAsync(AddOnce(table, null)));
        }

        [Fact]
        public async Task The_order_a_client_wrote_its_keys_in_does_not_make_another_request()
        {
            var table = await Table();
            await _store.TransactWriteItemsAsync(AddOnce(table, "token-1"));
            var reordered = AddOnce(table, "token-1");
            var put = reordered.TransactItems[1].Put;
            put.Item = put.Item.Reverse().ToDictionary(kv => kv.Key, kv => kv.Value);

            await _store.TransactWriteItemsAsync(reordered);
            Assert.Equal("1", await Counter(table));
        }

        [Fact]
        public async Task The_token_with_other_parameters_is_IdempotentParameterMismatchException()
        {
            var table = await Table();
            await _store.TransactWriteItemsAsync(AddOnce(table, "token-1"));
            var other = AddOnce(table, "token-1", by: 5, effect: "e2");

            var error = await Assert.ThrowsAsync<IdempotentParameterMismatchException>(() => _store.TransactWriteItemsAsync(other));
            Assert.Equal(("IdempotentParameterMismatchException", HttpStatusCode.BadRequest), (error.ErrorCode, error.StatusCode));
            var capacity = AddOnce(table, "token-1");
            capacity.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
            await Assert.ThrowsAsync<IdempotentParameterMismatchException>(() => _store.TransactWriteItemsAsync(capacity));
            Assert.Equal("1", await Counter(table));
        }

        [Fact]
        public async Task Ten_minutes_after_the_commit_the_token_is_a_new_request()
        {
            var table = await Table();
            await _store.TransactWriteItemsAsync(AddOnce(table, "token-1"));
            _clock.Advance(TransactionTokens.Window - TimeSpan.FromSeconds(1));
            await _store.TransactWriteItemsAsync(AddOnce(table, "token-2", by: 5, effect: "e2"));
            await _store.TransactWriteItemsAsync(AddOnce(table, "token-1"));
            Assert.Equal("6", await Counter(table));

            _clock.Advance(TimeSpan.FromSeconds(1));
            // token-1 is forgotten: other parameters under it are a new transaction, not a mismatch.
            await _store.TransactWriteItemsAsync(AddOnce(table, "token-1", by: 10, effect: "e3"));
            Assert.Equal("16", await Counter(table));
        }

        [Fact]
        public async Task A_transaction_that_failed_does_not_use_its_token_up()
        {
            var table = await Table();
            await _store.PutItemAsync(new PutItemRequest(table, Item(("id", S("e1")))));
            await Assert.ThrowsAsync<TransactionCanceledException>(() => _store.TransactWriteItemsAsync(AddOnce(table, "token-1")));
            await _store.DeleteItemAsync(new DeleteItemRequest(table, Item(("id", S("e1")))));

            await _store.TransactWriteItemsAsync(AddOnce(table, "token-1"));
            Assert.Equal("1", await Counter(table));
        }

        [Theory]
        [InlineData(36, null)]
        [InlineData(37, "Member must have length less than or equal to 36")]
        [InlineData(0, "Member must have length greater than or equal to 1")]
        public async Task A_token_is_1_to_36_characters(int length, string? refusal)
        {
            var table = await Table();
            var token = new string('t', length);
            var sent = _store.TransactWriteItemsAsync(AddOnce(table, token));
            if (refusal == null)
            {
                await sent;
                return;
            }
            var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => sent);
            Assert.Equal(("ValidationException", "1 validation error detected: Value '" + token + "' at 'clientRequestToken' failed to satisfy constraint: " + refusal), (error.ErrorCode, error.Message));
        }

        [Fact]
        public async Task Concurrent_requests_under_one_token_apply_once()
        {
            const int callers = 8, rounds = 20;
            var table = await Table();
            for (var round = 0; round < rounds; round++)
            {
                // Every caller waits at the gate, so the repeats arrive while the first runs or just after it committed.
                var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                var token = "token-" + round;
                var effect = "e" + round;
                var calls = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
                {
                    await gate.Task;
                    try
                    {
                        await _store.TransactWriteItemsAsync(AddOnce(table, token, effect: effect));
                        return "ok";
                    }
                    catch (TransactionInProgressException e)
                    {
                        return e.ErrorCode;
                    }
                })).ToArray();
                gate.SetResult(true);
                var outcomes = await Task.WhenAll(calls);

                Assert.All(outcomes, o => Assert.Contains(o, new[] { "ok", "TransactionInProgressException" }));
                Assert.Equal((round + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await Counter(table));
            }
        }

        [Fact]
        public void Tokens_past_their_window_are_forgotten()
        {
            var tokens = new TransactionTokens();
            var now = DateTimeOffset.UnixEpoch;
            for (var i = 0; i < 100; i++)
            {
                Assert.True(tokens.Claim("t" + i, "same", now));
                tokens.Commit("t" + i, now);
            }
            Assert.False(tokens.Claim("t0", "same", now + TransactionTokens.Window - TimeSpan.FromTicks(1)));
            Assert.Equal(100, tokens.Count);

            Assert.True(tokens.Claim("fresh", "same", now + TransactionTokens.Window));
            Assert.Equal(1, tokens.Count);
        }
    }
}

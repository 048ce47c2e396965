using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables;
using Xunit;
using static SqsDemo.Tests.Tables.Items;

namespace SqsDemo.Tests.Tables
{
    /// <summary>TransactWriteItems: all or nothing across tables, with the cancellation reasons in request order.</summary>
    public sealed class TableTransactionTests
    {
        private readonly EmbeddedTableStore _store = new EmbeddedTableStore();

        private async Task<(string Status, string Effects)> Tables()
        {
            await CreateTable(_store, "status", "message_id");
            await CreateTable(_store, "effects", "message_id");
            await _store.PutItemAsync(new PutItemRequest("status", Item(("message_id", S("m1")), ("status", S("STARTED")), ("attempts", N(1)))));
            return ("status", "effects");
        }

        private static TransactWriteItem MarkDone(string table) => new TransactWriteItem
        {
            Update = new Update
            {
                TableName = table, Key = Item(("message_id", S("m1"))), UpdateExpression = "SET #s = :done",
                ConditionExpression = "#s = :started", ExpressionAttributeNames = Names(("#s", "status")),
                ExpressionAttributeValues = Values((":done", S("COMPLETED")), (":started", S("STARTED"))),
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            },
        };

        private static TransactWriteItem RecordEffect(string table, string key) => new TransactWriteItem
        {
            Put = new Put { TableName = table, Item = Item(("message_id", S(key)), ("performed_at", S("now"))), ConditionExpression = "attribute_not_exists(message_id)" },
        };

        [Fact]
        public async Task All_writes_land_when_every_condition_holds()
        {
            var (status, effects) = await Tables();
            await _store.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = new List<TransactWriteItem> { RecordEffect(effects, "m1"), MarkDone(status) } });
            Assert.Equal("S'COMPLETED'", Text((await _store.GetItemAsync(new GetItemRequest(status, Item(("message_id", S("m1")))))).Item["status"]));
            Assert.NotNull((await _store.GetItemAsync(new GetItemRequest(effects, Item(("message_id", S("m1")))))).Item);
        }

        [Fact]
        public async Task One_failing_condition_cancels_every_write_with_reasons_in_order()
        {
            var (status, effects) = await Tables();
            await _store.PutItemAsync(new PutItemRequest(effects, Item(("message_id", S("m1")))));
            var request = new TransactWriteItemsRequest
            {
                TransactItems = new List<TransactWriteItem>
                {
                    MarkDone(status),
                    RecordEffect(effects, "biz:order:7"),
                    RecordEffect(effects, "m1"),
                    new TransactWriteItem { ConditionCheck = new ConditionCheck { TableName = status, Key = Item(("message_id", S("m9"))), ConditionExpression = "attribute_exists(message_id)" } },
                },
            };
            var canceled = await Assert.ThrowsAsync<TransactionCanceledException>(() => _store.TransactWriteItemsAsync(request));
            Assert.Equal("TransactionCanceledException", canceled.ErrorCode);
            Assert.Equal(new[] { "None", "None", "ConditionalCheckFailed", "ConditionalCheckFailed" }, canceled.CancellationReasons.Select(r => r.Code));
            Assert.Equal("Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ConditionalCheckFailed, ConditionalCheckFailed]", canceled.Message);
            Assert.Null(canceled.CancellationReasons[2].Item); // that Put did not ask for ALL_OLD
            Assert.Equal("S'STARTED'", Text((await _store.GetItemAsync(new GetItemRequest(status, Item(("message_id", S("m1")))))).Item["status"]));
            Assert.Null((await _store.GetItemAsync(new GetItemRequest(effects, Item(("message_id", S("biz:order:7")))))).Item);
        }

        [Fact]
        public async Task A_failed_update_reports_the_old_item_when_asked()
        {
            var (status, _) = await Tables();
            await _store.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = new List<TransactWriteItem> { MarkDone(status) } });
            var canceled = await Assert.ThrowsAsync<TransactionCanceledException>(() =>
                _store.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = new List<TransactWriteItem> { MarkDone(status) } }));
            Assert.Equal("{attempts: N1, message_id: S'm1', status: S'COMPLETED'}", Text(canceled.CancellationReasons.Single().Item));
        }

        [Fact]
        public async Task Two_operations_on_one_item_are_refused()
        {
            var (status, _) = await Tables();
            var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems = new List<TransactWriteItem> { MarkDone(status), RecordEffect(status, "m1") },
            }));
            Assert.Equal(("ValidationException", "Transaction request cannot include multiple operations on one item"), (error.ErrorCode, error.Message));
        }
    }
}

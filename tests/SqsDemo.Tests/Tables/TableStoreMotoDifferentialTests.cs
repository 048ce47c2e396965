// Differential tests: one request sequence against EmbeddedTableStore and against moto (through
// AwsTableStore over the SDK's AmazonDynamoDBClient); the items each answers and the error codes
// must agree, and the messages too where moto words them as AWS documents.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Tables;
using SqsDemo.Tests.Moto;
using Xunit;
using static SqsDemo.Tests.Tables.Items;

namespace SqsDemo.Tests.Tables
{
    [Collection(MotoCollection.Name)]
    public sealed class TableStoreMotoDifferentialTests
    {
        private readonly MotoServer _moto;

        public TableStoreMotoDifferentialTests(MotoServer moto) => _moto = moto;

        /// <summary>
        /// One step of the sequence: its answer as text. Message: whether an error's message is compared too.
        /// Aws: where moto departs from AWS, what AWS answers; the embedded store must answer that instead.
        /// </summary>
        private sealed record Step(string Name, Func<ITableStore, Task<string>> Run, bool Message = true, string? Aws = null);

        private async Task<List<string>> Play(ITableStore store, IEnumerable<Step> steps)
        {
            var outcomes = new List<string>();
            foreach (var step in steps)
            {
                try
                {
                    outcomes.Add(step.Name + " -> " + await step.Run(store));
                }
                catch (AmazonDynamoDBException e)
                {
                    var extra = e is ConditionalCheckFailedException c ? " old=" + Text(c.Item)
                        : e is TransactionCanceledException t ? " reasons=" + string.Join(",", t.CancellationReasons.Select(r => r.Code + (r.Item == null ? "" : Text(r.Item)))) : "";
                    outcomes.Add(step.Name + " -> " + e.ErrorCode + (step.Message ? ": " + e.Message : "") + extra);
                }
            }
            return outcomes;
        }

        private async Task Compare(Func<string, IEnumerable<Step>> sequence)
        {
            var suffix = Guid.NewGuid().ToString("N").Substring(0, 8);
            var steps = sequence(suffix).ToList();
            var embedded = await Play(new EmbeddedTableStore(), steps);
            using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"),
                new AmazonDynamoDBConfig { ServiceURL = _moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region, MaxErrorRetry = 0 });
            var moto = await Play(new AwsTableStore(client), steps);
            for (var i = 0; i < steps.Count; i++)
            {
                var expected = steps[i].Aws is string aws ? steps[i].Name + " -> " + aws : moto[i];
                Assert.Equal(expected, embedded[i]);
            }
        }

        private static Func<ITableStore, Task<string>> Get(string table, Dictionary<string, AttributeValue> key) =>
            async s => Text((await s.GetItemAsync(new GetItemRequest(table, key))).Item);

        [MotoFact]
        public Task Single_item_writes_conditions_and_updates_agree_with_moto() => Compare(suffix =>
        {
            var t = "items-" + suffix;
            var key = Item(("pk", S("a")));
            return new[]
            {
                new Step("create", async s => (await CreateTable(s, t, "pk")).TableDescription.TableName),
                new Step("create again", async s => (await CreateTable(s, t, "pk")).TableDescription.TableName, Message: false),
                new Step("put", async s => Text((await s.PutItemAsync(new PutItemRequest(t, Item(("pk", S("a")), ("n", N(5)), ("tags", SS("p", "q")), ("l", L(N(1))), ("m", M(("x", S("y")))))))).Attributes)),
                new Step("get", Get(t, key)),
                new Step("put if absent", async s => Text((await s.PutItemAsync(new PutItemRequest(t, Item(("pk", S("a")))) { ConditionExpression = "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD })).Attributes)),
                new Step("update", async s => Text((await s.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = t, Key = key, ReturnValues = ReturnValue.ALL_NEW,
                    UpdateExpression = "SET n = n + :two, c = if_not_exists(c, :zero) - :two, l = list_append(l, :more), m.z = :two REMOVE m.x ADD tags :r, k :two",
                    ExpressionAttributeValues = Values((":two", N(2)), (":zero", N(0)), (":more", L(S("x"))), (":r", SS("r"))),
                })).Attributes)),
                new Step("update old", async s => Text((await s.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = t, Key = key, ReturnValues = ReturnValue.UPDATED_OLD, UpdateExpression = "DELETE tags :p SET n = :one",
                    ExpressionAttributeValues = Values((":p", SS("p")), (":one", N(1))),
                })).Attributes)),
                new Step("conditions that hold", async s => Text((await s.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = t, Key = key, ReturnValues = ReturnValue.UPDATED_NEW, UpdateExpression = "SET ok = :t",
                    ConditionExpression = "begins_with(#m.z, :no) OR (contains(tags, :q) AND size(l) = :two AND n IN (:one, :two) AND c BETWEEN :lo AND :hi AND NOT attribute_type(n, :s))",
                    ExpressionAttributeNames = Names(("#m", "m")),
                    ExpressionAttributeValues = Values((":t", Bool(true)), (":no", S("x")), (":q", S("q")), (":two", N(2)), (":one", N(1)), (":lo", N(-5)), (":hi", N(0)), (":s", S("S"))),
                })).Attributes)),
                new Step("condition that fails", async s => Text((await s.DeleteItemAsync(new DeleteItemRequest
                {
                    TableName = t, Key = key, ConditionExpression = "n > :one", ExpressionAttributeValues = Values((":one", N(1))),
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                })).Attributes)),
                // moto answers no item; AWS refuses a key whose type differs from the schema.
                new Step("key of the wrong type", Get(t, Item(("pk", N(1)))), Aws: "ValidationException: The provided key element does not match the schema"),
                new Step("key with an extra attribute", Get(t, Item(("pk", S("a")), ("n", N(1))))),
                // moto 5.2.1 fails this request with an internal error; AWS answers a ValidationException.
                new Step("undefined name", async s => Text((await s.PutItemAsync(new PutItemRequest(t, Item(("pk", S("elsewhere")))) { ConditionExpression = "#x = :v", ExpressionAttributeValues = Values((":v", N(1))) })).Attributes),
                    Aws: "ValidationException: An expression attribute name used in the document path is not defined; attribute name: #x"),
                // moto does not check for unused values on PutItem; AWS refuses them. (Another key, so moto's put changes nothing.)
                new Step("unused value", async s => Text((await s.PutItemAsync(new PutItemRequest(t, Item(("pk", S("elsewhere")))) { ConditionExpression = "n = :v", ExpressionAttributeValues = Values((":v", N(1)), (":x", N(2))) })).Attributes),
                    Aws: "ValidationException: Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"),
                // moto words syntax errors its own way (and names other tokens); the error code must agree.
                new Step("syntax error", async s => Text((await s.UpdateItemAsync(new UpdateItemRequest { TableName = t, Key = key, UpdateExpression = "SET n = = :v", ExpressionAttributeValues = Values((":v", N(1))) })).Attributes), Message: false),
                new Step("delete", async s => Text((await s.DeleteItemAsync(new DeleteItemRequest { TableName = t, Key = key, ReturnValues = ReturnValue.ALL_OLD })).Attributes)),
                new Step("get deleted", Get(t, key)),
                new Step("delete table", async s => (await s.DeleteTableAsync(new DeleteTableRequest(t))).TableDescription.TableName),
                new Step("get from a deleted table", Get(t, key), Message: false),
            };
        });

        [MotoFact]
        public Task Reserved_words_are_refused_and_placeholders_accepted_as_moto_does() => Compare(suffix =>
        {
            var t = "reserved-" + suffix;
            var key = Item(("pk", S("a")), ("status", S("STARTED")));
            string Refusal(string kind, string word) => "ValidationException: Invalid " + kind + ": Attribute name is a reserved keyword; reserved keyword: " + word;
            static string Page(IEnumerable<Dictionary<string, AttributeValue>> items) => string.Join(" ", items.Select(Text));
            return new[]
            {
                new Step("create", async s => (await CreateTable(s, t, "pk", "S", "status", "S")).TableDescription.TableName),
                new Step("put", async s => Text((await s.PutItemAsync(new PutItemRequest(t, Item(("pk", S("a")), ("status", S("STARTED")), ("data", M(("name", S("x")))), ("attempts", N(1)))))).Attributes)),
                new Step("condition naming status", async s => Text((await s.DeleteItemAsync(new DeleteItemRequest { TableName = t, Key = key, ConditionExpression = "status = :s", ExpressionAttributeValues = Values((":s", S("DONE"))) })).Attributes)),
                new Step("condition naming #status", async s => Text((await s.PutItemAsync(new PutItemRequest(t, Item(("pk", S("a")), ("status", S("STARTED")), ("data", M(("name", S("x")))), ("attempts", N(1)))) { ConditionExpression = "#s = :s", ExpressionAttributeNames = Names(("#s", "status")), ExpressionAttributeValues = Values((":s", S("STARTED"))) })).Attributes)),
                new Step("update naming Comment", async s => Text((await s.UpdateItemAsync(new UpdateItemRequest { TableName = t, Key = key, UpdateExpression = "SET attempts = attempts + :one, Comment = :c", ExpressionAttributeValues = Values((":one", N(1)), (":c", S("looked at"))) })).Attributes)),
                new Step("update naming #Comment", async s => Text((await s.UpdateItemAsync(new UpdateItemRequest { TableName = t, Key = key, ReturnValues = ReturnValue.UPDATED_NEW, UpdateExpression = "SET attempts = attempts + :one, #c = :c", ExpressionAttributeNames = Names(("#c", "Comment")), ExpressionAttributeValues = Values((":one", N(1)), (":c", S("looked at"))) })).Attributes)),
                // moto 5.2.1 checks no reserved words in a KeyConditionExpression (it answers the item); AWS refuses them there too.
                new Step("key condition naming status", async s => Page((await s.QueryAsync(new QueryRequest { TableName = t, KeyConditionExpression = "pk = :p AND status = :s", ExpressionAttributeValues = Values((":p", S("a")), (":s", S("STARTED"))) })).Items),
                    Aws: Refusal("KeyConditionExpression", "status")),
                new Step("key condition naming #status", async s => Page((await s.QueryAsync(new QueryRequest { TableName = t, KeyConditionExpression = "pk = :p AND #s = :s", ExpressionAttributeNames = Names(("#s", "status")), ExpressionAttributeValues = Values((":p", S("a")), (":s", S("STARTED"))) })).Items)),
                // moto parses a filter as a ConditionExpression and says so in the message; AWS names the FilterExpression.
                new Step("filter naming Status", async s => Page((await s.ScanAsync(new ScanRequest { TableName = t, FilterExpression = "Status = :s", ExpressionAttributeValues = Values((":s", S("STARTED"))) })).Items),
                    Aws: Refusal("FilterExpression", "Status")),
                new Step("filter naming #status", async s => Page((await s.ScanAsync(new ScanRequest { TableName = t, FilterExpression = "#s = :s", ExpressionAttributeNames = Names(("#s", "status")), ExpressionAttributeValues = Values((":s", S("STARTED"))) })).Items)),
                // moto words it "ProjectionExpression: ..." without AWS's "Invalid " (and checks only whole top-level names).
                new Step("projection naming data", async s => Text((await s.GetItemAsync(new GetItemRequest { TableName = t, Key = key, ProjectionExpression = "pk, data" })).Item),
                    Aws: Refusal("ProjectionExpression", "data")),
                new Step("projection naming #data", async s => Text((await s.GetItemAsync(new GetItemRequest { TableName = t, Key = key, ProjectionExpression = "pk, #d", ExpressionAttributeNames = Names(("#d", "data")) })).Item)),
                new Step("delete table", async s => (await s.DeleteTableAsync(new DeleteTableRequest(t))).TableDescription.TableName),
            };
        });

        [MotoFact]
        public Task Queries_scans_batches_and_transactions_agree_with_moto() => Compare(suffix =>
        {
            var t = "reads-" + suffix;
            QueryRequest Query(int? limit, bool forward, Dictionary<string, AttributeValue>? start = null) => new QueryRequest
            {
                TableName = t, KeyConditionExpression = "pk = :p AND sk BETWEEN :lo AND :hi", FilterExpression = "odd = :f",
                ExpressionAttributeValues = Values((":p", S("x")), (":lo", N(2)), (":hi", N(9)), (":f", Bool(false))),
                Limit = limit, ScanIndexForward = forward, ExclusiveStartKey = start,
            };
            static string Page(QueryResponse r) => string.Join(",", r.Items.Select(i => i["sk"].N)) + " count=" + r.Count + " scanned=" + r.ScannedCount;
            return new[]
            {
                new Step("create", async s => (await CreateTable(s, t, "pk", "S", "sk", "N")).TableDescription.TableName),
                new Step("batch write", async s =>
                {
                    var puts = Enumerable.Range(1, 10).Select(i => new WriteRequest(new PutRequest(Item(("pk", S(i <= 8 ? "x" : "y")), ("sk", N(i)), ("odd", Bool(i % 2 == 1)))))).ToList();
                    return (await s.BatchWriteItemAsync(new BatchWriteItemRequest(new Dictionary<string, List<WriteRequest>> { [t] = puts }))).UnprocessedItems.Count.ToString();
                }),
                new Step("query forward", async s => Page(await s.QueryAsync(Query(null, true)))),
                new Step("query backward", async s => Page(await s.QueryAsync(Query(null, false)))),
                new Step("query first page of 3", async s => { var r = await s.QueryAsync(Query(3, true)); return Page(r) + " next=" + Text(r.LastEvaluatedKey); }),
                new Step("query second page of 3", async s => { var r = await s.QueryAsync(Query(3, true, Item(("pk", S("x")), ("sk", N(4))))); return Page(r) + " next=" + Text(r.LastEvaluatedKey); }),
                new Step("query begins_with on a number", async s => Page(await s.QueryAsync(new QueryRequest { TableName = t, KeyConditionExpression = "pk = :p AND begins_with(sk, :one)", ExpressionAttributeValues = Values((":p", S("x")), (":one", S("1"))) })),
                    // moto answers no items; AWS refuses a key condition value whose type is not the sort key's.
                    Aws: "ValidationException: One or more parameter values were invalid: Condition parameter type does not match schema type"),
                new Step("query without the hash key", async s => Page(await s.QueryAsync(new QueryRequest { TableName = t, KeyConditionExpression = "sk = :one", ExpressionAttributeValues = Values((":one", N(1))) })), Message: false),
                new Step("scan", async s =>
                {
                    var r = await s.ScanAsync(new ScanRequest { TableName = t, FilterExpression = "sk > :five", ProjectionExpression = "pk, sk", ExpressionAttributeValues = Values((":five", N(5))) });
                    return string.Join(" ", r.Items.Select(Text).OrderBy(x => x, StringComparer.Ordinal)) + " count=" + r.Count + " scanned=" + r.ScannedCount;
                }),
                new Step("batch get", async s =>
                {
                    var r = await s.BatchGetItemAsync(new BatchGetItemRequest(new Dictionary<string, KeysAndAttributes> { [t] = new KeysAndAttributes { Keys = new List<Dictionary<string, AttributeValue>> { Item(("pk", S("y")), ("sk", N(9))), Item(("pk", S("y")), ("sk", N(99))) } } }));
                    return string.Join(" ", r.Responses[t].Select(Text));
                }),
                new Step("transaction that fails", async s =>
                {
                    await s.TransactWriteItemsAsync(new TransactWriteItemsRequest
                    {
                        TransactItems = new List<TransactWriteItem>
                        {
                            new TransactWriteItem { Put = new Put { TableName = t, Item = Item(("pk", S("z")), ("sk", N(1))) } },
                            new TransactWriteItem { Update = new Update { TableName = t, Key = Item(("pk", S("x")), ("sk", N(1))), UpdateExpression = "SET odd = :f", ConditionExpression = "odd = :f", ExpressionAttributeValues = Values((":f", Bool(false))), ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD } },
                        },
                    });
                    return "committed";
                }, Message: false),
                new Step("nothing of it landed", Get(t, Item(("pk", S("z")), ("sk", N(1))))),
                new Step("transaction that holds", async s =>
                {
                    await s.TransactWriteItemsAsync(new TransactWriteItemsRequest
                    {
                        TransactItems = new List<TransactWriteItem>
                        {
                            new TransactWriteItem { Put = new Put { TableName = t, Item = Item(("pk", S("z")), ("sk", N(1))), ConditionExpression = "attribute_not_exists(pk)" } },
                            new TransactWriteItem { Delete = new Delete { TableName = t, Key = Item(("pk", S("x")), ("sk", N(1))) } },
                        },
                    });
                    return "committed";
                }),
                new Step("all of it landed", async s => await Get(t, Item(("pk", S("z")), ("sk", N(1))))(s) + " " + await Get(t, Item(("pk", S("x")), ("sk", N(1))))(s)),
                new Step("delete table", async s => (await s.DeleteTableAsync(new DeleteTableRequest(t))).TableDescription.TableName),
            };
        });
    }
}

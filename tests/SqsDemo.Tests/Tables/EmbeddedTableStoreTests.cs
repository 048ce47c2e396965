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
    /// <summary>The embedded store's operations, each with DynamoDB's answers and errors.</summary>
    public sealed class EmbeddedTableStoreTests
    {
        private readonly EmbeddedTableStore _store = new EmbeddedTableStore();

        private async Task<string> Table(string? range = null, string rangeType = "S")
        {
            var name = "t-" + System.Guid.NewGuid().ToString("N").Substring(0, 8);
            await CreateTable(_store, name, "id", "S", range, rangeType);
            return name;
        }

        [Fact]
        public async Task A_table_is_created_described_listed_and_deleted()
        {
            var name = await Table(range: "n", rangeType: "N");
            await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("a")), ("n", N(1)))));
            var described = (await _store.DescribeTableAsync(new DescribeTableRequest(name))).Table;
            Assert.Equal(TableStatus.ACTIVE, described.TableStatus);
            Assert.Equal(1, described.ItemCount);
            Assert.Equal(new[] { "id:HASH", "n:RANGE" }, described.KeySchema.Select(k => k.AttributeName + ":" + k.KeyType));
            Assert.Equal(new[] { "id:S", "n:N" }, described.AttributeDefinitions.Select(d => d.AttributeName + ":" + d.AttributeType));
            var again = await Assert.ThrowsAsync<ResourceInUseException>(() => CreateTable(_store, name, "id"));
            Assert.Equal("ResourceInUseException", again.ErrorCode);
            await _store.DeleteTableAsync(new DeleteTableRequest(name));
            var gone = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _store.DescribeTableAsync(new DescribeTableRequest(name)));
            Assert.Equal("Requested resource not found: Table: " + name + " not found", gone.Message);
            await Assert.ThrowsAsync<ResourceNotFoundException>(() => _store.GetItemAsync(new GetItemRequest(name, Item(("id", S("a")), ("n", N(1))))));
        }

        [Fact]
        public async Task ListTables_pages_in_name_order()
        {
            foreach (var name in new[] { "ccc", "aaa", "bbb" }) await CreateTable(_store, name, "id");
            var first = await _store.ListTablesAsync(new ListTablesRequest { Limit = 2 });
            Assert.Equal(new[] { "aaa", "bbb" }, first.TableNames);
            Assert.Equal("bbb", first.LastEvaluatedTableName);
            var second = await _store.ListTablesAsync(new ListTablesRequest { Limit = 2, ExclusiveStartTableName = "bbb" });
            Assert.Equal(new[] { "ccc" }, second.TableNames);
            Assert.Null(second.LastEvaluatedTableName);
        }

        [Fact]
        public async Task A_key_that_does_not_match_the_schema_is_refused_in_DynamoDBs_words()
        {
            var name = await Table();
            var wrongType = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.GetItemAsync(new GetItemRequest(name, Item(("id", N(1))))));
            Assert.Equal(("ValidationException", "The provided key element does not match the schema"), (wrongType.ErrorCode, wrongType.Message));
            var extra = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.DeleteItemAsync(new DeleteItemRequest(name, Item(("id", S("a")), ("x", S("b"))))));
            Assert.Equal("The provided key element does not match the schema", extra.Message);
            var missing = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.PutItemAsync(new PutItemRequest(name, Item(("x", S("a"))))));
            Assert.Equal("One or more parameter values were invalid: Missing the key id in the item", missing.Message);
            var mistyped = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.PutItemAsync(new PutItemRequest(name, Item(("id", N(1))))));
            Assert.Equal("One or more parameter values were invalid: Type mismatch for key id expected: S actual: N", mistyped.Message);
        }

        [Fact]
        public async Task An_item_over_400_KB_is_refused_and_one_just_under_is_stored()
        {
            var name = await Table();
            var tooBig = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("a")), ("body", S(new string('x', 400 * 1024)))))));
            Assert.Equal(("ValidationException", "Item size has exceeded the maximum allowed size"), (tooBig.ErrorCode, tooBig.Message));
            await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("a")), ("body", S(new string('x', 400 * 1024 - 10))))));
        }

        [Fact]
        public async Task A_failed_condition_answers_the_old_item_when_asked()
        {
            var name = await Table();
            await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("a")), ("status", S("DONE")))));
            var request = new PutItemRequest(name, Item(("id", S("a")), ("status", S("STARTED"))))
            {
                ConditionExpression = "attribute_not_exists(id)",
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            };
            var failed = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => _store.PutItemAsync(request));
            Assert.Equal(("ConditionalCheckFailedException", "The conditional request failed"), (failed.ErrorCode, failed.Message));
            Assert.Equal("{id: S'a', status: S'DONE'}", Text(failed.Item));
            request.ReturnValuesOnConditionCheckFailure = null;
            Assert.Null((await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => _store.PutItemAsync(request))).Item);
            var stored = await _store.GetItemAsync(new GetItemRequest(name, Item(("id", S("a")))));
            Assert.Equal("{id: S'a', status: S'DONE'}", Text(stored.Item));
        }

        [Fact]
        public async Task UpdateItem_applies_SET_REMOVE_ADD_and_DELETE_and_answers_each_ReturnValues()
        {
            var name = await Table();
            var key = Item(("id", S("a")));
            await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("a")), ("n", N(5)), ("gone", S("x")), ("tags", SS("q")), ("del", SS("p", "q")), ("l", L(N(1))))));
            var update = new UpdateItemRequest
            {
                TableName = name,
                Key = key,
                // count is one of DynamoDB's reserved words: an expression names it through a placeholder.
                UpdateExpression = "SET n = n + :two, fresh = if_not_exists(fresh, :zero) - :two, l = list_append(l, :more) REMOVE gone ADD #count :two, tags :r DELETE del :p",
                ExpressionAttributeNames = Names(("#count", "count")),
                ExpressionAttributeValues = Values((":two", N(2)), (":zero", N(0)), (":more", L(S("x"))), (":r", SS("r")), (":p", SS("p"))),
                ReturnValues = ReturnValue.UPDATED_NEW,
            };
            var updated = await _store.UpdateItemAsync(update);
            Assert.Equal("{count: N2, del: SS[q], fresh: N-2, l: [N1, S'x'], n: N7, tags: SS[q,r]}", Text(updated.Attributes));
            var all = await _store.GetItemAsync(new GetItemRequest(name, key));
            Assert.Equal("{count: N2, del: SS[q], fresh: N-2, id: S'a', l: [N1, S'x'], n: N7, tags: SS[q,r]}", Text(all.Item));

            Task<UpdateItemResponse> Increment(ReturnValue returnValue) => _store.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = name, Key = key, UpdateExpression = "SET n = n + :one",
                ExpressionAttributeValues = Values((":one", N(1))), ReturnValues = returnValue,
            });
            Assert.Equal("{n: N7}", Text((await Increment(ReturnValue.UPDATED_OLD)).Attributes));
            Assert.Equal("{count: N2, del: SS[q], fresh: N-2, id: S'a', l: [N1, S'x'], n: N8, tags: SS[q,r]}", Text((await Increment(ReturnValue.ALL_OLD)).Attributes));
            Assert.Equal("{count: N2, del: SS[q], fresh: N-2, id: S'a', l: [N1, S'x'], n: N10, tags: SS[q,r]}", Text((await Increment(ReturnValue.ALL_NEW)).Attributes));
            Assert.Null((await Increment(ReturnValue.NONE)).Attributes);
        }

        [Fact]
        public async Task UpdateItem_creates_the_item_when_absent_and_refuses_a_key_attribute()
        {
            var name = await Table();
            var created = await _store.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = name, Key = Item(("id", S("new"))), UpdateExpression = "ADD attempts :one",
                ExpressionAttributeValues = Values((":one", N(1))), ReturnValues = ReturnValue.ALL_NEW,
            });
            Assert.Equal("{attempts: N1, id: S'new'}", Text(created.Attributes));
            var key = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = name, Key = Item(("id", S("new"))), UpdateExpression = "SET id = :x", ExpressionAttributeValues = Values((":x", S("y"))),
            }));
            Assert.Equal("One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key", key.Message);
            var overlap = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = name, Key = Item(("id", S("new"))), UpdateExpression = "SET a = :x REMOVE a.b", ExpressionAttributeValues = Values((":x", S("y"))),
            }));
            Assert.Equal("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]", overlap.Message);
        }

        [Theory]
        [InlineData("#x = :v", null, ":v", "An expression attribute name used in the document path is not defined; attribute name: #x")]
        [InlineData("a = :w", null, ":v", "An expression attribute value used in expression is not defined; attribute value: :w")]
        [InlineData("a = :v", null, ":v,:x", "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}")]
        [InlineData("a = :v", "#n", ":v", "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}")]
        [InlineData("a = :v", null, ":v,x", "ExpressionAttributeValues contains invalid key: Syntax error; key: \"x\"")]
        public async Task Placeholders_are_checked_as_DynamoDB_checks_them(string condition, string? name, string values, string message)
        {
            var table = await Table();
            var request = new PutItemRequest(table, Item(("id", S("a"))))
            {
                ConditionExpression = condition,
                ExpressionAttributeNames = name == null ? null : Names((name, "n")),
                ExpressionAttributeValues = values.Split(',').ToDictionary(v => v, _ => S("1")),
            };
            var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.PutItemAsync(request));
            Assert.Equal(("ValidationException", message), (error.ErrorCode, error.Message));
        }

        [Fact]
        public async Task Numbers_keep_38_digits_and_compare_by_value()
        {
            var name = await Table();
            var key = Item(("id", S("a")));
            await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("a")), ("n", N("99999999999999999999999999999999999998")), ("x", N("1.50")))));
            var updated = await _store.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = name, Key = key, UpdateExpression = "SET n = n + :one", ConditionExpression = "x = :x AND n > :big",
                ExpressionAttributeValues = Values((":one", N(1)), (":x", N("1.5")), (":big", N("99999999999999999999999999999999999997"))),
                ReturnValues = ReturnValue.UPDATED_NEW,
            });
            Assert.Equal("{n: N99999999999999999999999999999999999999}", Text(updated.Attributes));
            var overflow = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = name, Key = key, UpdateExpression = "SET n = n + :tenth", ExpressionAttributeValues = Values((":tenth", N("0.1"))),
            }));
            Assert.Equal("Attempting to store more than 38 significant digits in a Number", overflow.Message);
        }

        [Fact]
        public async Task Query_reads_one_partition_in_sort_order_with_conditions_filters_and_pages()
        {
            var name = await Table(range: "n", rangeType: "N");
            for (var i = 1; i <= 10; i++)
                await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S(i % 2 == 0 ? "even" : "odd")), ("n", N(i)), ("big", Bool(i > 5)))));
            QueryRequest Between(int? limit = null, bool forward = true) => new QueryRequest
            {
                TableName = name, KeyConditionExpression = "id = :p AND n BETWEEN :lo AND :hi", FilterExpression = "big = :t",
                ExpressionAttributeValues = Values((":p", S("even")), (":lo", N(2)), (":hi", N(10)), (":t", Bool(true))),
                Limit = limit, ScanIndexForward = forward,
            };
            var all = await _store.QueryAsync(Between());
            Assert.Equal(new[] { "6", "8", "10" }, all.Items.Select(i => i["n"].N));
            Assert.Equal((3, 5), (all.Count, all.ScannedCount));
            Assert.Null(all.LastEvaluatedKey);
            var backwards = await _store.QueryAsync(Between(forward: false));
            Assert.Equal(new[] { "10", "8", "6" }, backwards.Items.Select(i => i["n"].N));

            var pages = new List<string>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var request = Between(limit: 2);
                request.ExclusiveStartKey = start;
                var page = await _store.QueryAsync(request);
                pages.Add(string.Join(",", page.Items.Select(i => i["n"].N)));
                start = page.LastEvaluatedKey;
            } while (start != null);
            // Limit counts items read, before the filter: [2,4] keeps none, [6,8] both, [10] the last.
            Assert.Equal(new[] { "", "6,8", "10" }, pages);

            var count = await _store.QueryAsync(new QueryRequest
            {
                TableName = name, KeyConditionExpression = "id = :p AND begins_with(#n, :one)", Select = Select.COUNT,
                ExpressionAttributeNames = Names(("#n", "n")), ExpressionAttributeValues = Values((":p", S("odd")), (":one", S("1"))),
            }).ContinueWith(t => t.Exception?.InnerException);
            Assert.Equal("One or more parameter values were invalid: Condition parameter type does not match schema type", count?.Message);
        }

        [Theory]
        [InlineData("n = :one", "Query condition missed key schema element: id")]
        [InlineData("id = :p OR n = :one", "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR")]
        [InlineData("id = :p AND n <> :one", "Invalid KeyConditionExpression: Unsupported operator on KeyConditionExpression: operator: <>")]
        [InlineData("id = :p AND elsewhere = :one", "Query condition missed key schema element: id")]
        [InlineData("id < :p", "Query key condition not supported")]
        public async Task A_key_condition_outside_DynamoDBs_subset_is_refused(string keyCondition, string message)
        {
            var name = await Table(range: "n", rangeType: "N");
            var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.QueryAsync(new QueryRequest
            {
                TableName = name, KeyConditionExpression = keyCondition,
                ExpressionAttributeValues = keyCondition.Contains(":p") ? Values((":p", S("x")), (":one", N(1))) : Values((":one", N(1))),
            }));
            Assert.Equal(("ValidationException", message), (error.ErrorCode, error.Message));
        }

        [Fact]
        public async Task A_query_filter_on_a_key_attribute_is_refused()
        {
            var name = await Table(range: "n", rangeType: "N");
            var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.QueryAsync(new QueryRequest
            {
                TableName = name, KeyConditionExpression = "id = :p", FilterExpression = "size(x) > :one OR n = :one",
                ExpressionAttributeValues = Values((":p", S("x")), (":one", N(1))),
            }));
            Assert.Equal(("ValidationException", "Filter Expression can only contain non-primary key attributes: Primary key attribute: n"), (error.ErrorCode, error.Message));
        }

        [Fact]
        public async Task An_empty_set_is_refused_in_DynamoDBs_words()
        {
            var name = await Table();
            var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("a")), ("ns", NS())))));
            Assert.Equal("One or more parameter values were invalid: An number set  may not be empty", error.Message);
        }

        [Fact]
        public async Task Scan_filters_projects_and_pages_through_every_item_once()
        {
            var name = await Table();
            for (var i = 0; i < 7; i++)
                await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("k" + i)), ("n", N(i)), ("m", M(("deep", L(S("a"), S("b"))))))));
            var seen = new List<string>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await _store.ScanAsync(new ScanRequest
                {
                    TableName = name, Limit = 3, ExclusiveStartKey = start, FilterExpression = "n >= :two",
                    ProjectionExpression = "id, m.deep[1]", ExpressionAttributeValues = Values((":two", N(2))),
                });
                seen.AddRange(page.Items.Select(Text));
                start = page.LastEvaluatedKey;
            } while (start != null);
            Assert.Equal(Enumerable.Range(2, 5).Select(i => "{id: S'k" + i + "', m: {deep: [S'b']}}"), seen);
        }

        [Fact]
        public async Task BatchWriteItem_writes_up_to_25_and_BatchGetItem_reads_them_back()
        {
            var name = await Table();
            var puts = Enumerable.Range(0, 25).Select(i => new WriteRequest(new PutRequest(Item(("id", S("k" + i)))))).ToList();
            var written = await _store.BatchWriteItemAsync(new BatchWriteItemRequest(new Dictionary<string, List<WriteRequest>> { [name] = puts }));
            Assert.Empty(written.UnprocessedItems);
            puts.Add(new WriteRequest(new PutRequest(Item(("id", S("k25"))))));
            var tooMany = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.BatchWriteItemAsync(new BatchWriteItemRequest(new Dictionary<string, List<WriteRequest>> { [name] = puts })));
            Assert.Equal("ValidationException", tooMany.ErrorCode);
            var got = await _store.BatchGetItemAsync(new BatchGetItemRequest(new Dictionary<string, KeysAndAttributes>
            {
                [name] = new KeysAndAttributes { Keys = new List<Dictionary<string, AttributeValue>> { Item(("id", S("k3"))), Item(("id", S("k25"))) } },
            }));
            Assert.Equal(new[] { "{id: S'k3'}" }, got.Responses[name].Select(Text));
            var keys = Enumerable.Range(0, 101).Select(i => Item(("id", S("k" + i)))).ToList();
            var tooManyKeys = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.BatchGetItemAsync(new BatchGetItemRequest(new Dictionary<string, KeysAndAttributes> { [name] = new KeysAndAttributes { Keys = keys } })));
            Assert.Equal("Too many items requested for the BatchGetItem call", tooManyKeys.Message);
        }
    }
}

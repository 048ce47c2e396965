using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Tables;
using SqsDemo.Engine.Tables.Expressions;
using Xunit;
using static SqsDemo.Tests.Tables.Items;

namespace SqsDemo.Tests.Tables
{
    /// <summary>
    /// DynamoDB's reserved words: each of the five expression kinds refuses an attribute named by one
    /// directly (in any letter case, at any depth of a path) with DynamoDB's message, and accepts the
    /// same attribute through a #name placeholder.
    /// </summary>
    public sealed class ReservedWordTests
    {
        private readonly EmbeddedTableStore _store = new EmbeddedTableStore();

        private async Task<string> Table()
        {
            var name = "t-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            await CreateTable(_store, name, "id", "S", "status", "S");
            await _store.PutItemAsync(new PutItemRequest(name, Item(("id", S("a")), ("status", S("STARTED")), ("data", M(("name", S("x")))), ("attempts", N(1)))));
            return name;
        }

        [Fact]
        public void The_list_is_the_Developer_Guides_and_ignores_letter_case()
        {
            Assert.Equal(573, ReservedWords.Count);
            foreach (var word in new[] { "status", "STATUS", "Status", "name", "data", "count", "timestamp", "size", "abort", "zone" })
                Assert.True(ReservedWords.IsReserved(word), word);
            foreach (var word in new[] { "attempts", "message_id", "owner_token", "pk", "statuses", "" })
                Assert.False(ReservedWords.IsReserved(word), word);
        }

        // kind, the expression naming a reserved word directly, the word as DynamoDB names it, the same expression through placeholders, and theirs.
        public static IEnumerable<object[]> EachKind() => new[]
        {
            new object[] { "ConditionExpression", "status = :s", "status", "#w = :s", "#w=status" },
            new object[] { "UpdateExpression", "SET attempts = attempts + :one, Comment = :s", "Comment", "SET attempts = attempts + :one, #w = :s", "#w=Comment" },
            new object[] { "KeyConditionExpression", "id = :id AND status = :s", "status", "id = :id AND #w = :s", "#w=status" },
            new object[] { "FilterExpression", "attempts = :one AND STATUS = :s", "STATUS", "attempts = :one AND #w = :s", "#w=status" },
            new object[] { "ProjectionExpression", "id, data.name", "data", "id, #w.#n", "#w=data #n=name" },
        };

        [Theory]
        [MemberData(nameof(EachKind))]
        public async Task A_reserved_word_named_directly_is_refused_and_through_a_placeholder_accepted(string kind, string direct, string word, string placeholders, string names)
        {
            var table = await Table();
            var refused = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => Run(table, kind, direct, names: null));
            Assert.Equal(("ValidationException", "Invalid " + kind + ": Attribute name is a reserved keyword; reserved keyword: " + word), (refused.ErrorCode, refused.Message));

            await Run(table, kind, placeholders, names.Split(' ').Select(n => n.Split('=')).ToDictionary(n => n[0], n => n[1]));
        }

        [Fact]
        public async Task A_reserved_word_deeper_in_a_path_or_inside_a_function_is_refused_too()
        {
            var table = await Table();
            Task Update(string expression) => _store.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table, Key = Item(("id", S("a")), ("status", S("STARTED"))), UpdateExpression = expression,
                ExpressionAttributeValues = Values((":v", N(1))),
            });
            var deep = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => Update("SET info.value = :v"));
            Assert.Equal("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: value", deep.Message);
            var inside = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => Update("SET attempts = if_not_exists(total, :v)"));
            Assert.Equal("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: total", inside.Message);
            var sized = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = table, Key = Item(("id", S("a")), ("status", S("STARTED"))),
                ConditionExpression = "size(attempts) > :v AND begins_with(item, :v)", ExpressionAttributeValues = Values((":v", N(1))),
            }));
            Assert.Equal("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: item", sized.Message);
        }

        [Fact]
        public async Task The_first_reserved_word_as_written_is_the_one_named()
        {
            var table = await Table();
            var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => _store.ScanAsync(new ScanRequest
            {
                TableName = table, FilterExpression = "attempts BETWEEN :one AND :one OR (Name = :one AND size(data) = :one)",
                ExpressionAttributeValues = Values((":one", N(1))),
            }));
            Assert.Equal("Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: Name", error.Message);
        }

        // One request of the kind's operation; with the placeholders it must succeed with the answer the direct names were meant to get.
        private async Task Run(string table, string kind, string expression, Dictionary<string, string>? names)
        {
            var key = Item(("id", S("a")), ("status", S("STARTED")));
            switch (kind)
            {
                case "ConditionExpression":
                    await _store.PutItemAsync(new PutItemRequest(table, Item(("id", S("a")), ("status", S("STARTED")), ("data", M(("name", S("x")))), ("attempts", N(1))))
                    {
                        ConditionExpression = expression, ExpressionAttributeNames = names, ExpressionAttributeValues = Values((":s", S("STARTED"))),
                    });
                    break;
                case "UpdateExpression":
                    var updated = await _store.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = table, Key = key, UpdateExpression = expression, ReturnValues = ReturnValue.UPDATED_NEW,
                        ExpressionAttributeNames = names, ExpressionAttributeValues = Values((":one", N(1)), (":s", S("looked at"))),
                    });
                    Assert.Equal("{Comment: S'looked at', attempts: N2}", Text(updated.Attributes));
                    break;
                case "KeyConditionExpression":
                    Assert.Equal(1, (await _store.QueryAsync(new QueryRequest
                    {
                        TableName = table, KeyConditionExpression = expression, ExpressionAttributeNames = names,
                        ExpressionAttributeValues = Values((":id", S("a")), (":s", S("STARTED"))),
                    })).Count);
                    break;
                case "FilterExpression":
                    Assert.Equal(1, (await _store.ScanAsync(new ScanRequest
                    {
                        TableName = table, FilterExpression = expression, ExpressionAttributeNames = names,
                        ExpressionAttributeValues = Values((":one", N(1)), (":s", S("STARTED"))),
                    })).Count);
                    break;
                default:
                    var got = await _store.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ProjectionExpression = expression, ExpressionAttributeNames = names });
                    Assert.Equal("{data: {name: S'x'}, id: S'a'}", Text(got.Item));
                    break;
            }
        }
    }
}

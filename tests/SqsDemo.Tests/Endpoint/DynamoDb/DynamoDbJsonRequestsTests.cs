using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SqsDemo.Engine.Endpoint.DynamoDb;
using Xunit;

namespace SqsDemo.Tests.Endpoint.DynamoDb
{
    /// <summary>
    /// A request the AWS SDK for .NET marshals (its own public marshaller, the bytes it puts on
    /// the wire) reads back through the codec into an equal SDK request, member by member.
    /// </summary>
    public sealed class DynamoDbJsonRequestsTests
    {
        public static TheoryData<string> Operations()
        {
            var data = new TheoryData<string>();
            foreach (var operation in DynamoDbOperations.Names) data.Add(operation);
            return data;
        }

        [Theory]
        [MemberData(nameof(Operations))]
        public void Every_member_the_sdk_sends_reads_back_equal(string operation)
        {
            var samples = new SdkSamples(seed: operation.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
            var sent = (AmazonWebServiceRequest)samples.Structure(SdkSamples.ModelType(operation + "Request"));

            var read = DynamoDbJsonRequests.Read(operation, SdkWire.Marshal(operation, sent));

            Assert.IsType(sent.GetType(), read);
            Assert.Null(SdkModelComparer.FirstDifference(sent, read));
        }

        [Fact]
        public void Every_attribute_value_kind_nested_maps_lists_and_binary_sets_read_back_equal()
        {
            var item = new Dictionary<string, AttributeValue>
            {
                ["message_id"] = new AttributeValue { S = "m-1 \u00e9 \"quoted\" \\ \u2028" },
                ["attempts"] = new AttributeValue { N = "-12.500" },
                ["digest"] = new AttributeValue { B = new MemoryStream(new byte[] { 0, 255, 1, 254 }) },
                ["tags"] = new AttributeValue { SS = new List<string> { "a", "b" } },
                ["sizes"] = new AttributeValue { NS = new List<string> { "1", "2.5e3" } },
                ["blobs"] = new AttributeValue { BS = new List<MemoryStream> { new MemoryStream(new byte[] { 1 }), new MemoryStream(new byte[] { 2, 3 }) } },
                ["gone"] = new AttributeValue { NULL = true },
                ["done"] = new AttributeValue { BOOL = false },
                ["empty_list"] = new AttributeValue { L = new List<AttributeValue>() },
                ["empty_map"] = new AttributeValue { M = new Dictionary<string, AttributeValue>() },
                ["nested"] = new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        ["list"] = new AttributeValue { L = new List<AttributeValue> { new AttributeValue { BOOL = true }, new AttributeValue { M = new Dictionary<string, AttributeValue> { ["deep"] = new AttributeValue { BS = new List<MemoryStream> { new MemoryStream(new byte[] { 9 }) } } } } } },
                    },
                },
            };
            var sent = new PutItemRequest
            {
                TableName = "sqsdemo-ledger",
                Item = item,
                ConditionExpression = "attribute_not_exists(#id) OR #s = :started",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = "message_id", ["#s"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":started"] = new AttributeValue { S = "STARTED" } },
                ReturnValues = ReturnValue.ALL_OLD,
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            };

            var read = (PutItemRequest)DynamoDbJsonRequests.Read("PutItem", SdkWire.Marshal("PutItem", sent));

            Assert.Null(SdkModelComparer.FirstDifference(sent, read));
            Assert.Equal(new byte[] { 0, 255, 1, 254 }, read.Item["digest"].B.ToArray());
            Assert.False(read.Item["done"].BOOL);
            Assert.True(read.Item["empty_list"].IsLSet);
            Assert.Equal(9, read.Item["nested"].M["list"].L[1].M["deep"].BS[0].ToArray()[0]);
        }

        [Fact]
        public void Absent_members_stay_absent()
        {
            var sent = new QueryRequest { TableName = "t", KeyConditionExpression = "pk = :v", ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = new AttributeValue { S = "x" } } };

            var read = (QueryRequest)DynamoDbJsonRequests.Read("Query", SdkWire.Marshal("Query", sent));

            Assert.Null(read.Limit);
            Assert.Null(read.ScanIndexForward);
            Assert.Null(read.ExclusiveStartKey);
            Assert.Null(read.Select);
            Assert.Null(SdkModelComparer.FirstDifference(sent, read));
        }

        [Fact]
        public void A_target_outside_the_served_operations_is_an_unknown_operation()
        {
            Assert.Equal("PutItem", DynamoDbOperations.FromTarget("DynamoDB_20120810.PutItem"));
            foreach (var target in new[] { "DynamoDB_20120810.DescribeLimits", "DynamoDB_20111205.PutItem", "AmazonSQS.SendMessage", "", null })
            {
                var error = Assert.Throws<DynamoDbProtocolException>(() => DynamoDbOperations.FromTarget(target));
                Assert.Equal("com.amazon.coral.service#UnknownOperationException", error.WireType);
            }
            Assert.Throws<DynamoDbProtocolException>(() => DynamoDbJsonRequests.Read("ExecuteStatement", Encoding.UTF8.GetBytes("{}")));
        }
    }
}

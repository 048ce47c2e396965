using System;
using System.Collections.Generic;
using SqsDemo.Engine.Cost;
using Xunit;

namespace SqsDemo.Tests.Cost
{
    /// <summary>The billing rules of SQS and DynamoDB on-demand, against AWS's documented examples.</summary>
    public sealed class PricingArithmeticTests
    {
        [Theory]
        [InlineData(0, 1)]               // an empty receive is still a request
        [InlineData(1, 1)]
        [InlineData(65536, 1)]           // exactly one 64 KiB chunk
        [InlineData(65537, 2)]           // one byte over: two
        [InlineData(262144, 4)]          // AWS: "a 256 KiB payload is billed as four requests"
        [InlineData(1048576, 16)]        // a 1 MiB message (the current maximum) is sixteen
        public void An_SQS_call_is_billed_one_request_per_64_KiB_chunk_of_its_payload(long bytes, long requests) =>
            Assert.Equal(requests, SqsBilling.BilledRequests(bytes));

        [Fact]
        public void A_negative_payload_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => SqsBilling.BilledRequests(-1));

        [Fact]
        public void A_FIFO_queue_is_told_by_its_name() =>
            Assert.True(SqsBilling.IsFifo("http://localhost/000000000000/orders.fifo") && !SqsBilling.IsFifo("http://localhost/000000000000/orders"));

        [Theory]
        [InlineData(0, 1)]
        [InlineData(500, 1)]
        [InlineData(1024, 1)]
        [InlineData(1025, 2)]
        [InlineData(3072, 3)]            // AWS: "a standard write request of a 3 KB item would require three WCUs"
        public void A_write_is_one_WRU_per_KB_rounded_up(long bytes, long units) => Assert.Equal(units, DynamoDbBilling.WriteUnits(bytes));

        [Fact]
        public void A_transactional_write_is_twice() => Assert.Equal(6, DynamoDbBilling.WriteUnits(3072, transactional: true));

        [Theory]
        [InlineData(3500, ReadConsistency.Strong, 1)]        // AWS: a 3,500-byte item is read as 4 KB
        [InlineData(4096, ReadConsistency.Strong, 1)]
        [InlineData(4097, ReadConsistency.Strong, 2)]
        [InlineData(8192, ReadConsistency.Strong, 2)]        // AWS: "a strongly consistent read of an 8 KB item would require two RCUs"
        [InlineData(8192, ReadConsistency.Eventual, 1)]      // "an eventually consistent read of an 8 KB item would require one RCU"
        [InlineData(8192, ReadConsistency.Transactional, 4)] // "a transactional read of an 8 KB item would require four RCUs"
        [InlineData(100, ReadConsistency.Eventual, 0.5)]
        public void A_read_is_one_RRU_per_4_KB_half_when_eventually_consistent_twice_when_transactional(long bytes, ReadConsistency consistency, double units) =>
            Assert.Equal(units, DynamoDbBilling.ReadUnits(bytes, consistency));

        [Fact]
        public void An_items_size_is_its_attribute_names_plus_values_as_DynamoDB_counts_them()
        {
            Assert.Equal(2 + 5, DynamoDbBilling.StringAttributeSize("id", "hello"));
            Assert.Equal(4 + 2 + 3, DynamoDbBilling.StringAttributeSize("name", "é€")); // UTF-8 bytes (é two, € three), not characters
            Assert.Equal(3 + 2 + 1, DynamoDbBilling.NumberAttributeSize("qty", "1234"));     // two bytes per two digits, plus one
            Assert.Equal(3 + 1 + 1, DynamoDbBilling.NumberAttributeSize("qty", "-0.0100"));  // leading and trailing zeroes trimmed
            Assert.Equal(2 + 1, DynamoDbBilling.BooleanAttributeSize("ok"));
            Assert.Equal((2 + 7) + (6 + 7), DynamoDbBilling.ItemSize(new Dictionary<string, string> { ["pk"] = "order-1", ["status"] = "STARTED" }));
        }

        [Fact]
        public void An_item_just_over_1_KB_costs_two_write_units()
        {
            var item = new Dictionary<string, string> { ["pk"] = "k", ["body"] = new string('x', 1024 - 2 - 1 - 4) };
            Assert.Equal(1024, DynamoDbBilling.ItemSize(item));
            Assert.Equal(1, DynamoDbBilling.WriteUnits(DynamoDbBilling.ItemSize(item)));
            item["body"] += "x";
            Assert.Equal(2, DynamoDbBilling.WriteUnits(DynamoDbBilling.ItemSize(item)));
        }
    }
}

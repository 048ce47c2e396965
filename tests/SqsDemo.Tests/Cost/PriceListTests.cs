using System.Collections;
using SqsDemo.Engine.Cost;
using Xunit;

namespace SqsDemo.Tests.Cost
{
    public sealed class PriceListTests
    {
        [Fact]
        public void The_embedded_list_has_us_east_1_prices_its_date_and_its_sources()
        {
            var prices = PriceList.Default();
            Assert.Equal(0.40m, prices.SqsStandardPerMillionRequests);
            Assert.Equal(0.50m, prices.SqsFifoPerMillionRequests);
            Assert.Equal(1_000_000, prices.SqsFreeRequestsPerMonth);
            Assert.Equal(0.625m, prices.DynamoDbWritePerMillionUnits);
            Assert.Equal(0.125m, prices.DynamoDbReadPerMillionUnits);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", prices.Date);
            Assert.Contains("https://aws.amazon.com/sqs/pricing/", prices.Source);
        }

        private static Hashtable Complete() => new Hashtable
        {
            ["name"] = "mine", ["date"] = "2030-01-01", ["sqsStandardPerMillionRequests"] = 1, ["sqsFifoPerMillionRequests"] = "2.5",
            ["sqsFreeRequestsPerMonth"] = 0, ["dynamoDbWritePerMillionUnits"] = 3.0, ["dynamoDbReadPerMillionUnits"] = 4,
        };

        [Fact]
        public void A_hashtable_gives_a_list_of_its_own()
        {
            var prices = PriceList.FromDictionary(Complete(), "-PriceList");
            Assert.Equal("mine", prices.Name);
            Assert.Equal(2.5m, prices.SqsFifoPerMillionRequests);
            Assert.Equal(4m, prices.DynamoDbReadPerMillionUnits);
        }

        [Theory]
        [InlineData("sqsFifoPerMillionRequests", null, "has no sqsFifoPerMillionRequests")]
        [InlineData("sqsFifoPerMillionRequests", "cheap", "is not a number")]
        [InlineData("dynamoDbReadPerMillionUnits", -1, "is negative")]
        [InlineData("sqsFreeRequestsPerMonth", 0.5, "whole number")]
        [InlineData("sqsPerMillion", 1, "keys a price list does not have: sqsPerMillion")]
        public void A_malformed_list_is_refused_saying_what_is_wrong(string key, object? value, string message)
        {
            var table = Complete();
            table[key] = value;
            Assert.Contains(message, Assert.Throws<PriceListException>(() => PriceList.FromDictionary(table, "-PriceList")).Message);
        }

        [Fact]
        public void Text_that_is_not_a_JSON_object_is_refused()
        {
            Assert.Contains("is not JSON", Assert.Throws<PriceListException>(() => PriceList.FromJson("{ nope", "prices.json")).Message);
            Assert.Contains("not a JSON object", Assert.Throws<PriceListException>(() => PriceList.FromJson("[1]", "prices.json")).Message);
        }
    }
}

using System;
using System.Collections.Generic;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Ledger.Aws;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>Times in the ledger's tables as other writers of the seeds' schema store them read back as UTC instants.</summary>
    public sealed class LedgerItemTimesTests
    {
        private static readonly DateTimeOffset Instant = new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.Zero).AddTicks(1234560);

        private static DateTimeOffset Read(AttributeValue value) =>
            Items.When(new Dictionary<string, AttributeValue> { ["last_updated"] = value }, "last_updated");

        [Theory]
        [InlineData("2026-03-01T12:34:56.1234560Z")] // SqsDemo's own (round-trip "o")
        [InlineData("2026-03-01T12:34:56.123456+00:00")] // Python: datetime.now(timezone.utc).isoformat()
        [InlineData("2026-03-01T14:34:56.123456+02:00")] // another offset, the same instant
        [InlineData("2026-03-01T12:34:56.123456")] // Python: datetime.utcnow().isoformat(), no offset: UTC
        public void An_ISO_8601_time_reads_as_its_UTC_instant(string stored) => Assert.Equal(Instant, Read(new AttributeValue { S = stored }));

        [Fact]
        public void Epoch_seconds_stored_as_a_number_read_as_that_instant() =>
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Instant.ToUnixTimeMilliseconds()), Read(new AttributeValue { N = (Instant.ToUnixTimeMilliseconds() / 1000.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture) }));

        [Theory]
        [InlineData("yesterday")]
        [InlineData("")]
        public void An_unreadable_time_is_the_default_rather_than_an_error(string stored) => Assert.Equal(default, Read(new AttributeValue { S = stored }));
    }
}

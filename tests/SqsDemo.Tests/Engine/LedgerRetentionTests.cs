using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Tables;
using SqsDemo.Tests.Broker;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>
    /// The ledger writes the expires_at that terraform/dynamodb.tf's TTL is on: every write of a status or result row
    /// carries it, the retention after the write, and no other row does; without a retention, nothing is written.
    /// </summary>
    public sealed class LedgerRetentionTests
    {
        private static readonly TimeSpan Thirty = TimeSpan.FromDays(30);
        private readonly ManualClock _clock = new ManualClock();
        private readonly EmbeddedTableStore _store;
        private readonly LedgerTables _tables = LedgerTables.For("retention");

        public LedgerRetentionTests() => _store = new EmbeddedTableStore(_clock);

        private async Task<DynamoDbLedger> LedgerAsync(LedgerRetention? retention)
        {
            var ledger = new DynamoDbLedger(_store, _clock, retention);
            await ledger.CreateTablesAsync(_tables);
            return ledger;
        }

        private async Task<Dictionary<string, AttributeValue>> RowAsync(string table, string key, string keyName = "message_id") =>
            (await _store.GetItemAsync(new GetItemRequest { TableName = table, Key = new Dictionary<string, AttributeValue> { [keyName] = new AttributeValue { S = key } }, ConsistentRead = true })).Item;

        private static long? ExpiresAt(Dictionary<string, AttributeValue> row) =>
            row.TryGetValue(LedgerRetention.Attribute, out var value) ? long.Parse(value.N, System.Globalization.CultureInfo.InvariantCulture) : (long?)null;

        [Fact]
        public async Task A_status_row_expires_the_retention_after_its_start_its_takeover_and_its_completion()
        {
            var ledger = await LedgerAsync(LedgerRetention.Days(30));
            var started = _clock.GetUtcNow();
            await ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-a");
            Assert.Equal((started + Thirty).ToUnixTimeSeconds(), ExpiresAt(await RowAsync(_tables.StatusTable, "m1")));

            _clock.Advance(TimeSpan.FromMinutes(5));
            var takeover = await ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-b");
            Assert.Equal(StartDisposition.TakenOver, takeover.Disposition);
            Assert.Equal((_clock.GetUtcNow() + Thirty).ToUnixTimeSeconds(), ExpiresAt(await RowAsync(_tables.StatusTable, "m1")));

            _clock.Advance(TimeSpan.FromMinutes(5));
            Assert.True(await ledger.TryCompleteAsync(_tables.StatusTable, "m1", "owner-b"));
            var completed = await RowAsync(_tables.StatusTable, "m1");
            Assert.Equal("COMPLETED", completed["status"].S);
            Assert.Equal((_clock.GetUtcNow() + Thirty).ToUnixTimeSeconds(), ExpiresAt(completed));
            // The records read back as before: the attribute is the tables', not the ledger's model.
            Assert.Equal(MessageStatus.COMPLETED, (await ledger.GetStatusAsync(_tables.StatusTable, "m1"))!.Status);
        }

        [Fact]
        public async Task A_result_row_expires_the_retention_after_it_is_stored_and_a_side_effect_row_never()
        {
            var ledger = await LedgerAsync(LedgerRetention.Days(45));
            await ledger.PutResultAsync(_tables.ResultsTable!, new ResultRecord { MessageId = "m1", Result = "{}", ConsumerId = "c" });
            await ledger.TryPerformSideEffectAsync(_tables.SideEffectsTable, "biz:order:1", "d", "m1");

            Assert.Equal((_clock.GetUtcNow() + TimeSpan.FromDays(45)).ToUnixTimeSeconds(), ExpiresAt(await RowAsync(_tables.ResultsTable!, "m1")));
            // A business key can come again at any time: its row must outlive any retention.
            Assert.Null(ExpiresAt(await RowAsync(_tables.SideEffectsTable, "biz:order:1")));
        }

        [Fact]
        public async Task Without_a_retention_no_row_carries_an_expiry()
        {
            foreach (var retention in new[] { null, LedgerRetention.None, LedgerRetention.Days(0) })
            {
                var ledger = await LedgerAsync(retention);
                var id = "m-" + Guid.NewGuid().ToString("N");
                await ledger.TryStartAsync(_tables.StatusTable, id, "d", "owner-a");
                await ledger.TryCompleteAsync(_tables.StatusTable, id, "owner-a");
                await ledger.PutResultAsync(_tables.ResultsTable!, new ResultRecord { MessageId = id, Result = "{}", ConsumerId = "c" });
                Assert.Null(ExpiresAt(await RowAsync(_tables.StatusTable, id)));
                Assert.Null(ExpiresAt(await RowAsync(_tables.ResultsTable!, id)));
            }
            // The embedded backend's ledger keeps its rows for the run: no expiry.
            Assert.Null(DynamoDbLedger.InMemory(_clock).Retention.Period);
        }

        [Theory]
        [InlineData(null, 30)]
        [InlineData("", 30)]
        [InlineData("  ", 30)]
        [InlineData("0", null)]
        [InlineData("28", 28)]
        [InlineData(" 90 ", 90)]
        [InlineData("3650", 3650)]
        public void LEDGER_RETENTION_DAYS_reads_as_whole_days_unset_as_30_and_0_as_no_expiry(string? value, int? days) =>
            Assert.Equal(days.HasValue ? TimeSpan.FromDays(days.Value) : (TimeSpan?)null, LedgerRetention.Parse(value).Period);

        [Theory]
        [InlineData("-1")]
        [InlineData("1.5")]
        [InlineData("thirty")]
        [InlineData("3651")]
        [InlineData("99999999999")]
        public void A_retention_that_is_not_0_to_3650_whole_days_is_refused_saying_what_to_give(string value)
        {
            var error = Assert.Throws<ArgumentException>(() => LedgerRetention.Parse(value));
            Assert.Contains(LedgerRetention.Variable, error.Message);
            Assert.Contains("whole number from 0", error.Message);
        }

        [Fact]
        public void An_expiry_is_epoch_seconds_the_retention_after_the_write()
        {
            var at = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
            Assert.Equal(at.AddDays(30).ToUnixTimeSeconds(), LedgerRetention.Default.ExpiresAt(at));
            Assert.Null(LedgerRetention.None.ExpiresAt(at));
        }
    }
}

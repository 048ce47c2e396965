// The ledger's tables are the seeds' tables: what SqsDemo writes at DynamoDB (moto) carries the seeds'
// attribute names, and what a consumer of the seeds' kind wrote reads back as the ledger's records.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using Xunit;

namespace SqsDemo.Tests.Moto
{
    [Collection(MotoCollection.Name)]
    public sealed class SeedSchemaMotoTests : IAsyncLifetime
    {
        private readonly DynamoDbLedger _ledger;
        private readonly LedgerTables _tables = LedgerTables.For("seedschema-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public SeedSchemaMotoTests(MotoServer moto) => _ledger = DynamoDbLedger.ForEndpoint(moto.Endpoint, MotoServer.Region);

        public Task InitializeAsync() => _ledger.CreateTablesAsync(_tables);

        public async Task DisposeAsync()
        {
            await _ledger.DeleteTablesAsync(_tables);
            _ledger.Dispose();
        }

        private async Task<Dictionary<string, AttributeValue>> SingleItemAsync(string table) =>
            Assert.Single((await _ledger.Store.ScanAsync(new ScanRequest { TableName = table })).Items);

        [MotoFact]
        public async Task Both_tables_are_keyed_on_message_id()
        {
            foreach (var table in new[] { _tables.StatusTable, _tables.SideEffectsTable })
            {
                var description = await _ledger.Store.DescribeTableAsync(new DescribeTableRequest { TableName = table });
                var key = Assert.Single(description.Table.KeySchema);
                Assert.Equal(("message_id", "HASH"), (key.AttributeName, key.KeyType.Value));
            }
        }

        [MotoFact]
        public async Task SqsDemos_rows_carry_the_seeds_attribute_names_and_its_own_owner_token()
        {
            await _ledger.TryStartAsync(_tables.StatusTable, "m1", "digest-1", "owner-a");
            Assert.True(await _ledger.TryCompleteAsync(_tables.StatusTable, "m1", "owner-a"));
            await _ledger.TryPerformSideEffectAsync(_tables.SideEffectsTable, "biz:order_id:o-1", "digest-1", "m1");

            var status = await SingleItemAsync(_tables.StatusTable);
            // and expires_at, the TTL attribute (terraform/dynamodb.tf): a ledger on an endpoint keeps rows 30 days unless LEDGER_RETENTION_DAYS says otherwise
            Assert.Equal(new[] { "attempts", "expires_at", "last_updated", "message_id", "owner_token", "payload_digest", "status" }, status.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(_ledger.Retention.ExpiresAt(Items.When(status, "last_updated")), long.Parse(status["expires_at"].N, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(("m1", "COMPLETED", "1", "digest-1", "owner-a"), (status["message_id"].S, status["status"].S, status["attempts"].N, status["payload_digest"].S, status["owner_token"].S));

            var effect = await SingleItemAsync(_tables.SideEffectsTable);
            Assert.Equal(new[] { "message_id", "original_message_id", "payload_digest", "performed_at" }, effect.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(("biz:order_id:o-1", "m1", "digest-1"), (effect["message_id"].S, effect["original_message_id"].S, effect["payload_digest"].S));
        }

        [MotoFact]
        public async Task Rows_a_seeds_consumer_wrote_read_back_as_the_ledgers_records_and_hold_their_keys()
        {
            await SeedRows.PutStartedAsync(_ledger.Store, _tables.StatusTable, "m1", attempts: 2, status: "COMPLETED");
            // Python's datetime.utcnow().isoformat() has no offset: the seeds' times are UTC.
            await SeedRows.PutSideEffectAsync(_ledger.Store, _tables.SideEffectsTable, "m1", "m1", performedAt: "2026-03-01T12:34:56.123456");
            var pythonTime = new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.Zero).AddTicks(1234560);

            var status = await _ledger.GetStatusAsync(_tables.StatusTable, "m1");
            Assert.Equal((MessageStatus.COMPLETED, 2, pythonTime, "seed-digest", ""), (status!.Status, status.Attempts, status.LastUpdate, status.PayloadDigest, status.OwnerToken));
            var effect = Assert.Single(await _ledger.ListSideEffectsAsync(_tables.SideEffectsTable));
            Assert.Equal(("m1", "m1", pythonTime, "seed-digest"), (effect.Key, effect.MessageId, effect.PerformedAt, effect.PayloadDigest));

            // The seeds' rows decide as SqsDemo's own do: the message is done, and its side effect exists.
            Assert.Equal(StartDisposition.AlreadyCompleted, (await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-a")).Disposition);
            var again = await _ledger.TryPerformSideEffectAsync(_tables.SideEffectsTable, "m1", "d", "m1-redelivered");
            Assert.False(again.Performed);
            Assert.Equal("m1", again.Record.MessageId);
        }

        [MotoFact]
        public async Task A_foreign_row_is_taken_over_only_as_it_was_read_and_its_own_time_format_does_not_stand_in_the_way()
        {
            // A naive time, as Python's utcnow().isoformat() writes it: the condition compares it as stored, never re-encoded.
            await SeedRows.PutStartedAsync(_ledger.Store, _tables.StatusTable, "m1", attempts: 1, lastUpdated: "2026-03-01T12:34:56.123456");
            var asRead = (await _ledger.Store.GetItemAsync(new GetItemRequest { TableName = _tables.StatusTable, Key = Key("m1"), ConsistentRead = true })).Item;
            var takeover = StatusTakeover.Request(_tables.StatusTable, "m1", asRead, "owner-a", DateTimeOffset.UtcNow);

            // The foreign consumer retries in between (attempts 2, a new time): the takeover read before must not land.
            await SeedRows.PutStartedAsync(_ledger.Store, _tables.StatusTable, "m1", attempts: 2, lastUpdated: "2026-03-01T12:35:00.000001");
            await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => _ledger.Store.UpdateItemAsync(takeover));

            var taken = await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-a");
            Assert.Equal((StartDisposition.TakenOver, 3, "owner-a"), (taken.Disposition, taken.Record.Attempts, taken.Record.OwnerToken));
        }

        private static Dictionary<string, AttributeValue> Key(string messageId) =>
            new Dictionary<string, AttributeValue> { ["message_id"] = new AttributeValue { S = messageId } };
    }
}

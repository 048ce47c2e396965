using System;
using System.Linq;
using System.Threading.Tasks;
using SqsDemo.Engine.Ledger.Aws;
using SqsDemo.Engine.Ledger;
using Xunit;

namespace SqsDemo.Tests.Engine
{
    /// <summary>The ledger's conditional writes, as the DynamoDB adapter will make them.</summary>
    public sealed class LedgerTests
    {
        private readonly DynamoDbLedger _ledger = DynamoDbLedger.InMemory(TimeProvider.System);
        private readonly LedgerTables _tables = LedgerTables.For("ledger");

        public LedgerTests() => _ledger.CreateTablesAsync(_tables).GetAwaiter().GetResult();

        [Fact]
        public async Task The_first_start_creates_a_STARTED_row_with_one_attempt()
        {
            var start = await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-a");
            Assert.Equal(StartDisposition.Started, start.Disposition);
            Assert.Equal(MessageStatus.STARTED, start.Record.Status);
            Assert.Equal(1, start.Record.Attempts);
        }

        [Fact]
        public async Task A_second_start_takes_the_row_over_and_counts_the_attempt()
        {
            await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-a");
            var again = await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-b");
            Assert.Equal(StartDisposition.TakenOver, again.Disposition);
            Assert.Equal(2, again.Record.Attempts);
            Assert.Equal("owner-b", again.Record.OwnerToken);
        }

        [Fact]
        public async Task A_consumer_whose_row_was_taken_over_cannot_mark_it_COMPLETED()
        {
            await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-a");
            await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-b");
            Assert.False(await _ledger.TryCompleteAsync(_tables.StatusTable, "m1", "owner-a"));
            Assert.True(await _ledger.TryCompleteAsync(_tables.StatusTable, "m1", "owner-b"));
            Assert.Equal(MessageStatus.COMPLETED, (await _ledger.GetStatusAsync(_tables.StatusTable, "m1"))!.Status);
        }

        [Fact]
        public async Task A_COMPLETED_row_is_reported_and_left_alone()
        {
            await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-a");
            await _ledger.TryCompleteAsync(_tables.StatusTable, "m1", "owner-a");
            var late = await _ledger.TryStartAsync(_tables.StatusTable, "m1", "d", "owner-c");
            Assert.Equal(StartDisposition.AlreadyCompleted, late.Disposition);
            Assert.Equal("owner-a", late.Record.OwnerToken);
            Assert.False(await _ledger.TryCompleteAsync(_tables.StatusTable, "m1", "owner-c"));
        }

        [Fact]
        public async Task A_side_effect_is_performed_once_and_the_existing_record_comes_back()
        {
            var first = await _ledger.TryPerformSideEffectAsync(_tables.SideEffectsTable, "k", "digest-1", "m1");
            var second = await _ledger.TryPerformSideEffectAsync(_tables.SideEffectsTable, "k", "digest-2", "m2");
            Assert.True(first.Performed);
            Assert.False(second.Performed);
            Assert.Equal("m1", second.Record.MessageId);
            Assert.Equal("digest-1", second.Record.PayloadDigest);
            Assert.Single(await _ledger.ListSideEffectsAsync(_tables.SideEffectsTable));
        }

        [Fact]
        public async Task Concurrent_side_effects_on_one_key_let_exactly_one_through()
        {
            var attempts = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
                Task.Run(() => _ledger.TryPerformSideEffectAsync(_tables.SideEffectsTable, "payment:42", "d", "m" + i))));
            Assert.Equal(1, attempts.Count(a => a.Performed));
        }

        [Fact]
        public async Task A_version_is_applied_only_when_newer_and_the_log_records_it_in_store_order()
        {
            var entry = new Func<string, EffectLogEntry>(v => new EffectLogEntry { EntityId = "acct-1", Value = v, MessageId = "ver-" + v, ConsumerId = "c" });
            Assert.True((await _ledger.ApplyVersionAsync(_tables.VersionsTable!, _tables.EffectLogTable!, entry("3"), 3, lastWriteWins: false)).Applied);
            var older = await _ledger.ApplyVersionAsync(_tables.VersionsTable!, _tables.EffectLogTable!, entry("1"), 1, lastWriteWins: false);
            Assert.False(older.Applied);
            Assert.Equal(3, older.Previous);
            Assert.True((await _ledger.ApplyVersionAsync(_tables.VersionsTable!, _tables.EffectLogTable!, entry("5"), 5, lastWriteWins: false)).Applied);
            var log = await _ledger.ReadEffectLogAsync(_tables.EffectLogTable!);
            Assert.Equal(new[] { "applied 3", "ignored 1", "applied 5" }, log.Select(l => l.Kind + " " + l.Value));
            Assert.Equal(new long[] { 1, 2, 3 }, log.Select(l => l.Sequence));
            Assert.Equal(5, (await _ledger.ListEntityVersionsAsync(_tables.VersionsTable!)).Single().Version);
        }

        [Fact]
        public async Task Last_write_wins_applies_an_older_version_too()
        {
            await _ledger.ApplyVersionAsync(_tables.VersionsTable!, _tables.EffectLogTable!, new EffectLogEntry { EntityId = "e" }, 7, lastWriteWins: true);
            var outcome = await _ledger.ApplyVersionAsync(_tables.VersionsTable!, _tables.EffectLogTable!, new EffectLogEntry { EntityId = "e" }, 2, lastWriteWins: true);
            Assert.True(outcome.Applied);
            Assert.Equal(2, (await _ledger.ListEntityVersionsAsync(_tables.VersionsTable!)).Single().Version);
        }

        // ---- Results --------------------------------------------------------------------------------------

        private static ResultRecord Result(string messageId, string json, string consumer) =>
            new ResultRecord { MessageId = messageId, Result = json, ConsumerId = consumer };

        [Fact]
        public async Task A_result_is_stored_with_the_ledgers_time_and_read_back()
        {
            var clock = new SqsDemo.Tests.Broker.ManualClock();
            var ledger = DynamoDbLedger.InMemory(clock);
            await ledger.CreateTablesAsync(_tables);
            var given = Result("m1", "{\"total\":42}", "consumer-1");
            given.StoredAt = DateTimeOffset.MinValue; // the caller's time is not the store's

            var outcome = await ledger.PutResultAsync(_tables.ResultsTable!, given);

            Assert.True(outcome.Stored);
            Assert.Equal(clock.GetUtcNow(), outcome.Record.StoredAt);
            var read = await ledger.GetResultAsync(_tables.ResultsTable!, "m1");
            Assert.NotNull(read);
            Assert.Equal(("m1", "{\"total\":42}", "consumer-1", clock.GetUtcNow()), (read!.MessageId, read.Result, read.ConsumerId, read.StoredAt));
        }

        [Fact]
        public async Task A_second_result_for_a_message_is_not_stored_and_the_first_comes_back()
        {
            await _ledger.PutResultAsync(_tables.ResultsTable!, Result("m1", "{\"answer\":1}", "first"));
            var second = await _ledger.PutResultAsync(_tables.ResultsTable!, Result("m1", "{\"answer\":2}", "second"));
            Assert.False(second.Stored);
            Assert.Equal(("{\"answer\":1}", "first"), (second.Record.Result, second.Record.ConsumerId));
            Assert.Equal("first", (await _ledger.GetResultAsync(_tables.ResultsTable!, "m1"))!.ConsumerId);
        }

        [Fact]
        public async Task Concurrent_results_for_one_message_store_exactly_one()
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
                Task.Run(() => _ledger.PutResultAsync(_tables.ResultsTable!, Result("m1", "{\"n\":" + i + "}", "c" + i)))));
            Assert.Equal(1, outcomes.Count(o => o.Stored));
            var winner = outcomes.Single(o => o.Stored).Record.ConsumerId;
            Assert.All(outcomes, o => Assert.Equal(winner, o.Record.ConsumerId));
        }

        [Fact]
        public async Task A_message_without_a_result_reads_as_null()
        {
            await _ledger.PutResultAsync(_tables.ResultsTable!, Result("m1", "{}", "c"));
            Assert.Null(await _ledger.GetResultAsync(_tables.ResultsTable!, "m2"));
        }

        [Fact]
        public async Task Results_are_listed_by_message_id()
        {
            Assert.Empty(await _ledger.ListResultsAsync(_tables.ResultsTable!));
            foreach (var id in new[] { "m3", "m1", "m2" }) await _ledger.PutResultAsync(_tables.ResultsTable!, Result(id, "{}", "c"));
            Assert.Equal(new[] { "m1", "m2", "m3" }, (await _ledger.ListResultsAsync(_tables.ResultsTable!)).Select(r => r.MessageId));
        }

        [Fact]
        public async Task A_record_read_back_is_a_copy_the_caller_cannot_change_the_store_through()
        {
            var outcome = await _ledger.PutResultAsync(_tables.ResultsTable!, Result("m1", "{}", "c"));
            outcome.Record.Result = "changed";
            (await _ledger.ListResultsAsync(_tables.ResultsTable!)).Single().ConsumerId = "changed";
            var stored = (await _ledger.GetResultAsync(_tables.ResultsTable!, "m1"))!;
            Assert.Equal(("{}", "c"), (stored.Result, stored.ConsumerId));
        }

        [Fact]
        public async Task A_result_without_a_message_id_is_refused()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => _ledger.PutResultAsync(_tables.ResultsTable!, Result("", "{}", "c")));
            await Assert.ThrowsAsync<ArgumentNullException>(() => _ledger.PutResultAsync(_tables.ResultsTable!, null!));
            Assert.Empty(await _ledger.ListResultsAsync(_tables.ResultsTable!));
        }

        [Fact]
        public async Task Clearing_the_tables_empties_the_results_and_a_result_can_be_stored_again()
        {
            await _ledger.PutResultAsync(_tables.ResultsTable!, Result("m1", "{\"old\":true}", "earlier-run"));
            await _ledger.ClearTablesAsync(_tables);
            Assert.Empty(await _ledger.ListResultsAsync(_tables.ResultsTable!));
            Assert.True((await _ledger.PutResultAsync(_tables.ResultsTable!, Result("m1", "{}", "this-run"))).Stored);
        }

        [Fact]
        public async Task Deleting_the_tables_deletes_the_results_table()
        {
            await _ledger.PutResultAsync(_tables.ResultsTable!, Result("m1", "{}", "c"));
            await _ledger.DeleteTablesAsync(_tables);
            foreach (var read in new Func<Task>[]
            {
                () => _ledger.ListResultsAsync(_tables.ResultsTable!),
                () => _ledger.GetResultAsync(_tables.ResultsTable!, "m1"),
                () => _ledger.PutResultAsync(_tables.ResultsTable!, Result("m2", "{}", "c")),
            })
                Assert.Equal("ResourceNotFoundException", (await Assert.ThrowsAsync<LedgerException>(read)).ErrorCode);
        }

        [Fact]
        public void The_environments_results_table_is_named_after_it()
        {
            Assert.Equal("ledger-results", _tables.ResultsTable);
            Assert.Null(new LedgerTables("s", "e").ResultsTable);
        }

        [Fact]
        public async Task A_missing_table_is_ResourceNotFoundException()
        {
            var error = await Assert.ThrowsAsync<LedgerException>(() => _ledger.TryStartAsync("nope", "m1", "d", "o"));
            Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        }
    }
}

// Differential tests of the ledger: each rule of tests/SqsDemo.Tests/Engine/LedgerTests.cs is written
// once and run on the embedded item store, on that store behind the HTTP endpoint, and on moto (DynamoDB served on
// the same port as SQS). Each test gets its own tables (moto keeps tables for the whole run) and
// deletes them afterwards. The moto rows are skipped where moto is missing, as [MotoFact] is, except
// under CI=true, where they run and fail.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using SqsDemo.Engine.Ledger;
using SqsDemo.Engine.Ledger.Aws;
using Xunit;
using Xunit.Sdk;

namespace SqsDemo.Tests.Moto
{
    /// <summary>The "moto" row of a ledger theory: skipped with <see cref="MotoServer.SkipReason"/> as <see cref="MotoFactAttribute"/> is.</summary>
    public sealed class MotoBackendAttribute : DataAttribute
    {
        public MotoBackendAttribute()
        {
            if (MotoServer.SkipReason is string reason) Skip = reason;
        }

        public override IEnumerable<object[]> GetData(MethodInfo testMethod) => new[] { new object[] { DynamoDbLedgerMotoTests.Moto } };
    }

    [Collection(MotoCollection.Name)]
    public sealed class DynamoDbLedgerMotoTests
    {
        public const string Embedded = "embedded";
        public const string Moto = "moto";
        /// <summary>The embedded store behind the HTTP endpoint: the same ledger code through DynamoDB's wire protocol.</summary>
        public const string Endpoint = "endpoint";

        private readonly MotoServer _moto;

        public DynamoDbLedgerMotoTests(MotoServer moto) => _moto = moto;

        /// <summary>Runs <paramref name="rule"/> on fresh tables of the named backend, then deletes them.</summary>
        private async Task On(string backend, Func<ILedger, LedgerTables, Task> rule)
        {
            var tables = LedgerTables.For("ledger-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            using var served = backend == Endpoint ? new SqsDemo.Tests.Endpoint.RunningEndpoint(timeScale: 1) : null;
            ILedger ledger = backend == Moto ? DynamoDbLedger.ForEndpoint(_moto.Endpoint, MotoServer.Region)
                : served != null ? DynamoDbLedger.ForEndpoint(served.Uri, SqsDemo.Tests.Endpoint.RunningEndpoint.Region)
                : DynamoDbLedger.InMemory(TimeProvider.System);
            try
            {
                await ledger.CreateTablesAsync(tables);
                await ledger.CreateTablesAsync(tables); // idempotent
                await rule(ledger, tables);
                await ledger.DeleteTablesAsync(tables);
                await ledger.DeleteTablesAsync(tables); // idempotent
                var gone = await Assert.ThrowsAsync<LedgerException>(() => ledger.ListStatusAsync(tables.StatusTable));
                Assert.Equal("ResourceNotFoundException", gone.ErrorCode);
                var resultsGone = await Assert.ThrowsAsync<LedgerException>(() => ledger.ListResultsAsync(tables.ResultsTable!));
                Assert.Equal("ResourceNotFoundException", resultsGone.ErrorCode);
            }
            finally
            {
                (ledger as IDisposable)?.Dispose();
            }
        }

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task The_first_start_creates_a_STARTED_row_with_one_attempt(string backend) => On(backend, async (ledger, tables) =>
        {
            var start = await ledger.TryStartAsync(tables.StatusTable, "m1", "d", "owner-a");
            Assert.Equal(StartDisposition.Started, start.Disposition);
            Assert.Equal(MessageStatus.STARTED, start.Record.Status);
            Assert.Equal(1, start.Record.Attempts);
            var stored = await ledger.GetStatusAsync(tables.StatusTable, "m1");
            Assert.NotNull(stored);
            Assert.Equal("owner-a", stored!.OwnerToken);
            Assert.Equal("d", stored.PayloadDigest);
            Assert.Null(await ledger.GetStatusAsync(tables.StatusTable, "m2"));
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task A_second_start_takes_the_row_over_and_counts_the_attempt(string backend) => On(backend, async (ledger, tables) =>
        {
            await ledger.TryStartAsync(tables.StatusTable, "m1", "d", "owner-a");
            var again = await ledger.TryStartAsync(tables.StatusTable, "m1", "d", "owner-b");
            Assert.Equal(StartDisposition.TakenOver, again.Disposition);
            Assert.Equal(2, again.Record.Attempts);
            Assert.Equal("owner-b", again.Record.OwnerToken);
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task A_STARTED_row_without_an_owner_token_is_a_foreign_owners_and_is_taken_over(string backend) => On(backend, async (ledger, tables) =>
        {
            // A consumer of the seeds' kind marks STARTED with no owner token (attempts 3 after its own retries).
            await SeedRows.PutStartedAsync(((DynamoDbLedger)ledger).Store, tables.StatusTable, "m1", attempts: 3);

            var taken = await ledger.TryStartAsync(tables.StatusTable, "m1", "d", "owner-b");
            Assert.Equal(StartDisposition.TakenOver, taken.Disposition);
            Assert.Equal(4, taken.Record.Attempts);
            Assert.Equal("owner-b", taken.Record.OwnerToken);
            Assert.True(await ledger.TryCompleteAsync(tables.StatusTable, "m1", "owner-b"));
            var stored = await ledger.GetStatusAsync(tables.StatusTable, "m1");
            Assert.Equal((MessageStatus.COMPLETED, 4, "owner-b"), (stored!.Status, stored.Attempts, stored.OwnerToken));
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task A_consumer_whose_row_was_taken_over_cannot_mark_it_COMPLETED(string backend) => On(backend, async (ledger, tables) =>
        {
            await ledger.TryStartAsync(tables.StatusTable, "m1", "d", "owner-a");
            await ledger.TryStartAsync(tables.StatusTable, "m1", "d", "owner-b");
            Assert.False(await ledger.TryCompleteAsync(tables.StatusTable, "m1", "owner-a"));
            Assert.True(await ledger.TryCompleteAsync(tables.StatusTable, "m1", "owner-b"));
            Assert.Equal(MessageStatus.COMPLETED, (await ledger.GetStatusAsync(tables.StatusTable, "m1"))!.Status);
            Assert.False(await ledger.TryCompleteAsync(tables.StatusTable, "missing", "owner-b"));
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task A_COMPLETED_row_is_reported_and_left_alone(string backend) => On(backend, async (ledger, tables) =>
        {
            await ledger.TryStartAsync(tables.StatusTable, "m1", "d", "owner-a");
            await ledger.TryCompleteAsync(tables.StatusTable, "m1", "owner-a");
            var late = await ledger.TryStartAsync(tables.StatusTable, "m1", "d", "owner-c");
            Assert.Equal(StartDisposition.AlreadyCompleted, late.Disposition);
            Assert.Equal("owner-a", late.Record.OwnerToken);
            Assert.False(await ledger.TryCompleteAsync(tables.StatusTable, "m1", "owner-c"));
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task Status_rows_are_listed_by_message_id(string backend) => On(backend, async (ledger, tables) =>
        {
            foreach (var id in new[] { "m3", "m1", "m2" }) await ledger.TryStartAsync(tables.StatusTable, id, "d", "o");
            Assert.Equal(new[] { "m1", "m2", "m3" }, (await ledger.ListStatusAsync(tables.StatusTable)).Select(r => r.MessageId));
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task A_side_effect_is_performed_once_and_the_existing_record_comes_back(string backend) => On(backend, async (ledger, tables) =>
        {
            var first = await ledger.TryPerformSideEffectAsync(tables.SideEffectsTable, "k", "digest-1", "m1");
            var second = await ledger.TryPerformSideEffectAsync(tables.SideEffectsTable, "k", "digest-2", "m2");
            Assert.True(first.Performed);
            Assert.False(second.Performed);
            Assert.Equal("m1", second.Record.MessageId);
            Assert.Equal("digest-1", second.Record.PayloadDigest);
            Assert.Single(await ledger.ListSideEffectsAsync(tables.SideEffectsTable));
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task Concurrent_side_effects_on_one_key_let_exactly_one_through(string backend) => On(backend, async (ledger, tables) =>
        {
            Task<SideEffectOutcome> Attempt(int i) => ledger.TryPerformSideEffectAsync(tables.SideEffectsTable, "payment:42", "d", "m" + i);
            SideEffectOutcome[] attempts;
            if (backend == Embedded) attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => Attempt(i))));
            else
            {
                // moto does not isolate concurrent conditional writes (see Concurrent_versions_...): one at a time there.
                var results = new List<SideEffectOutcome>();
                for (var i = 0; i < 16; i++) results.Add(await Attempt(i));
                attempts = results.ToArray();
            }
            Assert.Equal(1, attempts.Count(a => a.Performed));
            var winner = attempts.Single(a => a.Performed).Record.MessageId;
            Assert.All(attempts, a => Assert.Equal(winner, a.Record.MessageId));
            Assert.Equal(winner, (await ledger.ListSideEffectsAsync(tables.SideEffectsTable)).Single().MessageId);
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task A_version_is_applied_only_when_newer_and_the_log_records_it_in_store_order(string backend) => On(backend, async (ledger, tables) =>
        {
            var entry = new Func<string, EffectLogEntry>(v => new EffectLogEntry { EntityId = "acct-1", Value = v, MessageId = "ver-" + v, ConsumerId = "c" });
            Assert.True((await ledger.ApplyVersionAsync(tables.VersionsTable!, tables.EffectLogTable!, entry("3"), 3, lastWriteWins: false)).Applied);
            var older = await ledger.ApplyVersionAsync(tables.VersionsTable!, tables.EffectLogTable!, entry("1"), 1, lastWriteWins: false);
            Assert.False(older.Applied);
            Assert.Equal(3, older.Previous);
            Assert.True((await ledger.ApplyVersionAsync(tables.VersionsTable!, tables.EffectLogTable!, entry("5"), 5, lastWriteWins: false)).Applied);
            var log = await ledger.ReadEffectLogAsync(tables.EffectLogTable!);
            Assert.Equal(new[] { "applied 3", "ignored 1", "applied 5" }, log.Select(l => l.Kind + " " + l.Value));
            Assert.Equal(new long[] { 1, 2, 3 }, log.Select(l => l.Sequence));
            Assert.All(log, l => Assert.Equal("acct-1", l.EntityId));
            Assert.Equal(5, (await ledger.ListEntityVersionsAsync(tables.VersionsTable!)).Single().Version);
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task Appends_and_versions_share_one_sequence_in_append_order(string backend) => On(backend, async (ledger, tables) =>
        {
            await ledger.AppendEffectLogAsync(tables.EffectLogTable!, new EffectLogEntry { Kind = "seen", Value = "a", MessageId = "m1", ConsumerId = "c" });
            await ledger.ApplyVersionAsync(tables.VersionsTable!, tables.EffectLogTable!, new EffectLogEntry { EntityId = "e", Value = "2" }, 2, lastWriteWins: false);
            var third = await ledger.AppendEffectLogAsync(tables.EffectLogTable!, new EffectLogEntry { Value = "b", MessageId = "m2", ConsumerId = "c" });
            Assert.Equal(3, third.Sequence);
            Assert.Equal("effect", third.Kind);
            var log = await ledger.ReadEffectLogAsync(tables.EffectLogTable!);
            Assert.Equal(new[] { "1 seen a m1", "2 applied 2 ", "3 effect b m2" }, log.Select(l => l.Sequence + " " + l.Kind + " " + l.Value + " " + l.MessageId));
            Assert.Null(log[0].EntityId);
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task Concurrent_versions_log_in_the_order_they_were_stored(string backend) => On(backend, async (ledger, tables) =>
        {
            var versions = Enumerable.Range(1, 12).ToArray();
            Task<VersionOutcome> Apply(int v) =>
                ledger.ApplyVersionAsync(tables.VersionsTable!, tables.EffectLogTable!, new EffectLogEntry { EntityId = "e", Value = v.ToString(System.Globalization.CultureInfo.InvariantCulture) }, v, lastWriteWins: false);
            VersionOutcome[] outcomes;
            if (backend == Embedded)
            {
                outcomes = await Task.WhenAll(versions.Select(v => Task.Run(() => Apply(v))));
            }
            else
            {
                // moto 5.2.1's DynamoDB checks conditions without isolation between concurrent requests
                // (its threaded server takes no lock: two TransactWriteItems on `last = :n` can both
                // pass, and one log line overwrites the other), so on moto the same decisions are made
                // one after another, in a shuffled order. Real DynamoDB isolates them (see the README).
                var results = new List<VersionOutcome>();
                foreach (var v in new[] { 5, 2, 9, 1, 12, 7, 3, 11, 6, 4, 10, 8 }) results.Add(await Apply(v));
                outcomes = results.ToArray();
            }
            var log = await ledger.ReadEffectLogAsync(tables.EffectLogTable!);
            Assert.Equal(Enumerable.Range(1, versions.Length).Select(i => (long)i), log.Select(l => l.Sequence));
            // Replaying the log reproduces every decision: "applied" exactly when newer than all before it.
            long newest = 0;
            foreach (var line in log)
            {
                var v = long.Parse(line.Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(v > newest ? "applied" : "ignored", line.Kind);
                newest = Math.Max(newest, v);
            }
            Assert.Equal(outcomes.Count(o => o.Applied), log.Count(l => l.Kind == "applied"));
            Assert.Equal(12, (await ledger.ListEntityVersionsAsync(tables.VersionsTable!)).Single().Version);
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task Last_write_wins_applies_an_older_version_too(string backend) => On(backend, async (ledger, tables) =>
        {
            await ledger.ApplyVersionAsync(tables.VersionsTable!, tables.EffectLogTable!, new EffectLogEntry { EntityId = "e" }, 7, lastWriteWins: true);
            var outcome = await ledger.ApplyVersionAsync(tables.VersionsTable!, tables.EffectLogTable!, new EffectLogEntry { EntityId = "e" }, 2, lastWriteWins: true);
            Assert.True(outcome.Applied);
            Assert.Equal(7, outcome.Previous);
            Assert.Equal(2, (await ledger.ListEntityVersionsAsync(tables.VersionsTable!)).Single().Version);
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task A_result_is_stored_once_and_a_second_put_returns_the_first(string backend) => On(backend, async (ledger, tables) =>
        {
            var first = await ledger.PutResultAsync(tables.ResultsTable!, new ResultRecord { MessageId = "m1", Result = "{\"total\":42}", ConsumerId = "consumer-1" });
            var second = await ledger.PutResultAsync(tables.ResultsTable!, new ResultRecord { MessageId = "m1", Result = "{\"total\":0}", ConsumerId = "consumer-2" });
            Assert.True(first.Stored);
            Assert.False(second.Stored);
            Assert.Equal(("m1", "{\"total\":42}", "consumer-1"), (second.Record.MessageId, second.Record.Result, second.Record.ConsumerId));
            Assert.Equal(first.Record.StoredAt, second.Record.StoredAt); // the stored time comes back as it was written
            var read = await ledger.GetResultAsync(tables.ResultsTable!, "m1");
            Assert.Equal(("{\"total\":42}", "consumer-1", first.Record.StoredAt), (read!.Result, read.ConsumerId, read.StoredAt));
            Assert.Null(await ledger.GetResultAsync(tables.ResultsTable!, "m2"));
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task Results_are_listed_by_message_id_and_clearing_empties_them(string backend) => On(backend, async (ledger, tables) =>
        {
            foreach (var id in new[] { "m3", "m1", "m2" })
                await ledger.PutResultAsync(tables.ResultsTable!, new ResultRecord { MessageId = id, Result = "{\"id\":\"" + id + "\"}", ConsumerId = "c" });
            var listed = await ledger.ListResultsAsync(tables.ResultsTable!);
            Assert.Equal(new[] { "m1", "m2", "m3" }, listed.Select(r => r.MessageId));
            Assert.Equal("{\"id\":\"m2\"}", listed[1].Result);

            await ledger.ClearTablesAsync(tables);
            Assert.Empty(await ledger.ListResultsAsync(tables.ResultsTable!));
            Assert.True((await ledger.PutResultAsync(tables.ResultsTable!, new ResultRecord { MessageId = "m1", Result = "{}", ConsumerId = "next-run" })).Stored);
        });

        [Theory, InlineData(Embedded), InlineData(Endpoint), MotoBackend]
        public Task A_missing_table_is_ResourceNotFoundException(string backend) => On(backend, async (ledger, tables) =>
        {
            var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.TryStartAsync("nope-" + Guid.NewGuid().ToString("N"), "m1", "d", "o"));
            Assert.Equal("ResourceNotFoundException", error.ErrorCode);
            var log = await Assert.ThrowsAsync<LedgerException>(() => ledger.ReadEffectLogAsync("nope-" + Guid.NewGuid().ToString("N")));
            Assert.Equal("ResourceNotFoundException", log.ErrorCode);
            var result = await Assert.ThrowsAsync<LedgerException>(() => ledger.PutResultAsync("nope-" + Guid.NewGuid().ToString("N"), new ResultRecord { MessageId = "m1" }));
            Assert.Equal("ResourceNotFoundException", result.ErrorCode);
            var read = await Assert.ThrowsAsync<LedgerException>(() => ledger.GetResultAsync("nope-" + Guid.NewGuid().ToString("N"), "m1"));
            Assert.Equal("ResourceNotFoundException", read.ErrorCode);
        });

        [Fact]
        public async Task An_unreachable_endpoint_fails_fast_naming_it()
        {
            var endpoint = new Uri("http://127.0.0.1:" + MotoServer.FreePort() + "/");
            using var ledger = DynamoDbLedger.ForEndpoint(endpoint, MotoServer.Region, TimeSpan.FromSeconds(1));
            var started = System.Diagnostics.Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.GetStatusAsync("t", "m"));
            Assert.Equal("EndpointUnreachable", error.ErrorCode);
            Assert.Contains(endpoint.GetLeftPart(UriPartial.Authority), error.Message);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), "took " + started.Elapsed);
        }
    }
}

using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Ledger;
using SqsDemo.Tests.Hosting;
using SqsDemo.Tests.Shell;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// Get-DemoResult. No cmdlet writes results yet, so the tests store them through the session's
    /// backend, as a user's script can: (Get-DemoBackend).Ledger.PutResultAsync(...).
    /// </summary>
    public sealed class ResultCommandTests : IClassFixture<ModuleSession>
    {
        private const string Put = @"
function Put-Result($environment, $id, $json, $consumer) {
    $record = [SqsDemo.Engine.Ledger.ResultRecord]@{ MessageId = $id; Result = $json; ConsumerId = $consumer }
    (Get-DemoBackend).Ledger.PutResultAsync($environment.ResultsTable, $record, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
}
";

        private readonly ModuleSession _session;

        public ResultCommandTests(ModuleSession session) => _session = session;

        [Fact]
        public void An_environment_made_with_Ledger_has_an_empty_results_table_named_after_it()
        {
            var environment = _session.Run("$empty = New-DemoEnvironment -Name res-empty -Ledger; $empty").NoErrors().Single<DemoEnvironment>();
            Assert.Equal("res-empty-results", environment.ResultsTable);
            Assert.Empty(_session.Run("$empty | Get-DemoResult").NoErrors().Output);
        }

        [Fact]
        public void Piping_the_environment_lists_its_results_by_message_id_and_MessageId_reads_chosen_ones()
        {
            var outcomes = _session.Run("$listed = New-DemoEnvironment -Name res-list -Ledger" + Put +
                "Put-Result $listed 'm2' '{\"n\":2}' 'c-2'; Put-Result $listed 'm1' '{\"n\":1}' 'c-1'; Put-Result $listed 'm1' '{\"n\":99}' 'late'")
                .NoErrors().Objects<ResultOutcome>().ToArray();
            Assert.Equal(new[] { true, true, false }, outcomes.Select(o => o.Stored));

            var all = _session.Run("$listed | Get-DemoResult").NoErrors().Objects<ResultRecord>().ToArray();
            Assert.Equal(new[] { ("m1", "{\"n\":1}", "c-1"), ("m2", "{\"n\":2}", "c-2") }, all.Select(r => (r.MessageId, r.Result, r.ConsumerId)));

            var chosen = _session.Run("$listed | Get-DemoResult -MessageId m2, absent, m1, m2").NoErrors().Objects<ResultRecord>();
            Assert.Equal(new[] { "m2", "m1" }, chosen.Select(r => r.MessageId)); // in the order asked, each once, the absent one silent
            Assert.Equal("m1", _session.Run("Get-DemoResult m1 -ResultsTable $listed.ResultsTable").NoErrors().Single<ResultRecord>().MessageId);
        }

        [Fact]
        public void An_environment_without_a_ledger_is_ResultsTableNotSpecified_and_the_next_one_piped_is_still_read()
        {
            var run = _session.Run("$plain = New-DemoEnvironment -Name res-plain; $withLedger = New-DemoEnvironment -Name res-next -Ledger" + Put +
                "Put-Result $withLedger 'only' '{}' 'c' | Out-Null; $withLedger, $plain, $withLedger | Get-DemoResult");
            var error = Assert.Single(run.Errors);
            Assert.Equal("ResultsTableNotSpecified,SqsDemo.Commands.GetDemoResultCommand", error.FullyQualifiedErrorId);
            Assert.Contains("-Ledger", error.ErrorDetails.RecommendedAction);
            // The plain environment's missing table does not keep the previous one's: exactly two rows, from the two ledger ones.
            Assert.Equal(new[] { "only", "only" }, run.Objects<ResultRecord>().Select(r => r.MessageId));
        }

        [Fact]
        public void Without_a_table_given_or_piped_it_is_ResultsTableNotSpecified()
        {
            var run = _session.Run("Get-DemoResult -MessageId m1");
            Assert.Equal("ResultsTableNotSpecified,SqsDemo.Commands.GetDemoResultCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
            Assert.Empty(run.Output);
        }

        [Fact]
        public void A_table_that_does_not_exist_is_ResourceNotFoundException_listing_or_reading_ids()
        {
            foreach (var call in new[] { "Get-DemoResult -ResultsTable no-such-results", "Get-DemoResult m1 -ResultsTable no-such-results" })
            {
                var run = _session.Run(call);
                Assert.Equal("ResourceNotFoundException,SqsDemo.Commands.GetDemoResultCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
            }
        }

        [Fact]
        public void Removing_the_environment_deletes_its_results_table()
        {
            _session.Run("$gone = New-DemoEnvironment -Name res-gone -Ledger; $gone | Remove-DemoEnvironment -Force").NoErrors();
            var run = _session.Run("$gone | Get-DemoResult");
            Assert.Equal("ResourceNotFoundException,SqsDemo.Commands.GetDemoResultCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void The_first_help_example_runs_and_shows_the_four_columns()
        {
            // Through the shell: its output goes through PowerShell's formatting, and so through the module's view.
            var result = ShellProcess.Run("-Command", @"
$environment = New-DemoEnvironment -Name orders -Ledger
$ledger = (Get-DemoBackend).Ledger
$record = [SqsDemo.Engine.Ledger.ResultRecord]@{ MessageId = 'order-1'; Result = '{""total"":42}'; ConsumerId = 'me' }
$ledger.PutResultAsync($environment.ResultsTable, $record, [Threading.CancellationToken]::None).GetAwaiter().GetResult() | Out-Null
$environment | Get-DemoResult");
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = ShellProcess.Lines(result.StdOut);
            Assert.Equal(new[] { "MessageId", "Consumer", "StoredAt", "Result" }, lines[0].Split(' ', System.StringSplitOptions.RemoveEmptyEntries));
            var row = lines.Single(l => l.StartsWith("order-1", System.StringComparison.Ordinal));
            Assert.Contains(" me ", row);
            Assert.EndsWith("{\"total\":42}", row);
        }
    }
}

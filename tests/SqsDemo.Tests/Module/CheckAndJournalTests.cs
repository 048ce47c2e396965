using System.Linq;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class CheckAndJournalTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public CheckAndJournalTests(ModuleSession session) => _session = session;

        [Theory]
        [InlineData("New-DemoCheck x -Expected 5 -Actual 5", true)]
        [InlineData("New-DemoCheck x -Expected 5 -Actual 4", false)]
        [InlineData("New-DemoCheck x -Expected 5 -Actual '5'", true)]
        [InlineData("New-DemoCheck x -Expected @(1,2,3) -Actual @(1,2,3)", true)]
        [InlineData("New-DemoCheck x -Expected @(1,2,3) -Actual @(3,2,1)", false)]
        [InlineData("New-DemoCheck x -Expected @(1,2,3) -Actual @(3,2,1) -Comparison SameSet", true)]
        [InlineData("New-DemoCheck x -Expected @('a','b') -Actual @('a') -Comparison SameSet", false)]
        [InlineData("New-DemoCheck x -Expected 2 -Actual 3 -Comparison AtLeast", true)]
        [InlineData("New-DemoCheck x -Expected 2 -Actual 1 -Comparison AtLeast", false)]
        [InlineData("New-DemoCheck x -Expected 2 -Actual 3 -Comparison AtMost", false)]
        [InlineData("New-DemoCheck x -Passed $false -Expected 'a' -Actual 'a'", false)]
        [InlineData("New-DemoCheck x -Expected 1 -Actual $null", false)]
        public void A_check_compares_what_it_found_with_what_it_expected(string script, bool passed)
        {
            Assert.Equal(passed, _session.Run(script).NoErrors().Single<ScenarioCheck>().Passed);
        }

        [Theory]
        [InlineData("New-DemoCheck x -Expected @('b','c','a') -Actual @('c','a','b') -Comparison SameSet", "a, b, c", "a, b, c")]
        [InlineData("New-DemoCheck x -Expected @('b','a') -Actual @('c') -Comparison SameSet", "a, b", "c")]
        [InlineData("New-DemoCheck x -Expected @('b','a') -Actual @('a','b')", "b, a", "a, b")]
        public void A_set_check_shows_its_members_sorted_and_a_sequence_check_in_its_order(string script, string expected, string actual)
        {
            var check = _session.Run(script).NoErrors().Single<ScenarioCheck>();
            Assert.Equal(expected, check.Expected);
            Assert.Equal(actual, check.Actual);
        }

        [Fact]
        public void The_journal_records_sends_receives_and_deletes_with_their_actors()
        {
            _session.Run("$jn = New-DemoEnvironment -Name journal; $jn | Send-DemoMessage -Count 2 | Out-Null; $jn | Start-DemoConsumer -ConsumerId jc -MessageLimit 2 | Out-Null").NoErrors();
            var events = _session.Run("Get-DemoJournal -QueueUrl $jn.QueueUrl").NoErrors().Objects<JournalEvent>().ToArray();
            Assert.Equal(2, events.Count(e => e.Kind == JournalEventKind.Sent && e.Actor == "producer"));
            Assert.Equal(2, events.Count(e => e.Kind == JournalEventKind.Received && e.Actor == "jc"));
            Assert.Equal(2, events.Count(e => e.Kind == JournalEventKind.Processed && e.Actor == "jc"));
            Assert.Equal(2, events.Count(e => e.Kind == JournalEventKind.Deleted && e.Actor == "jc"));
            Assert.True(events.Select(e => e.Sequence).SequenceEqual(events.Select(e => e.Sequence).OrderBy(s => s)));
            Assert.Single(_session.Run("Get-DemoJournal -Kind Deleted -Actor jc -Last 1").Output);
        }

        [Fact]
        public void Wait_DemoClock_waits_scenario_seconds_on_the_scaled_clock()
        {
            _session.Run("Connect-DemoBackend -TimeScale 100 | Out-Null").NoErrors();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var reached = (System.TimeSpan)_session.Run("Wait-DemoClock -Seconds 30 -PassThru").NoErrors().Output.Single().BaseObject;
            watch.Stop();
            Assert.True(reached.TotalSeconds >= 30, "scenario time reached " + reached);
            // 30 scenario seconds at x100 are 0.3 wall seconds: far less than 30 s, however loaded the machine.
            Assert.True(watch.Elapsed.TotalSeconds < 25, "wall time " + watch.Elapsed);
        }
    }
}

using System.Linq;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Scenarios
{
    /// <summary>The catalog's scenarios pass on the embedded backend, run after run, whatever the seed.</summary>
    [Hosting.RunsLong]
    public sealed class ScenarioTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public ScenarioTests(ModuleSession session) => _session = session;

        private static readonly string BackpressureClock = ScenarioSeedTests.ClockFor("backpressure");

        private ScenarioResult Invoke(string arguments) => ScenarioSeedTests.Invoke(_session, arguments);

        [Fact]
        public void Backpressure_scales_out_while_depth_is_high_then_stops_the_producer_and_reports_its_ticks()
        {
            var result = Invoke("-Name backpressure -Seed 11" + BackpressureClock);
            var report = Assert.IsType<SqsDemo.Engine.Work.AutoscalerReport>(Assert.Single(result.Report.Select(o => o is System.Management.Automation.PSObject p ? p.BaseObject : o)));
            var scaledOut = result.Journal.Where(e => e.Kind == JournalEventKind.ScaledOut).ToArray();
            Assert.Equal(report.ConsumersStarted - 1, scaledOut.Length); // one consumer before the first tick
            Assert.True(report.PeakConsumers > 1);
            // Every scale-out was decided on a tick whose visible depth was at or above the threshold (10).
            Assert.All(report.Ticks.Where(t => (t.Action & SqsDemo.Engine.Work.AutoscalerAction.ScaleOut) != 0), t => Assert.True(t.Visible >= 10, $"scaled out at depth {t.Visible}"));
            var stopped = Assert.Single(result.Journal, e => e.Kind == JournalEventKind.ProducerStopped);
            // Nothing was sent after the producer stopped.
            Assert.DoesNotContain(result.Journal, e => e.Kind == JournalEventKind.Sent && e.Sequence > stopped.Sequence);
            Assert.Equal(report.ConsumersStarted, result.Journal.Where(e => e.Kind == JournalEventKind.ConsumerStarted).Select(e => e.Actor).Distinct().Count());
        }

        [Fact]
        public void Happy_purge_timing_reports_each_phase_and_its_counts_add_up_to_what_was_sent()
        {
            var result = Invoke("-Name happy-purge-timing -Seed 4");
            var rows = result.Report.OfType<System.Management.Automation.PSObject>().ToArray();
            Assert.Equal(2 * 7, rows.Length); // 2 rounds x (seed, +0, +5, +15, +30, +45, +65)
            int Field(System.Management.Automation.PSObject row, string name) => (int)row.Properties[name].Value;
            Assert.All(rows, r => Assert.Equal(Field(r, "Sent"), Field(r, "Survived") + Field(r, "Lost")));
            Assert.Equal(result.Journal.Count(e => e.Kind == JournalEventKind.Sent), rows.Sum(r => Field(r, "Sent")));
            Assert.Equal(result.Journal.Count(e => e.Kind == JournalEventKind.PurgedMessage), rows.Sum(r => Field(r, "Lost")));
        }

        [Fact]
        public void Poison_moves_exactly_the_poison_messages_and_the_journal_shows_why()
        {
            var result = Invoke("-Name poison -Seed 7");
            var rejected = result.Journal.Where(e => e.Kind == JournalEventKind.Rejected).ToArray();
            var moved = result.Journal.Where(e => e.Kind == JournalEventKind.MovedToDeadLetterQueue).ToArray();
            Assert.Equal(2, moved.Length);
            // Each poison message was received and rejected maxReceiveCount (2) times before its move.
            Assert.All(moved, m => Assert.Equal(2, rejected.Count(r => r.MessageId == m.MessageId)));
        }

        [Fact]
        public void Crash_shows_the_redelivery_to_a_second_consumer()
        {
            var result = Invoke("-Name crash -Seed 11");
            var received = result.Journal.Where(e => e.Kind == JournalEventKind.Received).ToArray();
            Assert.Equal(new[] { "consumer-a", "consumer-b" }, received.Select(e => e.Actor));
            Assert.Equal(new[] { 1, 2 }, received.Select(e => e.ReceiveCount));
            Assert.True(received[1].ScenarioTime - received[0].ScenarioTime >= System.TimeSpan.FromSeconds(10), "redelivered only after the visibility timeout");
        }

        [Fact]
        public void Dup_side_effects_crashes_between_the_side_effect_and_COMPLETED_and_B_skips_the_effect()
        {
            var result = Invoke("-Name dup-side-effects -Seed 4");
            var crash = Assert.Single(result.Journal, e => e.Kind == JournalEventKind.Crashed);
            var ofA = result.Journal.Where(e => e.Actor == "consumer-a" && e.MessageId == crash.MessageId).Select(e => e.Kind).ToArray();
            Assert.Equal(new[] { JournalEventKind.Received, JournalEventKind.LedgerStarted, JournalEventKind.SideEffect, JournalEventKind.Crashed }, ofA);
            var ofB = result.Journal.Where(e => e.Actor == "consumer-b" && e.MessageId == crash.MessageId).Select(e => e.Kind).ToArray();
            Assert.Contains(JournalEventKind.SideEffectSkipped, ofB);
            Assert.DoesNotContain(JournalEventKind.SideEffect, ofB);
            Assert.Contains(JournalEventKind.LedgerCompleted, ofB);
        }

        [Fact]
        public void Dup_shows_two_receives_one_side_effect_and_the_stale_handle_delete()
        {
            var result = Invoke("-Name dup -Seed 8");
            Assert.Equal(2, result.Journal.Count(e => e.Kind == JournalEventKind.Received));
            Assert.Single(result.Journal, e => e.Kind == JournalEventKind.SideEffect);
            Assert.Single(result.Journal, e => e.Kind == JournalEventKind.SideEffectSkipped);
            Assert.Single(result.Journal, e => e.Kind == JournalEventKind.OwnershipLost);
            // The broker confirms what the journal suspected: the superseded handle's delete did not delete.
            Assert.Contains(result.Journal, e => e.Kind == JournalEventKind.Note && e.Actor == "broker" && e.ReceiptGeneration != null);
        }

        [Fact]
        public void Heartbeat_shows_one_receive_the_extensions_and_a_current_delete()
        {
            var result = Invoke("-Name heartbeat -Seed 8 -TimeScale 5");
            var received = Assert.Single(result.Journal, e => e.Kind == JournalEventKind.Received);
            var extended = result.Journal.Where(e => e.Kind == JournalEventKind.VisibilityExtended).ToArray();
            // Every 4 s through the 30-second side effect (seven beats on an unhurried machine), each
            // by the receiver, each to 10 s from the call.
            Assert.NotEmpty(extended);
            Assert.All(extended, e => Assert.Equal(received.Actor, e.Actor));
            Assert.All(extended, e => Assert.Equal((10.0, true), (e.VisibilityTimeoutSeconds, e.HeartbeatSeconds != null)));
            Assert.DoesNotContain(result.Journal, e => e.Kind == JournalEventKind.VisibilityChanged);
            var deleted = Assert.Single(result.Journal, e => e.Kind == JournalEventKind.Deleted);
            // Hidden throughout: the receive, each extension and the delete each came before the
            // visibility set by the one before ran out.
            var hiddenUntil = new[] { received }.Concat(extended).Select(e => e.ScenarioTime + System.TimeSpan.FromSeconds(10)).ToArray();
            var next = extended.Concat(new[] { deleted }).Select(e => e.ScenarioTime).ToArray();
            for (var i = 0; i < next.Length; i++)
                Assert.True(next[i] < hiddenUntil[i], $"step {i} at {next[i].TotalSeconds:0.00}s, visible again from {hiddenUntil[i].TotalSeconds:0.00}s");
            Assert.Single(result.Journal, e => e.Kind == JournalEventKind.SideEffect);
            Assert.DoesNotContain(result.Journal, e => e.Kind == JournalEventKind.SideEffectSkipped || e.Kind == JournalEventKind.OwnershipLost || e.Kind == JournalEventKind.DeleteMayNotHaveDeleted);
        }

        /// <summary>
        /// With either guard every group's effect log is in send order, seed after seed. A heartbeat every 3 s must land
        /// within a 10 s visibility timeout and the lease guard's margin is 1 s: x5 keeps both wide on a loaded machine
        /// (at x5 a stall of 1.4 s of wall time made a beat come too late once).
        /// </summary>
        [Theory]
        [InlineData("Heartbeat", 1)]
        [InlineData("Heartbeat", 2)]
        [InlineData("Heartbeat", 3)]
        [InlineData("LeaseGuard", 1)]
        [InlineData("LeaseGuard", 2)]
        [InlineData("LeaseGuard", 3)]
        public void Fifo_overrun_keeps_every_group_in_order_with_each_guard(string guard, int seed)
        {
            var result = Invoke($"-Name fifo-overrun -Seed {seed} -TimeScale 5 -Parameters @{{ Guard = '{guard}' }}");
            Assert.Equal(0, Assert.Single(result.Checks, c => c.Name == "every group applied in send order").Actual);
            Assert.Equal(0, Assert.Single(result.Checks, c => c.Name == "no dead-lettered message applied").Actual);
            var refused = result.Journal.Where(e => e.Kind == JournalEventKind.LeaseExpired).ToArray();
            if (guard == "LeaseGuard")
            {
                // Each refusal came after the lease's end (the work overran by 5 s), and its message took no effect anywhere.
                Assert.NotEmpty(refused);
                Assert.All(refused, e => Assert.True(e.LateBySeconds > 0 && e.MessageGroupId != null, $"{e.BodyId}: {e.LateBySeconds} s, group {e.MessageGroupId}"));
                Assert.DoesNotContain(result.Journal, e => e.Kind == JournalEventKind.SideEffect && refused.Any(r => r.BodyId == e.BodyId));
            }
            else
            {
                Assert.Empty(refused);
                Assert.Contains(result.Journal, e => e.Kind == JournalEventKind.VisibilityExtended);
            }
        }

        /// <summary>
        /// Without a guard the break is there and the journal tells it: the late message was dead-lettered while its
        /// consumer still worked, another consumer applied its successor, and only then did the first one apply it.
        /// </summary>
        [Fact]
        public void Fifo_overrun_without_a_guard_shows_a_dead_lettered_message_applied_after_its_successor()
        {
            var result = Invoke("-Name fifo-overrun -Seed 5 -TimeScale 5");
            var late = Assert.Single(result.Checks, c => c.Name == "the order broke: a message applied after a later one of its group");
            Assert.True((int)late.Actual! >= 1);
            var bodyOf = result.Journal.Where(e => e.Kind == JournalEventKind.Sent).ToDictionary(e => e.MessageId!, e => e.BodyId!);
            var applied = result.Journal.Where(e => e.Kind == JournalEventKind.SideEffect).ToArray();
            var explained = applied.Where(effect =>
            {
                var id = effect.BodyId!;
                var dash = id.LastIndexOf('-');
                var successor = id.Substring(0, dash + 1) + (int.Parse(id.Substring(dash + 1)) + 1);
                var moved = result.Journal.FirstOrDefault(e => e.Kind == JournalEventKind.MovedToDeadLetterQueue && bodyOf[e.MessageId!] == id);
                var next = applied.FirstOrDefault(e => e.BodyId == successor);
                return moved != null && next != null && moved.Sequence < next.Sequence && next.Sequence < effect.Sequence && next.Actor != effect.Actor;
            }).ToArray();
            Assert.NotEmpty(explained);
        }

        /// <summary>The verdict is computed: without an overrun there is no break to show, and the unguarded run fails.</summary>
        [Fact]
        public void Fifo_overrun_fails_when_nothing_overran()
        {
            var result = _session.Run("Invoke-DemoScenario -Name fifo-overrun -Seed 2 -Parameters @{ LongSleepSeconds = 1 }").Single<ScenarioResult>();
            Assert.False(result.Passed);
            var failed = Assert.Single(result.Checks, c => !c.Passed);
            Assert.Equal("the order broke: a message applied after a later one of its group", failed.Name);
            Assert.Equal(0, failed.Actual);
        }

        [Fact]
        public void Version_order_applies_in_increasing_order_although_delivery_was_shuffled()
        {
            var result = Invoke("-Name version-order -Seed 12" + ScenarioSeedTests.ClockFor("version-order"));
            var applied = result.Journal.Where(e => e.Kind == JournalEventKind.VersionApplied).ToArray();
            var ignored = result.Journal.Where(e => e.Kind == JournalEventKind.VersionIgnored).ToArray();
            Assert.Equal(10, applied.Length + ignored.Length);
            Assert.Contains(result.Journal, e => e.Kind == JournalEventKind.Sent);
            var versions = applied.Select(e => int.Parse(e.BodyId!.Substring("ver-".Length))).ToArray();
            Assert.Equal(versions.OrderBy(v => v), versions);
            Assert.Equal(10, versions.Last());
        }

        [Fact]
        public void Out_of_order_shows_the_naive_final_state_beside_the_reconciled_one()
        {
            var result = Invoke("-Name out-of-order -Seed 21");
            var naive = result.Journal.Where(e => e.Actor == "naive" && e.Kind == JournalEventKind.VersionApplied).ToArray();
            var reconciled = result.Journal.Where(e => e.Actor == "reconciled" && e.Kind == JournalEventKind.VersionApplied).ToArray();
            // Last write wins applies every version; version checks apply only the newer ones.
            Assert.Equal(10, naive.Length);
            Assert.True(reconciled.Length < 10, "the reconciled consumer ignored older versions");
        }

        [Fact]
        public void A_scenario_whose_expectation_is_wrong_really_fails()
        {
            var result = _session.Run("Invoke-DemoScenario -Name poison -Seed 5 -Parameters @{ ExpectedDeadLetterCount = 3 }").Single<ScenarioResult>();
            Assert.False(result.Passed);
            var failed = Assert.Single(result.Checks, c => !c.Passed);
            Assert.Equal("DLQ message count", failed.Name);
            Assert.Equal(3, failed.Expected);
            Assert.Equal(2, failed.Actual);
        }

        [Fact]
        public void The_same_seed_replays_the_same_chaos_decisions()
        {
            string PoisonIds(ScenarioResult r) => string.Join(",", r.Journal.Where(e => e.Kind == JournalEventKind.MovedToDeadLetterQueue).Select(e => e.BodyId ?? e.MessageId).OrderBy(x => x));
            var first = Invoke("-Name poison -Seed 99");
            var second = Invoke("-Name poison -Seed 99");
            var sentFirst = first.Journal.Where(e => e.Kind == JournalEventKind.Sent).Select(e => e.BodyId).ToArray();
            var sentSecond = second.Journal.Where(e => e.Kind == JournalEventKind.Sent).Select(e => e.BodyId).ToArray();
            Assert.Equal(sentFirst, sentSecond);
            Assert.Equal(PoisonIds(first), PoisonIds(second));
        }

        [Fact]
        public void An_unknown_scenario_is_a_terminating_error_listing_the_valid_names()
        {
            var error = _session.RunExpectingTerminatingError("Invoke-DemoScenario -Name no-such-thing");
            Assert.Equal("ScenarioNotFound,SqsDemo.Commands.InvokeDemoScenarioCommand", error.FullyQualifiedErrorId);
            Assert.Contains("happy", error.Exception.Message);
            Assert.Contains("poison", error.Exception.Message);
        }

        [Fact]
        public void A_script_of_your_own_runs_with_Path()
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sqsdemo-own-" + System.Guid.NewGuid().ToString("N") + ".ps1");
            System.IO.File.WriteAllText(path, "$e = New-DemoEnvironment -Name own\n$e | Send-DemoMessage -Count 2 | Out-Null\n$q = $e | Get-DemoQueue\nNew-DemoCheck 'two visible' -Expected 2 -Actual $q.Visible\n");
            try
            {
                var result = Invoke($"-Path '{path}'");
                Assert.Equal(System.IO.Path.GetFileNameWithoutExtension(path), result.Name);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void A_script_that_throws_fails_with_its_error()
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sqsdemo-throw-" + System.Guid.NewGuid().ToString("N") + ".ps1");
            System.IO.File.WriteAllText(path, "New-DemoCheck 'ok so far' -Expected 1 -Actual 1\nthrow 'the scenario broke'\n");
            try
            {
                var run = _session.Run($"Invoke-DemoScenario -Path '{path}'");
                var result = run.Single<ScenarioResult>();
                Assert.False(result.Passed);
                Assert.Contains("the scenario broke", result.Error);
                Assert.Equal("ScenarioFailed,SqsDemo.Commands.InvokeDemoScenarioCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void Get_DemoScenario_lists_the_catalog_from_the_scripts_help()
        {
            var names = _session.Run("Get-DemoScenario | ForEach-Object { $_.Name + '|' + $_.Speed + '|' + [bool]$_.Synopsis }").NoErrors().Output.Select(o => o.ToString()).ToArray();
            Assert.Contains("happy|Fast|True", names);
            Assert.Contains("crash|Fast|True", names);
            Assert.Contains("poison|Fast|True", names);
        }
    }
}

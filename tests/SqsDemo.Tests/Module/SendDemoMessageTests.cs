using System;
using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class SendDemoMessageTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public SendDemoMessageTests(ModuleSession session) => _session = session;

        private QueueStatistics Stats(string env) => _session.Run($"${env} | Get-DemoQueue").NoErrors().Single<QueueStatistics>();

        [Fact]
        public void An_environment_piped_in_binds_the_queue_and_Count_generates_bodies()
        {
            var sent = _session.Run("$e1 = New-DemoEnvironment -Name send-generate; $e1 | Send-DemoMessage -Count 7 -BatchSize 3").NoErrors().Objects<SentMessage>().ToArray();
            Assert.Equal(7, sent.Length);
            Assert.All(sent, s => Assert.Matches("^\\{\"id\":\"[0-9a-f-]{36}\",\"work\":\\d+\\}$", s.Body));
            Assert.Equal(7, sent.Select(s => s.MessageId).Distinct().Count());
            Assert.Equal(7, Stats("e1").Visible);
        }

        [Fact]
        public void Strings_piped_in_become_bodies()
        {
            var sent = _session.Run("$e2 = New-DemoEnvironment -Name send-strings; 'a','b','c' | Send-DemoMessage -QueueUrl $e2.QueueUrl").NoErrors().Objects<SentMessage>().ToArray();
            Assert.Equal(new[] { "a", "b", "c" }, sent.Select(s => s.Body));
            Assert.Equal(3, Stats("e2").Visible);
        }

        [Fact]
        public void PoisonEvery_puts_poison_at_every_Nth_position()
        {
            var sent = _session.Run("$e3 = New-DemoEnvironment -Name send-poison; $e3 | Send-DemoMessage -Count 50 -PoisonEvery 3 -BatchSize 10").NoErrors().Objects<SentMessage>().ToArray();
            var poison = sent.Where(s => s.Poison).Select(s => s.Index).ToArray();
            Assert.Equal(Enumerable.Range(0, 16).Select(i => 2 + 3 * i), poison);
            Assert.All(sent.Where(s => s.Poison), s => Assert.Contains("\"poison\":true", s.Body));
        }

        [Fact]
        public void PoisonCount_positions_replay_with_the_seed()
        {
            var first = _session.Run("$e4 = New-DemoEnvironment -Name send-seed; $e4 | Send-DemoMessage -Count 20 -PoisonCount 4 -Seed 42").NoErrors().Objects<SentMessage>().ToArray();
            var second = _session.Run("$e4 | Send-DemoMessage -Count 20 -PoisonCount 4 -Seed 42").NoErrors().Objects<SentMessage>().ToArray();
            Assert.Equal(4, first.Count(s => s.Poison));
            Assert.Equal(first.Where(s => s.Poison).Select(s => s.Index), second.Where(s => s.Poison).Select(s => s.Index));
            Assert.Equal(first.Select(s => s.BodyId), second.Select(s => s.BodyId));
        }

        [Fact]
        public void Each_send_in_a_run_generates_new_bodies()
        {
            var first = _session.Run("$e9 = New-DemoEnvironment -Name send-twice; $e9 | Send-DemoMessage -Count 3").NoErrors().Objects<SentMessage>().Select(s => s.BodyId).ToArray();
            var second = _session.Run("$e9 | Send-DemoMessage -Count 3").NoErrors().Objects<SentMessage>().Select(s => s.BodyId).ToArray();
            Assert.Empty(first.Intersect(second));
        }

        [Fact]
        public void Shuffle_sends_piped_bodies_in_a_seeded_order()
        {
            var sent = _session.Run("$e10 = New-DemoEnvironment -Name send-shuffle; 1..20 | ForEach-Object { \"b$_\" } | Send-DemoMessage -QueueUrl $e10.QueueUrl -Shuffle")
                .NoErrors().Objects<SentMessage>().Select(s => s.Body).ToArray();
            Assert.Equal(20, sent.Length);
            Assert.Equal(Enumerable.Range(1, 20).Select(i => "b" + i).OrderBy(b => b), sent.OrderBy(b => b));
            Assert.NotEqual(Enumerable.Range(1, 20).Select(i => "b" + i), sent);
        }

        [Fact]
        public void BatchSize_11_is_refused_and_nothing_is_sent()
        {
            _session.Run("$e5 = New-DemoEnvironment -Name send-batch11").NoErrors();
            var error = _session.RunExpectingTerminatingError("$e5 | Send-DemoMessage -Count 5 -BatchSize 11");
            Assert.Equal("ParameterArgumentValidationError,SqsDemo.Commands.SendDemoMessageCommand", error.FullyQualifiedErrorId);
            Assert.Equal(0, Stats("e5").Visible);
        }

        [Fact]
        public void A_body_over_1_MiB_is_refused_with_MessageTooLarge_and_the_other_bodies_still_go()
        {
            var result = _session.Run("$e6 = New-DemoEnvironment -Name send-large; 'before', ('x' * 1048577), 'after' | Send-DemoMessage -QueueUrl $e6.QueueUrl");
            var error = Assert.Single(result.Errors);
            Assert.Equal("MessageTooLarge,SqsDemo.Commands.SendDemoMessageCommand", error.FullyQualifiedErrorId);
            Assert.Contains("1,048,577", error.Exception.Message);
            Assert.Equal(new[] { "before", "after" }, result.Objects<SentMessage>().Select(s => s.Body));
            Assert.Equal(2, Stats("e6").Visible);
        }

        [Fact]
        public void A_body_of_exactly_1_MiB_is_accepted()
        {
            _session.Run("$e7 = New-DemoEnvironment -Name send-max; ('y' * 1048576) | Send-DemoMessage -QueueUrl $e7.QueueUrl").NoErrors();
            Assert.Equal(1, Stats("e7").Visible);
        }

        [Fact]
        public void WhatIf_sends_nothing()
        {
            var result = _session.Run("$e8 = New-DemoEnvironment -Name send-whatif; $e8 | Send-DemoMessage -Count 5 -WhatIf").NoErrors();
            Assert.Empty(result.Objects<SentMessage>());
            Assert.Equal(0, Stats("e8").Visible);
        }

        [Fact]
        public void Without_a_queue_the_error_says_how_to_give_one()
        {
            var error = _session.RunExpectingTerminatingError("Send-DemoMessage -Count 1");
            Assert.Equal("QueueNotSpecified,SqsDemo.Commands.SendDemoMessageCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void What_is_not_text_is_refused_one_error_each_and_the_strings_beside_it_still_go()
        {
            var result = _session.Run("$e9 = New-DemoEnvironment -Name send-nontext; @{ a = 1 }, 'kept', (Get-DemoBackend), 42 | Send-DemoMessage -QueueUrl $e9.QueueUrl");
            Assert.Equal(new[] { "kept" }, result.Objects<SentMessage>().Select(s => s.Body));
            Assert.Equal(3, result.Errors.Length);
            Assert.All(result.Errors, e => Assert.Equal("NonStringMessageBody,SqsDemo.Commands.SendDemoMessageCommand", e.FullyQualifiedErrorId));
            Assert.Contains("System.Collections.Hashtable", result.Errors[0].Exception.Message);
            Assert.Equal(1, Stats("e9").Visible);
        }

        [Fact]
        public void An_object_converted_to_text_by_the_user_is_sent_as_that_text()
        {
            var sent = _session.Run("$e10 = New-DemoEnvironment -Name send-json; $h = @{ a = 1 }; \"a=$($h.a)\" | Send-DemoMessage -QueueUrl $e10.QueueUrl").NoErrors().Single<SentMessage>();
            Assert.Equal("a=1", sent.Body);
        }

        [Fact]
        public void The_throughput_of_the_sends_is_on_the_information_stream()
        {
            var result = _session.Run("$e11 = New-DemoEnvironment -Name send-rate; $e11 | Send-DemoMessage -Count 4 -InformationVariable rate | Out-Null; $rate.MessageData").NoErrors();
            var throughput = result.Single<SendThroughput>();
            Assert.Equal(4, throughput.Sent);
            Assert.True(throughput.MessagesPerSecond > 0);
        }

        [Fact]
        public void The_throughput_is_measured_on_the_wall_and_the_scenario_clock()
        {
            // A paced burst on its own backend at x20: eleven messages at two per scenario second take 5 scenario
            // seconds and a twentieth of that (250 ms) in wall time, so the two rates differ by the time scale. The clocks
            // are read one after the other at each end: a few milliseconds apart on a loaded machine, hence the margin.
            using var session = new ModuleSession();
            var throughput = session.Run("Connect-DemoBackend -TimeScale 20 | Out-Null; $paced = New-DemoEnvironment -Name send-paced; $paced | Send-DemoMessage -Count 11 -Rate 2 -InformationVariable rate | Out-Null; $rate.MessageData")
                .NoErrors().Single<SendThroughput>();
            Assert.True(throughput.ScenarioElapsed >= TimeSpan.FromSeconds(5), throughput.ToString());
            Assert.InRange(throughput.ScenarioElapsed.TotalSeconds / throughput.Elapsed.TotalSeconds, 16, 24);
            Assert.InRange(throughput.MessagesPerSecond / throughput.MessagesPerScenarioSecond, 16, 24);
            Assert.Contains("scenario s", throughput.ToString());
        }

        [Fact]
        public void A_missing_queue_fails_with_SQS_QueueDoesNotExist()
        {
            var error = _session.RunExpectingTerminatingError("Send-DemoMessage -QueueUrl 'http://sqs.us-east-1.embedded.sqsdemo/000000000000/nope' -Count 1");
            Assert.Equal("QueueDoesNotExist,SqsDemo.Commands.SendDemoMessageCommand", error.FullyQualifiedErrorId);
        }
    }
}

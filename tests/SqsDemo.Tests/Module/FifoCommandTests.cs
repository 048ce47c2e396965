using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class FifoCommandTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public FifoCommandTests(ModuleSession session) => _session = session;

        [Fact]
        public void Fifo_environments_have_fifo_queue_and_DLQ_names()
        {
            var env = _session.Run("New-DemoEnvironment -Name fifo-names -Fifo -ContentBasedDeduplication").NoErrors().Single<DemoEnvironment>();
            Assert.EndsWith("/fifo-names.fifo", env.QueueUrl);
            Assert.EndsWith("/fifo-names-dlq.fifo", env.DeadLetterQueueUrl);
            Assert.True(env.Fifo);
            Assert.True(env.ContentBasedDeduplication);
        }

        [Fact]
        public void ContentBasedDeduplication_without_Fifo_is_refused()
        {
            var error = _session.Run("New-DemoEnvironment -Name fifo-no -ContentBasedDeduplication").Errors.Single();
            Assert.Equal("ContentBasedDeduplicationNeedsFifo,SqsDemo.Commands.NewDemoEnvironmentCommand", error.FullyQualifiedErrorId);
        }

        [Theory]
        [InlineData("MessageGroupId", "MessageGroupScriptFailed")]
        [InlineData("DeduplicationId", "DeduplicationIdScriptFailed")]
        public void A_throwing_id_script_names_its_parameter_and_message_keeps_the_error_and_says_what_was_sent(string parameter, string errorId)
        {
            var queue = "fifo-boom-" + parameter.ToLowerInvariant();
            var error = _session.RunExpectingTerminatingError($"$f = New-DemoEnvironment -Name {queue} -Fifo -ContentBasedDeduplication; " +
                "1..3 | ForEach-Object { '{\"id\":\"m' + $_ + '\"}' } | Send-DemoMessage -QueueUrl $f.QueueUrl " + (parameter == "MessageGroupId" ? "" : "-MessageGroupId g ") +
                $"-{parameter} {{ if ($_ -match 'm2') {{ throw 'boom' }} else {{ 'x' }} }}");

            Assert.Equal(errorId + ",SqsDemo.Commands.SendDemoMessageCommand", error.FullyQualifiedErrorId);
            Assert.Contains($"-{parameter} script block failed on message 2 of this call", error.Exception.Message);
            // The bodies were piped, sent one per record: the first went before the script failed on the second, and stays.
            Assert.EndsWith("The 1 message(s) sent before it stay sent; nothing more was sent.", error.Exception.Message);
            Assert.Contains("{\"id\":\"m2\"}", error.Exception.Message);
            Assert.Contains("boom", error.Exception.Message);
            Assert.Equal("boom", Assert.IsAssignableFrom<System.Management.Automation.RuntimeException>(error.Exception.InnerException).Message);
            Assert.Contains("-" + parameter, error.ErrorDetails.RecommendedAction);
            var depth = _session.Run($"(Get-DemoEnvironment -Name {queue} | Get-DemoQueue).Visible").NoErrors();
            Assert.Equal(1, depth.Output.Single().BaseObject);
        }

        [Fact]
        public void A_throwing_group_script_on_generated_messages_sends_none_of_them()
        {
            var error = _session.RunExpectingTerminatingError("$f = New-DemoEnvironment -Name fifo-boom-count -Fifo -ContentBasedDeduplication; " +
                "$global:boomN = 0; $f | Send-DemoMessage -Count 3 -MessageGroupId { $global:boomN++; if ($global:boomN -eq 2) { throw 'boom' } else { 'x' } }");

            Assert.Equal("MessageGroupScriptFailed,SqsDemo.Commands.SendDemoMessageCommand", error.FullyQualifiedErrorId);
            Assert.Contains("failed on message 2 of this call", error.Exception.Message);
            Assert.EndsWith("boom. Nothing was sent.", error.Exception.Message);
            Assert.Equal(true, _session.Run("(Get-DemoEnvironment -Name fifo-boom-count | Get-DemoQueue).IsEmpty").NoErrors().Output.Single().BaseObject);
        }

        [Fact]
        public void A_script_block_derives_each_message_group_and_sequence_numbers_increase()
        {
            var sent = _session.Run("$f1 = New-DemoEnvironment -Name fifo-groups -Fifo -ContentBasedDeduplication; " +
                                    "1..6 | ForEach-Object { '{\"id\":\"m' + $_ + '\",\"n\":' + $_ + '}' } | Send-DemoMessage -QueueUrl $f1.QueueUrl -MessageGroupId { if ($_ -match '\"n\":[135]') { 'odd' } else { 'even' } }")
                .NoErrors().Objects<SentMessage>().ToArray();
            Assert.Equal(new[] { "odd", "even", "odd", "even", "odd", "even" }, sent.Select(s => s.MessageGroupId));
            Assert.All(sent, s => Assert.False(string.IsNullOrEmpty(s.SequenceNumber)));
            var odd = sent.Where(s => s.MessageGroupId == "odd").Select(s => decimal.Parse(s.SequenceNumber!)).ToArray();
            Assert.Equal(odd.OrderBy(x => x), odd);
        }

        [Fact]
        public void A_duplicate_within_the_deduplication_window_is_accepted_and_not_delivered_twice()
        {
            var sent = _session.Run("$f2 = New-DemoEnvironment -Name fifo-dedup -Fifo; 'same','same' | Send-DemoMessage -QueueUrl $f2.QueueUrl -MessageGroupId g -DeduplicationId fixed")
                .NoErrors().Objects<SentMessage>().ToArray();
            Assert.Equal(2, sent.Length);
            Assert.Equal(sent[0].MessageId, sent[1].MessageId);
            Assert.Equal(1, _session.Run("$f2 | Get-DemoQueue").Single<QueueStatistics>().Visible);
        }

        [Fact]
        public void A_FIFO_send_without_a_group_fails_with_SQS_MissingParameter_and_sends_nothing()
        {
            var result = _session.Run("$f3 = New-DemoEnvironment -Name fifo-nogroup -Fifo -ContentBasedDeduplication; 'x' | Send-DemoMessage -QueueUrl $f3.QueueUrl");
            Assert.Equal("MissingParameter,SqsDemo.Commands.SendDemoMessageCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal(0, _session.Run("$f3 | Get-DemoQueue").Single<QueueStatistics>().Visible);
        }
    }
}

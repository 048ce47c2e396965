using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class EnvironmentCommandTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public EnvironmentCommandTests(ModuleSession session) => _session = session;

        [Fact]
        public void New_DemoEnvironment_creates_a_queue_with_a_redrive_policy_to_its_DLQ()
        {
            var env = _session.Run("New-DemoEnvironment -Name env-new -VisibilityTimeout 7 -MaxReceiveCount 3").NoErrors().Single<DemoEnvironment>();
            Assert.EndsWith("/env-new", env.QueueUrl);
            Assert.EndsWith("/env-new-dlq", env.DeadLetterQueueUrl);
            Assert.Equal(7, env.VisibilityTimeout);
            Assert.Equal(3, env.MaxReceiveCount);
            Assert.Contains("env-new", _session.Run("Get-DemoEnvironment env-* | ForEach-Object Name").Output.Select(o => o.ToString()));
        }

        /// <summary>
        /// Re-creating an environment creates no queue that already exists: with the same attributes SQS hands the queues
        /// back, with others it refuses the queue (QueueAlreadyExists) after handing back the DLQ; the journal tells one
        /// QueueCreated per queue either way.
        /// </summary>
        [Fact]
        public void Re_creating_an_environment_journals_no_QueueCreated_for_queues_that_already_existed()
        {
            _session.Run("New-DemoEnvironment -Name env-again -VisibilityTimeout 30 | Out-Null").NoErrors();

            _session.Run("New-DemoEnvironment -Name env-again -VisibilityTimeout 30 | Out-Null").NoErrors();
            var refused = _session.Run("New-DemoEnvironment -Name env-again -VisibilityTimeout 99");

            Assert.Equal("QueueAlreadyExists,SqsDemo.Commands.NewDemoEnvironmentCommand", Assert.Single(refused.Errors).FullyQualifiedErrorId);
            var created = _session.Run("Get-DemoJournal | Where-Object { $_.Kind -eq 'QueueCreated' -and $_.QueueName -like 'env-again*' } | ForEach-Object QueueName")
                .NoErrors().Output.Select(o => o.ToString()).OrderBy(n => n).ToArray();
            Assert.Equal(new[] { "env-again", "env-again-dlq" }, created);
        }

        [Fact]
        public void MaxReceiveCount_0_is_refused_and_no_queue_is_created()
        {
            var error = _session.RunExpectingTerminatingError("New-DemoEnvironment -Name env-mrc0 -MaxReceiveCount 0");
            Assert.Equal("ParameterArgumentValidationError,SqsDemo.Commands.NewDemoEnvironmentCommand", error.FullyQualifiedErrorId);
            Assert.Empty(_session.Run("Get-DemoEnvironment env-mrc0").Output);
        }

        [Fact]
        public void An_invalid_name_is_refused_with_InvalidEnvironmentName()
        {
            var result = _session.Run("New-DemoEnvironment -Name 'has space'");
            Assert.Equal("InvalidEnvironmentName,SqsDemo.Commands.NewDemoEnvironmentCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void New_DemoEnvironment_WhatIf_creates_nothing()
        {
            _session.Run("New-DemoEnvironment -Name env-whatif -WhatIf").NoErrors();
            Assert.Empty(_session.Run("Get-DemoEnvironment env-whatif").Output);
            var error = _session.Run("Get-DemoQueue -QueueUrl 'http://sqs.us-east-1.embedded.sqsdemo/000000000000/env-whatif'").Errors.Single();
            Assert.Equal("QueueDoesNotExist,SqsDemo.Commands.GetDemoQueueCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void Remove_DemoEnvironment_WhatIf_keeps_the_queues_and_Force_deletes_them()
        {
            _session.Run("$r = New-DemoEnvironment -Name env-remove; $r | Send-DemoMessage -Count 2").NoErrors();
            _session.Run("$r | Remove-DemoEnvironment -WhatIf -Force").NoErrors();
            Assert.Equal(2, _session.Run("$r | Get-DemoQueue").NoErrors().Single<QueueStatistics>().Visible);

            _session.Run("$r | Remove-DemoEnvironment -Force").NoErrors();
            var error = _session.Run("$r | Get-DemoQueue").Errors.Single();
            Assert.Equal("QueueDoesNotExist,SqsDemo.Commands.GetDemoQueueCommand", error.FullyQualifiedErrorId);

            // SQS refuses a name for 60 s after its queue was deleted.
            var again = _session.Run("New-DemoEnvironment -Name env-remove").Errors.Single();
            Assert.Equal("QueueDeletedRecently,SqsDemo.Commands.NewDemoEnvironmentCommand", again.FullyQualifiedErrorId);
        }

        [Fact]
        public void Force_does_not_override_an_inherited_WhatIfPreference()
        {
            _session.Run("$p = New-DemoEnvironment -Name env-whatifpref; $p | Send-DemoMessage -Count 1 | Out-Null").NoErrors();
            _session.Run("& { $WhatIfPreference = $true; $p | Remove-DemoEnvironment -Force; $p | Clear-DemoQueue -Force }").NoErrors();
            Assert.Equal(1, _session.Run("$p | Get-DemoQueue").NoErrors().Single<QueueStatistics>().Visible);
        }

        [Fact]
        public void Clear_DemoQueue_WhatIf_keeps_messages_Force_purges_and_a_second_purge_is_PurgeQueueInProgress()
        {
            _session.Run("$c = New-DemoEnvironment -Name env-purge; $c | Send-DemoMessage -Count 3").NoErrors();
            _session.Run("$c | Clear-DemoQueue -WhatIf").NoErrors();
            Assert.Equal(3, _session.Run("$c | Get-DemoQueue").Single<QueueStatistics>().Visible);
            _session.Run("$c | Clear-DemoQueue -Force").NoErrors();
            Assert.Equal(0, _session.Run("$c | Get-DemoQueue").Single<QueueStatistics>().Visible);
            var error = _session.Run("$c | Clear-DemoQueue -Force").Errors.Single();
            Assert.Equal("PurgeQueueInProgress,SqsDemo.Commands.ClearDemoQueueCommand", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void Receive_DemoMessage_DeadLetter_reads_the_DLQ_of_the_environment_piped_in()
        {
            _session.Run("$d = New-DemoEnvironment -Name env-dlq -VisibilityTimeout 1 -MaxReceiveCount 1; 'doomed' | Send-DemoMessage -QueueUrl $d.QueueUrl").NoErrors();
            // First receive takes the one allowed receive; once visible again, the next receive moves it to the DLQ.
            Assert.Single(_session.Run("$d | Receive-DemoMessage").NoErrors().Objects<InspectedMessage>());
            _session.Run("Wait-DemoClock -Seconds 2").NoErrors();
            Assert.Empty(_session.Run("$d | Receive-DemoMessage").NoErrors().Objects<InspectedMessage>());
            var moved = _session.Run("$d | Receive-DemoMessage -DeadLetter").NoErrors().Single<InspectedMessage>();
            Assert.Equal("doomed", moved.Body);
            Assert.EndsWith(":env-dlq", moved.DeadLetterQueueSourceArn);
        }
    }
}

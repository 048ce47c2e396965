using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Work;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    public sealed class RedriveCommandTests : System.IDisposable
    {
        private readonly ModuleSession _session = new ModuleSession();

        public void Dispose() => _session.Dispose();

        [Fact]
        public void Start_DemoRedrive_binds_the_environments_DLQ_and_Wait_returns_the_completed_task()
        {
            // Idle for 60 scenario seconds (0.6 s of wall time at x100): at 5 a loaded machine ended the consumer before its
            // poison messages came back for their last receive, and nothing reached the DLQ (CI12).
            _session.Run(@"Connect-DemoBackend -TimeScale 100 -Seed 2 | Out-Null
                $e = New-DemoEnvironment -Name redrive-cmd -VisibilityTimeout 1 -ReceiveWaitTime 0
                $e | Send-DemoMessage -Count 4 -PoisonCount 2 | Out-Null
                $e | Start-DemoConsumer -IdleTimeoutSeconds 60 | Out-Null").NoErrors();
            Assert.Equal(2, _session.Run("$e | Get-DemoQueue").Single<QueueStatistics>().DeadLetterVisible);

            var task = _session.Run("$e | Start-DemoRedrive -Wait").NoErrors().Single<RedriveTask>();
            Assert.Equal("COMPLETED", task.Status);
            Assert.Equal(2, task.Moved);
            var queue = _session.Run("$e | Get-DemoQueue").Single<QueueStatistics>();
            Assert.Equal(0, queue.DeadLetterVisible);
            Assert.Equal(2, queue.Visible);
            Assert.Equal("COMPLETED", _session.Run("$e | Get-DemoRedrive").Objects<RedriveTask>().First().Status);
        }

        [Fact]
        public void Redriving_a_queue_that_is_no_DLQ_keeps_SQSs_error_and_stopping_an_ended_task_is_refused()
        {
            _session.Run("$e = New-DemoEnvironment -Name redrive-errors").NoErrors();
            var notDlq = _session.Run("Start-DemoRedrive -DeadLetterQueueUrl $e.QueueUrl");
            var error = Assert.Single(notDlq.Errors);
            Assert.Equal("InvalidParameterValue,SqsDemo.Commands.StartDemoRedriveCommand", error.FullyQualifiedErrorId);
            Assert.Contains("Dead Letter Queue", error.Exception.Message);

            var done = _session.Run("$t = $e | Start-DemoRedrive -Wait; $t").NoErrors().Single<RedriveTask>();
            Assert.Equal("COMPLETED", done.Status);
            Assert.Equal(0, done.Moved);
            var stop = _session.Run("$t | Stop-DemoRedrive -Confirm:$false");
            Assert.Equal("InvalidParameterValue,SqsDemo.Commands.StopDemoRedriveCommand", Assert.Single(stop.Errors).FullyQualifiedErrorId);
            Assert.Empty(stop.Output);
        }

        [Fact]
        public void Start_DemoRedrive_WhatIf_moves_nothing()
        {
            _session.Run("$e = New-DemoEnvironment -Name redrive-whatif; $e | Start-DemoRedrive -WhatIf").NoErrors();
            Assert.Empty(_session.Run("$e | Get-DemoRedrive").Output);
        }
    }
}

using System.Linq;
using SqsDemo.Engine.Environments;
using SqsDemo.Engine.Journal;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>What a consumer can check without taking a message is checked before its first receive.</summary>
    public sealed class ConsumerPreconditionTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public ConsumerPreconditionTests(ModuleSession session) => _session = session;

        [Theory]
        [InlineData("")]
        [InlineData(" -AsJob")]
        public void Ledger_without_ledger_tables_is_refused_before_any_receive(string asJob)
        {
            var name = "pre-fifo" + (asJob.Length > 0 ? "-job" : "");
            _session.Run($"$pf = New-DemoEnvironment -Name {name} -Fifo -ContentBasedDeduplication -VisibilityTimeout 600; $pf | Send-DemoMessage -Count 1 -MessageGroupId g | Out-Null").NoErrors();
            var error = _session.RunExpectingTerminatingError("$pf | Start-DemoConsumer -Ledger -MessageLimit 1" + asJob);
            Assert.Equal("LedgerTablesNotFound,SqsDemo.Commands.StartDemoConsumerCommand", error.FullyQualifiedErrorId);
            Assert.Contains(name + "-status", error.Exception.Message);
            // The message is untouched: visible, never received.
            var stats = _session.Run("$pf | Get-DemoQueue").Single<QueueStatistics>();
            Assert.Equal(1, stats.Visible);
            Assert.Equal(0, stats.InFlight);
            var received = _session.Run($"Get-DemoJournal -Kind Received | Where-Object QueueUrl -eq $pf.QueueUrl").NoErrors().Output.Count;
            Assert.Equal(0, received);
        }
    }
}

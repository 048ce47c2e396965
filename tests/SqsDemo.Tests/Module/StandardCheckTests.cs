using System.Linq;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>New-DemoStandardCheck: the closing checks under their usual names, read from the broker and the accounting.</summary>
    public sealed class StandardCheckTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public StandardCheckTests(ModuleSession session) => _session = session;

        [Fact]
        public void A_queue_still_holding_messages_fails_drained_and_a_purge_fails_nothing_lost()
        {
            var checks = _session.Run(@"
                $sc = New-DemoEnvironment -Name standard-checks
                $sc | Send-DemoMessage -Count 2 | Out-Null
                $sc | New-DemoStandardCheck
                $sc | Clear-DemoQueue -Force | Out-Null
                $sc | New-DemoStandardCheck -Check NothingLost").NoErrors().Objects<ScenarioCheck>().ToArray();

            Assert.Equal(new[] { "queue empty (visible + in flight)", "DLQ empty", "nothing lost", "nothing lost" }, checks.Select(c => c.Name));
            Assert.Equal(new[] { false, true, true, false }, checks.Select(c => c.Passed));
            Assert.Equal(2, checks[0].Actual);
            Assert.StartsWith("lost: ", checks[3].Detail);
        }
    }
}

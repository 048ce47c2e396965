using System.Linq;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Tab completion comes from the source of truth: the scenario scripts, the session's environments.</summary>
    public sealed class CompletionTests : IClassFixture<ModuleSession>
    {
        private readonly ModuleSession _session;

        public CompletionTests(ModuleSession session) => _session = session;

        private string[] Complete(string line) =>
            _session.Run($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText")
                .NoErrors().Output.Select(o => o.ToString()).ToArray();

        [Fact]
        public void Scenario_names_complete_from_the_scripts()
        {
            var matches = Complete("Invoke-DemoScenario -Name poi");
            Assert.Equal(new[] { "poison", "poison-partial-batch" }, matches.OrderBy(m => m));
        }

        [Fact]
        public void Environment_names_and_queue_urls_complete_from_the_session()
        {
            _session.Run("New-DemoEnvironment -Name complete-me | Out-Null").NoErrors();
            Assert.Contains("complete-me", Complete("Remove-DemoEnvironment -Name compl"));
            Assert.Contains(Complete("Get-DemoQueue -QueueUrl http"), url => url.EndsWith("/complete-me-dlq"));
        }

        [Fact]
        public void DeadLetterQueueUrl_completes_queue_urls_and_a_shared_DLQ_is_offered_once()
        {
            _session.Run("$shared = New-DemoEnvironment -Name complete-owner; New-DemoEnvironment -Name complete-sharer -DeadLetterQueueUrl $shared.DeadLetterQueueUrl | Out-Null").NoErrors();
            var offered = Complete("New-DemoEnvironment -Name x -DeadLetterQueueUrl http");
            Assert.Single(offered, url => url.EndsWith("/complete-owner-dlq"));
            Assert.Contains(offered, url => url.EndsWith("/complete-sharer"));
        }
    }
}

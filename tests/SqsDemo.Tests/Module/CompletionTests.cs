using System;
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

        [Theory]
        [InlineData("Invoke-DemoScenario -Name p")]
        [InlineData("Invoke-DemoScenario -Name poison")]
        [InlineData("Get-DemoScenario -Name Poison")]
        public void A_scenario_name_typed_in_full_is_offered_first_and_the_rest_in_order(string line)
        {
            var matches = Complete(line);
            var typed = line.Substring(line.LastIndexOf(' ') + 1);
            var expected = matches.Where(m => string.Equals(m, typed, StringComparison.OrdinalIgnoreCase))
                .Concat(matches.Where(m => !string.Equals(m, typed, StringComparison.OrdinalIgnoreCase)).OrderBy(m => m, StringComparer.Ordinal));
            Assert.Contains("poison", matches);
            Assert.True(Array.IndexOf(matches, "poison") < Array.IndexOf(matches, "poison-partial-batch"), string.Join(", ", matches));
            Assert.Equal(expected, matches);
        }

        [Fact]
        public void Environment_names_and_queue_urls_complete_from_the_session()
        {
            _session.Run("New-DemoEnvironment -Name complete-me | Out-Null").NoErrors();
            Assert.Contains("complete-me", Complete("Remove-DemoEnvironment -Name compl"));
            Assert.Contains(Complete("Get-DemoQueue -QueueUrl http"), url => url.EndsWith("/complete-me-dlq"));
        }

        /// <summary>Every parameter of an exported command that takes a queue URL, found from the module itself.</summary>
        public static TheoryData<string, string> QueueUrlParameters()
        {
            using var session = new ModuleSession();
            var data = new TheoryData<string, string>();
            var pairs = session.Run("Get-Command -Module SqsDemo | ForEach-Object { $c = $_.Name; $_.Parameters.Values | Where-Object { $_.Name -like '*QueueUrl' } | ForEach-Object { $c + ' ' + $_.Name } }")
                .NoErrors().Output.Select(o => o.ToString().Split(' '));
            foreach (var pair in pairs.OrderBy(p => p[0] + p[1], StringComparer.Ordinal)) data.Add(pair[0], pair[1]);
            return data;
        }

        [Fact]
        public void The_queue_url_parameters_are_found()
        {
            var found = QueueUrlParameters().Select(row => row[0] + " -" + row[1]).ToArray();
            Assert.Contains("Send-DemoMessage -QueueUrl", found);
            Assert.Contains("Start-DemoRedrive -DestinationQueueUrl", found);
            Assert.Contains("Start-DemoConsumer -ForwardQueueUrl", found);
            Assert.True(found.Length >= 15, "only " + string.Join(", ", found));
        }

        [Theory]
        [MemberData(nameof(QueueUrlParameters))]
        public void Every_queue_url_parameter_completes_the_queues_of_the_session(string command, string parameter)
        {
            _session.Run("if (-not (Get-DemoEnvironment -Name completion-target)) { New-DemoEnvironment -Name completion-target | Out-Null }").NoErrors();
            var offered = Complete($"{command} -{parameter} http");
            Assert.Contains(offered, url => url.EndsWith("/completion-target"));
            Assert.Contains(offered, url => url.EndsWith("/completion-target-dlq"));
        }

        [Theory]
        [InlineData("Invoke-DemoScenario")]
        [InlineData("Get-DemoScenario")]
        public void Name_completes_scenario_names(string command)
        {
            Assert.Equal(new[] { "dup", "dup-graceful-shutdown", "dup-side-effects" }, Complete(command + " -Name dup").OrderBy(m => m, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData("Get-DemoEnvironment")]
        [InlineData("Remove-DemoEnvironment")]
        public void Name_completes_environment_names(string command)
        {
            _session.Run("if (-not (Get-DemoEnvironment -Name named-for-completion)) { New-DemoEnvironment -Name named-for-completion | Out-Null }").NoErrors();
            Assert.Equal(new[] { "named-for-completion" }, Complete(command + " -Name named-f"));
            Assert.Empty(Complete(command + " -Name no-such-environment"));
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

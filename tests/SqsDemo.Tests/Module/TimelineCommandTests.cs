using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>Export-DemoTimeline and Invoke-DemoScenario -TimelinePath, through hosted PowerShell.</summary>
    public sealed class TimelineCommandTests : IClassFixture<ModuleSession>, IDisposable
    {
        // A small scenario of its own: two messages, one of them poison, so a run takes a fraction of a second.
        private const string Scenario = @"
$e = New-DemoEnvironment -Name tl -VisibilityTimeout 2 -MaxReceiveCount 1 -ReceiveWaitTime 1
$e | Send-DemoMessage -Count 2 -PoisonCount 1 | Out-Null
$e | Start-DemoConsumer -ConsumerId tl-consumer -IdleTimeoutSeconds 4 | Out-Null
New-DemoCheck 'one in the DLQ' -Expected 1 -Actual ($e | Get-DemoQueue).DeadLetterVisible
";

        private readonly ModuleSession _session;
        private readonly string _dir;

        public TimelineCommandTests(ModuleSession session)
        {
            _session = session;
            _dir = Path.Combine(Path.GetTempPath(), "sqsdemo-timeline-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
            File.WriteAllText(Path.Combine(_dir, "tl.ps1"), Scenario);
        }

        public void Dispose()
        {
            // Leave the folder before deleting it, so the next test's location is not a deleted folder.
            _session.Run("$ExecutionContext.SessionState.Path.SetLocation([System.IO.Path]::GetTempPath()) | Out-Null");
            Directory.Delete(_dir, recursive: true);
        }

        private ModuleSession.Result Run(string script) => _session.Run(script, new Hashtable { ["dir"] = _dir });

        private const string InDir = "$ExecutionContext.SessionState.Path.SetLocation($dir) | Out-Null; ";

        private const string RunScenario = "$result = Invoke-DemoScenario -Path ([System.IO.Path]::Combine($dir, 'tl.ps1')) -Seed 3; ";

        [Fact]
        public void A_piped_result_is_written_relative_to_the_current_location()
        {
            var file = Run(InDir + RunScenario + "$result | Export-DemoTimeline -Path tl.html -PassThru").NoErrors().Single<FileInfo>();

            Assert.Equal(Path.Combine(_dir, "tl.html"), file.FullName);
            var html = File.ReadAllText(file.FullName);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Contains("<h1>Scenario tl</h1>", html);
            Assert.Contains("PASS</span> one in the DLQ", html);
            Assert.Equal(2, html.Split("<g class=\"lane\"").Length - 1);
            Assert.Contains("data-kind=\"moved-to-dead-letter-queue\"", html);
            Assert.Contains("data-actor=\"tl-consumer\"", html);
        }

        [Fact]
        public void Without_PassThru_it_writes_nothing_to_the_pipeline()
        {
            var result = Run(InDir + RunScenario + "$result | Export-DemoTimeline -Path quiet.html -Title 'My run'").NoErrors();
            Assert.Empty(result.Output);
            Assert.Contains("<title>My run</title>", File.ReadAllText(Path.Combine(_dir, "quiet.html")));
        }

        [Fact]
        public void An_existing_file_is_kept_without_Force_and_replaced_with_it()
        {
            var target = Path.Combine(_dir, "kept.html");
            File.WriteAllText(target, "mine");

            var refused = Run(InDir + RunScenario + "$result | Export-DemoTimeline -Path kept.html");
            Assert.Equal("TimelineFileExists,SqsDemo.Commands.ExportDemoTimelineCommand", Assert.Single(refused.Errors).FullyQualifiedErrorId);
            Assert.Equal("mine", File.ReadAllText(target));

            Run(InDir + "$result | Export-DemoTimeline -Path kept.html -Force").NoErrors();
            Assert.Contains("<h1>Scenario tl</h1>", File.ReadAllText(target));
        }

        [Fact]
        public void WhatIf_writes_nothing()
        {
            Run(InDir + RunScenario + "$result | Export-DemoTimeline -Path whatif.html -WhatIf").NoErrors();
            Run(InDir + "$result | Export-DemoTimeline -Path whatif-forced.html -WhatIf -Force").NoErrors();
            Assert.False(File.Exists(Path.Combine(_dir, "whatif.html")));
            Assert.False(File.Exists(Path.Combine(_dir, "whatif-forced.html")));
        }

        [Fact]
        public void Without_input_it_draws_the_session_s_journal()
        {
            Run(InDir + "$s = New-DemoEnvironment -Name tl-session; $s | Send-DemoMessage -Count 3 | Out-Null; " +
                "$s | Start-DemoConsumer -ConsumerId tl-session-consumer -MessageLimit 3 | Out-Null").NoErrors();
            var file = Run(InDir + "Export-DemoTimeline -Path session.html -MaxLanes 2 -PassThru").NoErrors().Single<FileInfo>();
            var html = File.ReadAllText(file.FullName);
            Assert.Contains("<h1>SqsDemo session journal</h1>", html);
            Assert.Contains("data-actor=\"tl-session-consumer\"", html);
            // At most two lanes; the other messages are counted.
            Assert.Equal(2, html.Split("<g class=\"lane\"").Length - 1);
            Assert.Contains("like this:", html);
        }

        [Fact]
        public void A_folder_that_is_not_there_or_a_folder_for_a_file_are_errors()
        {
            var missing = _session.RunExpectingTerminatingError("Export-DemoTimeline -Path '" + Path.Combine(_dir, "no", "such", "x.html") + "'");
            Assert.Equal("TimelineDirectoryNotFound,SqsDemo.Commands.ExportDemoTimelineCommand", missing.FullyQualifiedErrorId);
            var folder = _session.RunExpectingTerminatingError("Export-DemoTimeline -Path '" + _dir + "'");
            Assert.Equal("TimelinePathInvalid,SqsDemo.Commands.ExportDemoTimelineCommand", folder.FullyQualifiedErrorId);
            var provider = _session.RunExpectingTerminatingError("Export-DemoTimeline -Path 'env:timeline'");
            Assert.Equal("TimelinePathInvalid,SqsDemo.Commands.ExportDemoTimelineCommand", provider.FullyQualifiedErrorId);
        }

        [Fact]
        public void A_path_with_a_NUL_is_an_invalid_path_not_a_bare_ArgumentException()
        {
            var error = _session.RunExpectingTerminatingError("Export-DemoTimeline -Path \"" + Path.Combine(_dir, "a`0b.html") + "\"");

            Assert.Equal("TimelinePathInvalid,SqsDemo.Commands.ExportDemoTimelineCommand", error.FullyQualifiedErrorId);
            Assert.Contains("a NUL", error.Exception.Message);
            Assert.Contains("./dup.html", error.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void A_folder_that_takes_no_new_file_says_so_and_keeps_the_systems_words()
        {
            // /proc exists on Linux and refuses new files even to root ("Could not find file"), unlike a folder chmod'ed read-only.
            Assert.True(OperatingSystem.IsLinux() && Directory.Exists("/proc"), "this test needs Linux's /proc");

            var result = _session.Run("New-DemoEnvironment -Name tl-proc | Out-Null; Export-DemoTimeline -Path /proc/timeline.html");

            var error = Assert.Single(result.Errors);
            Assert.Equal("TimelinePathNotWritable,SqsDemo.Commands.ExportDemoTimelineCommand", error.FullyQualifiedErrorId);
            Assert.Contains("the folder '/proc' does not let this process create a file there", error.ErrorDetails.Message);
            Assert.Contains("folder you can write to", error.ErrorDetails.RecommendedAction);
            Assert.IsType<FileNotFoundException>(error.Exception);
        }

        [Fact]
        public void An_empty_journal_is_an_error()
        {
            var result = Run(InDir + "$empty = [SqsDemo.Engine.Scenarios.ScenarioResult]::new('none', [SqsDemo.Engine.Scenarios.ScenarioCheck[]]@(), 1, [TimeSpan]::Zero, " +
                "[TimeSpan]::Zero, 'nowhere', 1, [SqsDemo.Engine.Journal.JournalEvent[]]@(), $null, [object[]]@()); $empty | Export-DemoTimeline -Path empty.html");
            Assert.Equal("TimelineJournalEmpty,SqsDemo.Commands.ExportDemoTimelineCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.False(File.Exists(Path.Combine(_dir, "empty.html")));
        }

        [Fact]
        public void Several_results_to_one_file_write_the_first_and_refuse_the_others()
        {
            var result = Run(InDir + RunScenario + "$result, $result | Export-DemoTimeline -Path both.html");
            Assert.Equal("MultipleTimelineInputs,SqsDemo.Commands.ExportDemoTimelineCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.True(File.Exists(Path.Combine(_dir, "both.html")));
        }

        [Fact]
        public void Invoke_DemoScenario_TimelinePath_writes_the_run_s_timeline_and_replaces_the_last_one()
        {
            var target = Path.Combine(_dir, "run.html");
            File.WriteAllText(target, "an older run");

            var result = Run(InDir + "Invoke-DemoScenario -Path ([System.IO.Path]::Combine($dir, 'tl.ps1')) -TimelinePath run.html").NoErrors().Single<ScenarioResult>();

            Assert.True(result.Passed);
            var html = File.ReadAllText(target);
            Assert.Contains("<h1>Scenario tl</h1>", html);
            Assert.Contains("seed " + result.Seed, html);
        }

        [Fact]
        public void Invoke_DemoScenario_checks_the_TimelinePath_before_the_run()
        {
            var marker = Path.Combine(_dir, "ran.txt");
            var script = Path.Combine(_dir, "marks.ps1");
            File.WriteAllText(script, "[System.IO.File]::WriteAllText('" + marker + "', 'ran')\nNew-DemoCheck ran -Passed $true");

            var error = _session.RunExpectingTerminatingError("Invoke-DemoScenario -Path '" + script + "' -TimelinePath '" + Path.Combine(_dir, "missing", "x.html") + "'");

            Assert.Equal("TimelineDirectoryNotFound,SqsDemo.Commands.InvokeDemoScenarioCommand", error.FullyQualifiedErrorId);
            Assert.False(File.Exists(marker), "the scenario ran although its timeline could not have been written");
            _session.Run("Invoke-DemoScenario -Path '" + script + "'").NoErrors();
            Assert.True(File.Exists(marker), "the marker script does not mark");
        }
    }
}

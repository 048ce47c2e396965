using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SqsDemo.Completers;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Infrastructure;
using SqsDemo.Scenarios;

namespace SqsDemo.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs a scenario on a fresh run of the backend and returns its verdict with the evidence.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "DemoScenario", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ScenarioResult))]
    public sealed class InvokeDemoScenarioCommand : DemoBackendCmdlet
    {
        private const string NameSet = "Name";
        private const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [ArgumentCompleter(typeof(ScenarioNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>A scenario script of your own.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        public string Path { get; set; } = "";

        /// <summary>Scenario seconds per wall second (embedded backend only).</summary>
        [Parameter]
        [ValidateRange(0.001, 10000.0)]
        public double? TimeScale { get; set; }

        [Parameter]
        public int? Seed { get; set; }

        /// <summary>Values for the scenario script's own parameters, e.g. @{ MessageCount = 10 }.</summary>
        [Parameter]
        public Hashtable? Parameters { get; set; }

        /// <summary>Also writes the run's timeline (as Export-DemoTimeline draws it) to this HTML file, replacing one that is there.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimelinePath { get; set; }

        /// <summary>
        /// Your consumer's command line ('python consume.py'): the scenario runs it as processes against SqsDemo's endpoint in
        /// place of SqsDemo's own consumer, with the same set-up, chaos and checks. Only scenarios that judge your consumer
        /// (Get-DemoScenario's JudgesYourConsumer) take it.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Consumer { get; set; }

        /// <summary>How many scenarios run side by side, each in a runspace of its own; 1 runs each as it arrives.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        // With -ThrottleLimit above 1: what the pipeline asked for, run together at its end.
        private readonly List<ScenarioRequest> _parallel = new List<ScenarioRequest>();

        protected override void ProcessRecord()
        {
            var script = Resolve();
            if (script == null) return;
            var consumer = ConsumerJudgedBy(script);
            if (consumer != null) RefuseBackendWithoutEndpoint(ActiveBackend);
            StopWhenEnvironmentNotReady(script, consumer, ActiveBackend);
            // Checked before the run, so a bad path does not cost a whole run.
            string? timelineFile = null;
            if (TimelinePath != null)
            {
                timelineFile = TimelineFile.Resolve(this, TimelinePath, out var invalid);
                if (timelineFile == null)
                {
                    ThrowTerminatingError(invalid!);
                    return;
                }
            }
            if (ThrottleLimit > 1)
            {
                _parallel.Add(new ScenarioRequest(script, timelineFile));
                return;
            }

            var connected = ActiveBackend;
            if (TimeScale != null && connected.Kind != BackendKind.Embedded)
                WriteWarning("-TimeScale applies to the embedded backend only; " + connected.Kind + " runs on the wall clock.");
            var run = connected.CreateRun(Seed, TimeScale);
            // A bar for the run, and one under it for each phase the script announces (Write-DemoPhase).
            var progress = new ScenarioProgress(this, Session.WallClock, script.Name, run.Description);
            progress.Start();
            WriteVerbose($"Scenario {script.Name}: {run.Description}.");

            var output = new List<PSObject>();
            string? error = null;
            Exception? cleanupFailure = null;
            var stopwatch = Stopwatch.StartNew();
            Session.BeginRun(run, progress);
            try
            {
                var invoker = ScriptBlock.Create("param($__scenarioPath, $__scenarioParameters) & $__scenarioPath @__scenarioParameters");
                var parameters = Parameters == null ? new Hashtable() : (Hashtable)Parameters.Clone();
                if (Consumer != null) parameters[ScenarioCatalog.ConsumerParameter] = Consumer;
                output.AddRange(InvokeCommand.InvokeScript(false, invoker, null, script.Path, parameters));
            }
            catch (RuntimeException e) when (!(e is PipelineStoppedException))
            {
                error = e.ErrorRecord?.ToString() ?? e.Message;
                WriteError(new ErrorRecord(e, ErrorIds.ScenarioFailed, ErrorCategory.InvalidResult, script.Name));
            }
            finally
            {
                // Also on Ctrl+C, when every write throws: the run must end and its consumers stop.
                cleanupFailure = EndRun(run);
                progress.Complete();
            }
            stopwatch.Stop();
            // The verdict stands: a failure to stop a leftover consumer or the run's endpoint is told beside it, not instead of it.
            if (cleanupFailure != null)
                WriteError(new ErrorRecord(cleanupFailure, ErrorIds.ScenarioCleanupFailed, ErrorCategory.CloseError, script.Name));

            var checks = output.Select(o => o?.BaseObject).OfType<ScenarioCheck>().ToArray();
            var report = output.Where(o => o != null && !(o.BaseObject is ScenarioCheck)).Select(o => (object)o).ToArray();
            if (error == null && checks.Length == 0)
                error = "The scenario emitted no checks: nothing was verified.";
            var result = new ScenarioResult(script.Name, checks, run.Seed, stopwatch.Elapsed, run.ScenarioTime, run.Description,
                run.TimeScale, run.Journal.Snapshot(), error, report, consumer);
            if (timelineFile != null) WriteTimeline(result, timelineFile);
            WriteObject(result);
        }

        protected override void EndProcessing()
        {
            if (_parallel.Count == 0) return;
            var runner = new ParallelScenarioRunner(this, ScenarioRunspaces.ModuleManifest(MyInvocation.MyCommand.Module), ThrottleLimit,
                ScenarioRunspaces.ArgumentsFor(MyInvocation.BoundParameters, ActiveBackend), SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            Run(writer => runner.RunAsync(_parallel, writer, StopToken));
        }

        private void WriteTimeline(ScenarioResult result, string file)
        {
            var failed = TimelineFile.Write(TimelinePath!, file, TimelineFile.Render(result.Journal, Engine.Timeline.TimelineRenderOptions.For(result)), overwrite: true);
            if (failed != null) WriteError(failed);
            else WriteVerbose($"Timeline of {result.Name} ({result.Journal.Count} journal events) written to {file}.");
        }

        private ScenarioInfo? Resolve()
        {
            if (ParameterSetName == PathSet)
            {
                var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                if (!File.Exists(resolved))
                {
                    ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ScenarioFileNotFound, ErrorCategory.ObjectNotFound, Path,
                        $"No scenario script at '{resolved}'.", "Give the path of a .ps1 scenario script."));
                    return null;
                }
                // A scenario is a PowerShell script: anything else would be run by & as a program (or handed to the desktop's opener).
                if (!string.Equals(System.IO.Path.GetExtension(resolved), ".ps1", StringComparison.OrdinalIgnoreCase))
                {
                    ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ScenarioNotPowerShellScript, ErrorCategory.InvalidArgument, Path,
                        $"'{resolved}' is not a PowerShell script (.ps1); nothing was run.", "Give the path of a .ps1 scenario script."));
                    return null;
                }
                return DescribedOrStop(() => ScenarioCatalog.Describe(resolved));
            }
            var catalog = ScenarioCatalogOrStop();
            var match = catalog.FirstOrDefault(s => string.Equals(s.Name, Name, StringComparison.OrdinalIgnoreCase));
            if (match == null)
            {
                var names = string.Join(", ", catalog.Select(s => s.Name));
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ScenarioNotFound, ErrorCategory.ObjectNotFound, Name,
                    $"There is no scenario named '{Name}'. Valid names: {names}.", "Run Get-DemoScenario to list the catalog, or use -Path for a script of your own."));
            }
            return match;
        }

        /// <summary>
        /// The consumer command the run judges (-Consumer, or a Consumer in -Parameters), or null for SqsDemo's own consumer;
        /// a scenario that cannot judge one is refused before anything runs.
        /// </summary>
        private string? ConsumerJudgedBy(ScenarioInfo script)
        {
            var consumer = Consumer ?? Parameters?[ScenarioCatalog.ConsumerParameter] as string;
            if (consumer == null || script.JudgesYourConsumer) return consumer;
            var judging = ScenarioCatalogOrStop().Where(s => s.JudgesYourConsumer).Select(s => s.Name).ToArray();
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ScenarioCannotJudgeConsumer, ErrorCategory.InvalidArgument, script.Name,
                $"Scenario {script.Name} cannot judge your consumer: it runs SqsDemo's own consumer with knobs a consumer process does not have (Get-Help {script.Path} -Full says which). "
                + $"The scenarios that can: {(judging.Length == 0 ? "none" : string.Join(", ", judging))}.",
                "Run one of those with -Consumer (Get-DemoScenario | Where-Object JudgesYourConsumer | Invoke-DemoScenario -Consumer '...'), or leave -Consumer out to run SqsDemo's own consumer."));
            return null;
        }

        /// <summary>A consumer process runs against SqsDemo's endpoint, which serves an embedded backend only: refused before a run starts.</summary>
        private void RefuseBackendWithoutEndpoint(DemoRun connected)
        {
            if (connected.Kind == BackendKind.Embedded) return;
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.OutsideConsumerNeedsEmbeddedBackend, ErrorCategory.InvalidArgument, connected,
                "-Consumer runs your consumer against SqsDemo's endpoint, which serves an embedded backend; " + connected.Description + " is not one.",
                "Connect-DemoBackend -Embedded, then run the scenario with -Consumer."));
        }

        /// <summary>
        /// Where the environments exist before the run (Terraform's, AWS) or a consumer process is run, what the run needs
        /// is checked first (Test-DemoEnvironment's checks for this scenario): something missing stops it here, with one
        /// error naming all of it, instead of as failed checks mid-run. What the run sets itself (attributes) does not stop it.
        /// </summary>
        private void StopWhenEnvironmentNotReady(ScenarioInfo script, string? consumer, DemoRun connected)
        {
            if (!EnvironmentPreflight.Applies(connected, consumer)) return;
            var request = new PreflightRequest(connected, new[] { script }) { Consumer = consumer, WorkingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath };
            var failed = Run(_ => EnvironmentPreflight.CheckAsync(request, StopToken)).Where(r => !r.Passed && r.StopsRun).ToArray();
            if (failed.Length == 0) return;
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.EnvironmentNotReady, ErrorCategory.ResourceUnavailable, script.Name,
                $"Scenario {script.Name} cannot run on {connected.Description}; nothing was run. Missing: " + string.Join("; ", failed.Select(r => r.Check + ": " + r.Detail)) + ".",
                string.Join(" ", failed.Select(r => r.WhatToDo).Distinct()) + $" Test-DemoEnvironment -Scenario {script.Name} shows every check."));
        }

        private static void TryWrite(Action write)
        {
            try
            {
                write();
            }
            catch (PipelineStoppedException)
            {
            }
        }

        /// <summary>Stops what the run left running and closes it; returns what failed (the first failure) rather than losing the run's result to it.</summary>
        private Exception? EndRun(DemoRun run)
        {
            Exception? failure = null;
            try
            {
                StopLeftoverConsumers(run);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                failure = e;
            }
            finally
            {
                try
                {
                    Session.EndRun(run);
                }
                catch (Exception e) when (!(e is PipelineStoppedException))
                {
                    failure ??= e;
                }
            }
            return failure;
        }

        /// <summary>A scenario that left consumers running would leak them into the next run: stop them gracefully.</summary>
        private void StopLeftoverConsumers(DemoRun run)
        {
            foreach (var job in Session.JobsOf(run))
            {
                if (!job.IsFinishedOrDisposed())
                {
                    TryWrite(() => WriteWarning($"Scenario left {(job is Jobs.ProducerJob ? "producer" : "consumer")} {job.Name} running; stopping it."));
                    job.StopJob();
                }
            }
        }
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Scenarios;
using SqsDemo.Infrastructure;

namespace SqsDemo.Scenarios
{
    /// <summary>
    /// Runs scenarios side by side for Invoke-DemoScenario -ThrottleLimit: each in a runspace of its
    /// own that imported the module and runs Invoke-DemoScenario there, so each has its own run
    /// (broker, clock, seed, journal), its own session state and its own Write-DemoPhase progress.
    /// What those runs write comes back through the <see cref="PipelineWriter"/> to the pipeline
    /// thread; results are written in the order of the requests, each as soon as those before it are.
    /// </summary>
    public sealed class ParallelScenarioRunner
    {
        private readonly Cmdlet _owner;
        private readonly string _manifest;
        private readonly int _throttleLimit;
        private readonly IDictionary _arguments;
        private readonly string _location;

        /// <param name="owner">The Invoke-DemoScenario call that writes everything.</param>
        /// <param name="manifest">The module each scenario's runspace imports.</param>
        /// <param name="throttleLimit">Scenarios running at once.</param>
        /// <param name="arguments">Invoke-DemoScenario's parameters for every run (Backend, Seed, TimeScale, Parameters, Consumer).</param>
        /// <param name="location">The caller's current directory, each runspace's too: a -Consumer 'python consume.py' finds its script there.</param>
        public ParallelScenarioRunner(Cmdlet owner, string manifest, int throttleLimit, IDictionary arguments, string location)
        {
            _location = location;
            _owner = owner;
            _manifest = manifest;
            _throttleLimit = throttleLimit;
            _arguments = arguments;
        }

        public async Task RunAsync(IReadOnlyList<ScenarioRequest> requests, PipelineWriter writer, CancellationToken stop)
        {
            var progress = new ParallelScenarioProgress(_owner, requests.Count, _throttleLimit);
            var results = new InOrderResults(_owner, requests.Count);
            writer.Post(progress.Start);
            using (var throttle = new SemaphoreSlim(_throttleLimit))
            {
                var runs = requests.Select(async (request, index) =>
                {
                    await throttle.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        // After Ctrl+C, scenarios not yet started are not started.
                        var result = stop.IsCancellationRequested ? null : await RunOneAsync(request, index, progress, writer, stop).ConfigureAwait(false);
                        writer.Post(() =>
                        {
                            progress.ScenarioDone();
                            results.Arrived(index, result);
                        });
                    }
                    finally
                    {
                        throttle.Release();
                    }
                }).ToArray();
                try
                {
                    await Task.WhenAll(runs).ConfigureAwait(false);
                }
                finally
                {
                    writer.Post(progress.Complete);
                }
            }
        }

        /// <summary>One scenario in a new runspace; its result, or null when it produced none (the error was relayed).</summary>
        private async Task<ScenarioResult?> RunOneAsync(ScenarioRequest request, int index, ParallelScenarioProgress progress, PipelineWriter writer, CancellationToken stop)
        {
            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { _manifest });
            state.ThrowOnRunspaceOpenError = true;
            using (var runspace = RunspaceFactory.CreateRunspace(state))
            using (var ps = PowerShell.Create())
            {
                try
                {
                    await Task.Run(runspace.Open).ConfigureAwait(false);
                    runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(_location));
                    ps.Runspace = runspace;
                    ps.AddCommand("Invoke-DemoScenario").AddParameter("Path", request.Script.Path).AddParameters(_arguments);
                    if (request.TimelineFile != null) ps.AddParameter("TimelinePath", request.TimelineFile);
                    Relay(ps.Streams, index, progress, writer);
                    var output = new PSDataCollection<PSObject>();
                    using (stop.Register(() => ps.BeginStop(null, null)))
                    {
                        var started = ps.BeginInvoke<PSObject, PSObject>(null, output);
                        await Task.Factory.FromAsync(started, r => ps.EndInvoke(r)).ConfigureAwait(false);
                    }
                    return output.Select(o => o?.BaseObject).OfType<ScenarioResult>().FirstOrDefault();
                }
                catch (PipelineStoppedException)
                {
                    return null;
                }
                catch (RuntimeException e)
                {
                    // A terminating error of that run (a script that cannot be read, a backend that refuses): the others go on.
                    var record = e.ErrorRecord ?? new ErrorRecord(e, ErrorIds.ScenarioFailed, ErrorCategory.InvalidResult, request.Script.Name);
                    writer.Post(() => _owner.WriteError(record));
                    return null;
                }
            }
        }

        /// <summary>Carries what the scenario's runspace writes to the pipeline thread as it is written.</summary>
        private void Relay(PSDataStreams streams, int index, ParallelScenarioProgress progress, PipelineWriter writer)
        {
            streams.Progress.DataAdded += (s, e) =>
            {
                var record = ((PSDataCollection<ProgressRecord>)s!)[e.Index];
                writer.Post(() => progress.Relay(index, record));
            };
            streams.Error.DataAdded += (s, e) =>
            {
                var record = ((PSDataCollection<ErrorRecord>)s!)[e.Index];
                writer.Post(() => _owner.WriteError(record));
            };
            streams.Warning.DataAdded += (s, e) =>
            {
                var record = ((PSDataCollection<WarningRecord>)s!)[e.Index];
                writer.Post(() => _owner.WriteWarning(record.Message));
            };
            streams.Verbose.DataAdded += (s, e) =>
            {
                var record = ((PSDataCollection<VerboseRecord>)s!)[e.Index];
                writer.Post(() => _owner.WriteVerbose(record.Message));
            };
            streams.Information.DataAdded += (s, e) =>
            {
                var record = ((PSDataCollection<InformationRecord>)s!)[e.Index];
                writer.Post(() => _owner.WriteInformation(record));
            };
        }

        /// <summary>Results held back until every one before them has arrived, so the output keeps the input's order.</summary>
        private sealed class InOrderResults
        {
            private readonly Cmdlet _owner;
            private readonly ScenarioResult?[] _results;
            private readonly bool[] _arrived;
            private int _next;

            public InOrderResults(Cmdlet owner, int count)
            {
                _owner = owner;
                _results = new ScenarioResult?[count];
                _arrived = new bool[count];
            }

            public void Arrived(int index, ScenarioResult? result)
            {
                _results[index] = result;
                _arrived[index] = true;
                for (; _next < _arrived.Length && _arrived[_next]; _next++)
                {
                    if (_results[_next] != null) _owner.WriteObject(_results[_next]);
                    _results[_next] = null;
                }
            }
        }
    }
}

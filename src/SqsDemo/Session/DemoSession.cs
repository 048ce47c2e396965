using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using SqsDemo.Engine.Backends;
using SqsDemo.Engine.Environments;

namespace SqsDemo.Session
{
    /// <summary>
    /// What one PowerShell session knows: the backend it is connected to (the embedded one
    /// until Connect-DemoBackend says otherwise), the run a scenario has opened on top of it,
    /// and the environments created in it. Kept per runspace, so runspaces in one process
    /// (tests, jobs, hosts) never see each other's queues unless handed one: a queue URL names
    /// its embedded broker, which cmdlets find in any runspace (Engine.Backends.BackendDirectory).
    /// </summary>
    public sealed class DemoSession
    {
        private static readonly ConditionalWeakTable<Runspace, DemoSession> Sessions = new ConditionalWeakTable<Runspace, DemoSession>();
        private static DemoSession? _noRunspace;
        private readonly object _gate = new object();
        // Each environment with the backend it was created on, by reference: two backends can share a description.
        private readonly List<(DemoEnvironment Environment, DemoRun Backend)> _environments = new List<(DemoEnvironment, DemoRun)>();
        private readonly Stack<DemoRun> _runs = new Stack<DemoRun>();
        // The progress bars of each open scenario run, for Write-DemoPhase to move on.
        private readonly Dictionary<DemoRun, Scenarios.ScenarioProgress> _progress = new Dictionary<DemoRun, Scenarios.ScenarioProgress>();
        private readonly List<Jobs.DemoJobBase> _jobs = new List<Jobs.DemoJobBase>();
        private readonly List<Engine.Endpoint.DemoEndpoint> _endpoints = new List<Engine.Endpoint.DemoEndpoint>();
        private DemoRun? _connected;
        private bool _connectedOnPurpose;

        /// <summary>The session of the runspace running the calling cmdlet.</summary>
        public static DemoSession Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                if (runspace == null)
                    return LazyInitializer.EnsureInitialized(ref _noRunspace, () => new DemoSession())!;
                return Sessions.GetValue(runspace, _ => new DemoSession());
            }
        }

        /// <summary>
        /// The wall clock that paces progress bars (not the scenario clock, which runs scaled): the
        /// system's, or one a test or host sets to control how often bars are redrawn.
        /// </summary>
        public System.TimeProvider WallClock { get; set; } = System.TimeProvider.System;

        /// <summary>The backend cmdlets use: the innermost scenario run, else the connected one.</summary>
        public DemoRun Backend
        {
            get
            {
                lock (_gate)
                {
                    if (_runs.Count > 0) return _runs.Peek();
                    return _connected ??= DemoRun.CreateEmbedded();
                }
            }
        }

        /// <summary>
        /// True once Connect-DemoBackend (or a seeds' connection) chose a backend, or while a scenario
        /// run is open; false while cmdlets use the embedded backend made for want of one.
        /// </summary>
        public bool HasBackendOfItsOwn
        {
            get
            {
                lock (_gate) return _runs.Count > 0 || _connectedOnPurpose;
            }
        }

        public void Connect(DemoRun backend)
        {
            lock (_gate)
            {
                _connectedOnPurpose = true;
                // The previous connection's environments are forgotten; those made with -Backend on others stay.
                if (_connected != null) _environments.RemoveAll(e => ReferenceEquals(e.Backend, _connected));
                // The previous connection's alarms and sampler stop with it: nothing of this session reads them any more.
                if (_connected != null && !ReferenceEquals(_connected, backend))
                {
                    Engine.Alarms.RunAlarms.StopWatching(_connected);
                    Engine.Metrics.QueueAttributeSampler.Stop(_connected);
                }
                _connected = backend;
            }
        }

        /// <summary>Opens a scenario run; cmdlets use it until <see cref="EndRun"/>.</summary>
        public void BeginRun(DemoRun run, Scenarios.ScenarioProgress? progress = null)
        {
            lock (_gate)
            {
                _runs.Push(run);
                if (progress != null) _progress[run] = progress;
            }
            // Where the journal cannot replay the queues alone, their gauges are sampled from the backend, once a minute.
            if (run.Kind != BackendKind.Embedded) Engine.Metrics.QueueAttributeSampler.Start(run, TimeSpan.FromSeconds(Engine.Metrics.JournalMetrics.GaugeReportSeconds));
        }

        /// <summary>The progress bars of the scenario run on <paramref name="backend"/>; null when it is no open run.</summary>
        public Scenarios.ScenarioProgress? ProgressOf(DemoRun backend)
        {
            lock (_gate) return _progress.TryGetValue(backend, out var progress) ? progress : null;
        }

        public void EndRun(DemoRun run)
        {
            Engine.Endpoint.DemoEndpoint[] serving;
            lock (_gate)
            {
                if (_runs.Count > 0 && ReferenceEquals(_runs.Peek(), run)) _runs.Pop();
                _progress.Remove(run);
                if (!ReferenceEquals(run, _connected)) _environments.RemoveAll(e => ReferenceEquals(e.Backend, run));
                // An endpoint serving the run (one a consumer process needed) has nothing left to serve.
                serving = ReferenceEquals(run, _connected) ? new Engine.Endpoint.DemoEndpoint[0] : _endpoints.Where(e => ReferenceEquals(e.Run, run)).ToArray();
                _endpoints.RemoveAll(e => serving.Contains(e));
            }
            foreach (var endpoint in serving) endpoint.Stop();
            // The run's alarms stop being evaluated with it; their states and history stay readable.
            Engine.Alarms.RunAlarms.StopWatching(run);
            Engine.Metrics.QueueAttributeSampler.Stop(run);
        }

        /// <summary>Keeps a consumer or producer job so the scenario run that started it can stop it if the script did not.</summary>
        public void Track(Jobs.DemoJobBase job)
        {
            lock (_gate)
            {
                _jobs.RemoveAll(j => j.IsFinishedOrDisposed());
                _jobs.Add(job);
            }
        }

        public IReadOnlyList<Jobs.DemoJobBase> JobsOf(DemoRun backend)
        {
            lock (_gate) return _jobs.Where(j => ReferenceEquals(j.Backend, backend)).ToArray();
        }

        public void Remember(DemoEnvironment environment, DemoRun backend)
        {
            lock (_gate)
            {
                _environments.RemoveAll(e => e.Environment.Name == environment.Name && ReferenceEquals(e.Backend, backend));
                _environments.Add((environment, backend));
            }
        }

        public void Forget(DemoEnvironment environment)
        {
            lock (_gate) _environments.RemoveAll(e => ReferenceEquals(e.Environment, environment) || e.Environment.QueueUrl == environment.QueueUrl);
        }

        /// <summary>Environments created on the backend now in use.</summary>
        public IReadOnlyList<DemoEnvironment> Environments => EnvironmentsOn(Backend);

        /// <summary>Environments created on <paramref name="backend"/>.</summary>
        public IReadOnlyList<DemoEnvironment> EnvironmentsOn(DemoRun backend)
        {
            lock (_gate) return _environments.Where(e => ReferenceEquals(e.Backend, backend)).Select(e => e.Environment).ToArray();
        }

        /// <summary>Keeps an endpoint Start-DemoEndpoint started, for Get-DemoEndpoint and Stop-DemoEndpoint.</summary>
        public void Remember(Engine.Endpoint.DemoEndpoint endpoint)
        {
            lock (_gate) _endpoints.Add(endpoint);
        }

        public void Forget(Engine.Endpoint.DemoEndpoint endpoint)
        {
            lock (_gate) _endpoints.Remove(endpoint);
        }

        /// <summary>The endpoints this session started that still serve.</summary>
        public IReadOnlyList<Engine.Endpoint.DemoEndpoint> Endpoints
        {
            get
            {
                lock (_gate)
                {
                    _endpoints.RemoveAll(e => !e.IsRunning);
                    return _endpoints.ToArray();
                }
            }
        }

        /// <summary>
        /// An endpoint serving <paramref name="run"/>: one this session started already, else a new one on a free
        /// loopback port, kept for Get-DemoEndpoint and Stop-DemoEndpoint like any other.
        /// </summary>
        public Engine.Endpoint.DemoEndpoint EndpointFor(DemoRun run)
        {
            lock (_gate)
            {
                _endpoints.RemoveAll(e => !e.IsRunning);
                var serving = _endpoints.FirstOrDefault(e => ReferenceEquals(e.Run, run));
                if (serving != null) return serving;
                var started = Engine.Endpoint.DemoEndpoint.Start(run, 0);
                _endpoints.Add(started);
                return started;
            }
        }

        /// <summary>Stops every endpoint of this session (the module is being removed: nothing could stop them later).</summary>
        public void StopEndpoints()
        {
            Engine.Endpoint.DemoEndpoint[] endpoints;
            lock (_gate)
            {
                endpoints = _endpoints.ToArray();
                _endpoints.Clear();
            }
            foreach (var endpoint in endpoints) endpoint.Stop();
        }
    }
}

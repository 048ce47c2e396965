using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SqsDemo.Engine.Backends;
using SqsDemo.Session;

namespace SqsDemo.Infrastructure
{
    /// <summary>
    /// What every SqsDemo cmdlet shares: the session's backend, a stop signal wired to
    /// Ctrl+C, and the one bridge from the engine's async work to the pipeline thread.
    /// </summary>
    public abstract class DemoCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        protected DemoSession Session => DemoSession.Current;

        /// <summary>
        /// The backend this call runs on: -Backend where the cmdlet takes it, else the embedded backend
        /// whose queue the call names (an environment from another runspace of this process, e.g. a
        /// thread job's $using:e), else the session's.
        /// </summary>
        protected DemoRun ActiveBackend => BackendOverride ?? BackendOfTargetQueue() ?? Session.Backend;

        /// <summary>The queue URL this call works on, when it names one: an embedded URL says which broker holds the queue.</summary>
        protected virtual string? TargetQueueUrl => null;

        private DemoRun? BackendOfTargetQueue()
        {
            var url = TargetQueueUrl;
            var home = BackendDirectory.Locate(url);
            if (home.MissingBrokerId != null) ThrowTerminatingError(ErrorRecords.EmbeddedBrokerNotInProcess(url!, home.MissingBrokerId));
            return home.Backend;
        }

        /// <summary>The backend given to this call explicitly (see <see cref="DemoBackendCmdlet"/>).</summary>
        protected virtual DemoRun? BackendOverride => null;

        /// <summary>Environments this session created on the backend this call runs on.</summary>
        protected IReadOnlyList<Engine.Environments.DemoEnvironment> ActiveEnvironments => Session.EnvironmentsOn(ActiveBackend);

        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing) or the pipeline stops.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        protected override void BeginProcessing() => Completers.ModuleBase.Remember(ModuleBasePath);

        /// <summary>
        /// PowerShell (7.6 included) still gives a compiled cmdlet called with -Debug an *inquiring* verbose
        /// preference, so every WriteVerbose would stop to ask "Continue with this operation?", and fail outright
        /// where nobody can answer (CI, a container). An advanced function's -Debug leaves $VerbosePreference
        /// alone; this does the same: under -Debug without -Verbose, verbose text shows only when the caller's
        /// $VerbosePreference asks for it, and then on the debug stream, which -Debug shows without asking.
        /// </summary>
        protected new void WriteVerbose(string text)
        {
            var bound = MyInvocation.BoundParameters;
            if (!bound.ContainsKey("Debug") || bound.ContainsKey("Verbose"))
            {
                base.WriteVerbose(text);
                return;
            }
            if (CallerWantsVerbose()) WriteDebug(text);
        }

        private bool CallerWantsVerbose() =>
            // A script may have assigned the preference as a string ('Continue'): convert as the engine does.
            LanguagePrimitives.TryConvertTo(GetVariableValue("VerbosePreference"), out ActionPreference preference)
            && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;

        /// <summary>The folder of the manifest the module was imported from.</summary>
        protected string? ModuleBasePath => MyInvocation.MyCommand.Module?.ModuleBase;

        /// <summary>The module's scenario catalog; one whose script declares no failure mode it proves stops the call, saying which.</summary>
        protected IReadOnlyList<Scenarios.ScenarioInfo> ScenarioCatalogOrStop() => DescribedOrStop(() => Scenarios.ScenarioCatalog.List(ModuleBasePath));

        /// <summary>What a scenario script's help says of it, or the call stops with the script's declaration error.</summary>
        protected T DescribedOrStop<T>(Func<T> describe)
        {
            try
            {
                return describe();
            }
            catch (Scenarios.ScenarioDeclarationException declaration)
            {
                ThrowTerminatingError(new ErrorRecord(declaration, ErrorIds.ScenarioProvesUnknownFailureMode, ErrorCategory.InvalidData, declaration.Path)
                {
                    ErrorDetails = new ErrorDetails(declaration.Message)
                    {
                        RecommendedAction = "Write one of the failure modes after 'Proves:' in the script's .NOTES (or leave the line out: a script of your own then proves Baseline).",
                    },
                });
                throw;
            }
        }

        /// <summary>
        /// Runs engine work on the thread pool while this (the pipeline) thread performs the
        /// writes it posts, since only the pipeline thread may write. After Ctrl+C the writes
        /// are dropped but the work is still awaited, so a graceful stop really finishes.
        /// </summary>
        protected T Run<T>(Func<PipelineWriter, Task<T>> work)
        {
            using (var writes = new BlockingCollection<Action>())
            {
                var writer = new PipelineWriter(writes);
                var task = Task.Run(() => work(writer));
                task.ContinueWith(_ => writes.CompleteAdding(), TaskScheduler.Default);
                var pipelineStopped = false;
                foreach (var write in writes.GetConsumingEnumerable())
                {
                    if (pipelineStopped) continue;
                    try
                    {
                        write();
                    }
                    catch (PipelineStoppedException)
                    {
                        pipelineStopped = true;
                        _stopping.Cancel();
                    }
                }
                if (pipelineStopped) throw new PipelineStoppedException();
                return task.GetAwaiter().GetResult();
            }
        }

        protected void Run(Func<PipelineWriter, Task> work) =>
            Run<bool>(async writer =>
            {
                await work(writer).ConfigureAwait(false);
                return true;
            });

        /// <summary>
        /// ShouldProcess that -Force answers yes to, except under -WhatIf, which always only
        /// says what would happen (as AWS Tools for PowerShell do).
        /// </summary>
        protected bool ShouldProcessUnlessForced(bool force, string target, string action)
        {
            var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
                ? value is SwitchParameter s && s.IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference", false));
            if (force && !whatIf) return true;
            return ShouldProcess(target, action);
        }

        /// <summary>
        /// Reads one of the ledger's tables and writes the rows <paramref name="keep"/> accepts;
        /// a missing table is a non-terminating error under DynamoDB's own code.
        /// </summary>
        protected void WriteLedgerRows<T>(string table, Func<Engine.Ledger.ILedger, CancellationToken, Task<IReadOnlyList<T>>> read, Func<T, bool> keep, Func<T, object>? shape = null)
        {
            var ledger = ActiveBackend.Ledger;
            try
            {
                foreach (var row in Run(_ => read(ledger, StopToken)))
                    if (keep(row)) WriteObject(shape == null ? row! : shape(row));
            }
            catch (Engine.Ledger.LedgerException e)
            {
                WriteError(new ErrorRecord(e, e.ErrorCode, ErrorCategory.ObjectNotFound, table));
            }
        }

        /// <summary>Writes an error built from an engine failure; terminating when nothing more can be done.</summary>
        protected void Fail(Exception exception, object? target, bool terminating)
        {
            var record = ErrorRecords.From(exception, target);
            if (terminating) ThrowTerminatingError(record);
            else WriteError(record);
        }

        /// <summary>
        /// True when <paramref name="queueUrl"/> names a queue; otherwise reports QueueNotSpecified (stopping the
        /// cmdlet unless <paramref name="terminating"/> is false) with what is missing and how to give it.
        /// </summary>
        protected bool RequireQueueUrl(string? queueUrl, string missing, string remedy, bool terminating = true)
        {
            if (!string.IsNullOrEmpty(queueUrl)) return true;
            var record = ErrorRecords.Create(ErrorIds.QueueNotSpecified, ErrorCategory.InvalidArgument, null, missing, remedy);
            if (terminating) ThrowTerminatingError(record);
            else WriteError(record);
            return false;
        }
    }

    /// <summary>
    /// A cmdlet that works on a backend: it takes -Backend (a backend from Connect-DemoBackend or
    /// Get-DemoBackend) to run on that one instead of the session's.
    /// </summary>
    public abstract class DemoBackendCmdlet : DemoCmdlet
    {
        /// <summary>The backend to use instead of the session's (the innermost scenario run, else the connected one).</summary>
        [Parameter]
        [ValidateNotNull]
        public DemoRun? Backend { get; set; }

        protected override DemoRun? BackendOverride => Backend;
    }

    /// <summary>Writes posted from engine threads, carried out on the pipeline thread.</summary>
    public sealed class PipelineWriter
    {
        private readonly BlockingCollection<Action> _writes;

        internal PipelineWriter(BlockingCollection<Action> writes) => _writes = writes;

        public void Post(Action write)
        {
            try
            {
                _writes.Add(write);
            }
            catch (InvalidOperationException)
            {
                // The run already ended (a late warning from a background continuation): nowhere to write.
            }
        }
    }
}

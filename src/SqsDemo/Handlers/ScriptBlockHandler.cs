using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Polly.CircuitBreaker;
using SqsDemo.Engine.Work;

namespace SqsDemo.Handlers
{
    /// <summary>What a handler script block gets as $Message (and $_): the message, and its body parsed.</summary>
    public sealed class HandlerMessage
    {
        public string MessageId { get; set; } = "";
        /// <summary>The body's "id" (the idempotency id), else the MessageId.</summary>
        public string BodyId { get; set; } = "";
        public string Body { get; set; } = "";
        /// <summary>The body parsed as JSON (objects as PSCustomObjects); null when it is not JSON.</summary>
        public object? Data { get; set; }
        public int ReceiveCount { get; set; }
        public string? MessageGroupId { get; set; }
        public DateTimeOffset SentTimestamp { get; set; }
    }

    /// <summary>What a handler script block gets as $Context: who runs it, and its dependency.</summary>
    public sealed class HandlerContext
    {
        private readonly DependencyClient? _dependency;

        public HandlerContext(string consumerId, DependencyClient? dependency)
        {
            ConsumerId = consumerId;
            _dependency = dependency;
        }

        public string ConsumerId { get; }
        /// <summary>The dependency's name, or null when the consumer has none.</summary>
        public string? Dependency => _dependency?.Name;
        /// <summary>Closed, Open, HalfOpen, or None without a breaker.</summary>
        public string BreakerState => _dependency?.BreakerState ?? "None";

        /// <summary>Calls the consumer's dependency (through its breaker) for <paramref name="key"/>; its receipt, or an error that fails the message.</summary>
        public string Call(string key)
        {
            if (_dependency == null)
                throw new InvalidOperationException("This consumer has no dependency to call: give Start-DemoConsumer -Dependency (from New-DemoDependency).");
            return _dependency.Call(key);
        }
    }

    /// <summary>
    /// A script block as a consumer's handler. It runs in a runspace of its own (one per consumer
    /// incarnation, like a thread job's), since the caller's runspace is busy or gone while consumers
    /// run: it sees only $Message, $Context and what it defines. Every error is terminating there
    /// ($ErrorActionPreference = 'Stop'), so any error fails the message.
    /// </summary>
    public sealed class ScriptBlockHandler : IMessageHandler
    {
        // The handler text is compiled in the handler's runspace, once, and called per message with $_ set.
        private const string Prologue = "param($HandlerText) $global:SqsDemoHandler = [scriptblock]::Create($HandlerText)";
        private const string PerMessage = "param($Message, $Context) $ErrorActionPreference = 'Stop'; $Message | ForEach-Object { & $global:SqsDemoHandler $Message $Context }";

        private readonly string _text;
        private Runspace? _runspace;

        public ScriptBlockHandler(ScriptBlock handler)
        {
            _text = (handler ?? throw new ArgumentNullException(nameof(handler))).ToString();
        }

        public async Task<IReadOnlyList<string>> HandleAsync(HandlerInput input, CancellationToken cancellationToken)
        {
            if (_runspace == null)
            {
                var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
                runspace.ThreadOptions = PSThreadOptions.ReuseThread;
                runspace.Open();
                try
                {
                    await InvokeAsync(runspace, CancellationToken.None, ps => ps.AddScript(Prologue).AddArgument(_text)).ConfigureAwait(false);
                }
                catch
                {
                    runspace.Dispose();
                    throw;
                }
                _runspace = runspace;
            }
            var message = new HandlerMessage
            {
                MessageId = input.Message.MessageId,
                BodyId = input.BodyId,
                Body = input.Message.Body,
                Data = PowerShellJson.TryParse(input.Message.Body),
                ReceiveCount = input.Message.ApproximateReceiveCount,
                MessageGroupId = input.Message.MessageGroupId,
                SentTimestamp = input.Message.SentTimestamp,
            };
            var output = await InvokeAsync(_runspace, cancellationToken, ps => ps.AddScript(PerMessage).AddArgument(message).AddArgument(new HandlerContext(input.ConsumerId, input.Dependency))).ConfigureAwait(false);
            var bodies = new List<string>();
            foreach (var item in output)
                if (item != null) bodies.Add(PowerShellJson.ToBody(item));
            return bodies;
        }

        /// <summary>
        /// Runs on the runspace's own thread, so waiting consumers hold no thread-pool thread. A
        /// cancellation stops the pipeline (as Ctrl+C would) and comes back as OperationCanceledException.
        /// </summary>
        private static async Task<PSDataCollection<PSObject>> InvokeAsync(Runspace runspace, CancellationToken cancellationToken, Action<PowerShell> build)
        {
            using (var ps = PowerShell.Create())
            {
                ps.Runspace = runspace;
                build(ps);
                var output = new PSDataCollection<PSObject>();
                using (cancellationToken.Register(() => ps.BeginStop(null, null)))
                {
                    try
                    {
                        var started = ps.BeginInvoke<PSObject, PSObject>(null, output);
                        await Task.Factory.FromAsync(started, r => ps.EndInvoke(r)).ConfigureAwait(false);
                    }
                    catch (PipelineStoppedException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException("The handler was stopped.", cancellationToken);
                    }
                    catch (RuntimeException e)
                    {
                        throw Translate(e);
                    }
                }
                return output;
            }
        }

        /// <summary>
        /// The consumer tells an open breaker and a dependency's answer from other failures: those
        /// come back as what the dependency threw, unwrapped from PowerShell's method-call errors.
        /// </summary>
        private static Exception Translate(RuntimeException e)
        {
            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is DependencyException || inner is BrokenCircuitException)
                {
                    ExceptionDispatchInfo.Capture(inner).Throw();
                }
            }
            var record = e.ErrorRecord;
            var where = record?.InvocationInfo?.ScriptLineNumber > 0 ? " (handler line " + record.InvocationInfo.ScriptLineNumber + ")" : "";
            return new HandlerFailedException("The handler failed: " + e.Message + where, e);
        }

        public void Dispose()
        {
            _runspace?.Dispose();
            _runspace = null;
        }
    }
}

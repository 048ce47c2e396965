using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SqsDemo.Tests.Hosting
{
    /// <summary>
    /// A runspace that imported the built module, as a user's session would: tests drive
    /// the cmdlets through PowerShell.Create() on it. The host is the PowerShell SDK, as in the
    /// module's shell: the whole default cmdlet set (Utility, Management, ...) loads on first use.
    /// </summary>
    public sealed class ModuleSession : IDisposable
    {
        public ModuleSession() : this(RepoPaths.LaidOutManifest, null)
        {
        }

        /// <summary>A session that imported another manifest (the repository root's).</summary>
        public static ModuleSession Importing(string manifest) => new ModuleSession(manifest, null);

        /// <summary>A session whose host renders as a console <paramref name="width"/> columns wide (see <see cref="Render"/>).</summary>
        public static ModuleSession Rendering(int width) => new ModuleSession(RepoPaths.LaidOutManifest, new RenderingHost(width));

        private ModuleSession(string manifest, RenderingHost? host)
        {
            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { manifest });
            state.ThrowOnRunspaceOpenError = true;
            Host = host;
            Runspace = host == null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
            Runspace.Open();
        }

        public Runspace Runspace { get; }

        /// <summary>The rendering host, for a session made by <see cref="Rendering"/>.</summary>
        public RenderingHost? Host { get; }

        /// <summary>
        /// Runs a script and renders its output as the console would (through Out-Host and the
        /// module's views), returning the text. Fails on errors.
        /// </summary>
        public string Render(string script)
        {
            if (Host == null) throw new InvalidOperationException("Render needs a session made by ModuleSession.Rendering.");
            Host.TakeText();
            Run("& { " + script + " } | Out-Host").NoErrors();
            return Host.TakeText();
        }

        /// <summary>Runs a script; returns its output and the errors it wrote. Terminating errors throw.</summary>
        public Result Run(string script, IDictionary? variables = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = Runspace;
            if (variables != null)
                foreach (DictionaryEntry v in variables)
                    Runspace.SessionStateProxy.SetVariable((string)v.Key, v.Value);
            ps.AddScript(script);
            var output = ps.Invoke();
            return new Result(output, ps.Streams.Error.ToArray(), ps.Streams.Warning.Select(w => w.Message).ToArray(),
                ps.Streams.Verbose.Select(v => v.Message).ToArray(), ps.Streams.Debug.Select(d => d.Message).ToArray(),
                ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? "").ToArray(), ps.Streams.Progress.ToArray());
        }

        /// <summary>
        /// Runs a script that must end in a terminating error, and returns it. try/catch
        /// catches exactly the terminating ones (non-terminating errors pass through it).
        /// </summary>
        public ErrorRecord RunExpectingTerminatingError(string script)
        {
            var result = Run("try { " + script + " ; 'no terminating error' } catch { $_ }");
            var caught = result.Objects<ErrorRecord>().ToArray();
            if (caught.Length != 1)
                throw new Xunit.Sdk.XunitException("Expected a terminating error; got output " + string.Join(", ", result.Output) +
                    " and errors " + string.Join(", ", result.Errors.Select(e => e.FullyQualifiedErrorId)));
            return caught[0];
        }

        public void Dispose() => Runspace.Dispose();

        public sealed class Result
        {
            public Result(Collection<PSObject> output, ErrorRecord[] errors, string[] warnings, string[] verbose, string[]? debug = null, string[]? information = null,
                ProgressRecord[]? progress = null)
            {
                Progress = progress ?? Array.Empty<ProgressRecord>();
                Output = output;
                Errors = errors;
                Warnings = warnings;
                Verbose = verbose;
                Debug = debug ?? Array.Empty<string>();
                Information = information ?? Array.Empty<string>();
            }

            public Collection<PSObject> Output { get; }
            public ErrorRecord[] Errors { get; }
            public string[] Warnings { get; }
            public string[] Verbose { get; }
            public string[] Debug { get; }
            public string[] Information { get; }
            /// <summary>Progress records in the order written (each one as it was when written only if the cmdlet does not change it later).</summary>
            public ProgressRecord[] Progress { get; }

            /// <summary>Everything written to any stream, as text (objects by their properties), for checks that a secret appears nowhere.</summary>
            public string AllText() => string.Join("\n",
                Output.Select(o => o?.BaseObject is object b ? b + " " + string.Join(" ", o.Properties.Select(p => { try { return p.Name + "=" + p.Value; } catch (Exception) { return p.Name; } })) : "")
                    .Concat(Errors.Select(e => e + " " + e.Exception))
                    .Concat(Warnings).Concat(Verbose).Concat(Debug).Concat(Information));

            public IEnumerable<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>();

            public T Single<T>() => Objects<T>().Single();

            /// <summary>Fails with the errors' text when any error was written.</summary>
            public Result NoErrors()
            {
                if (Errors.Length > 0)
                    throw new Xunit.Sdk.XunitException("Unexpected errors: " + string.Join(Environment.NewLine, Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
                return this;
            }
        }
    }
}

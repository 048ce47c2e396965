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
    /// the cmdlets through PowerShell.Create() on it. Only the Core cmdlets and SqsDemo's
    /// are there, as on a machine with no pwsh.
    /// </summary>
    public sealed class ModuleSession : IDisposable
    {
        public ModuleSession() : this(RepoPaths.LaidOutManifest) { }

        public ModuleSession(string manifest)
        {
            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { manifest });
            state.ThrowOnRunspaceOpenError = true;
            Runspace = RunspaceFactory.CreateRunspace(state);
            Runspace.Open();
        }

        public Runspace Runspace { get; }

        /// <summary>Runs a script; returns its output and the errors it wrote. Terminating errors throw.</summary>
        public Result Run(string script, IDictionary? variables = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = Runspace;
            if (variables != null)
                foreach (DictionaryEntry v in variables)
                    ps.AddCommand("Set-Variable").AddParameter("Name", v.Key).AddParameter("Value", v.Value).AddStatement();
            ps.AddScript(script);
            var output = ps.Invoke();
            return new Result(output, ps.Streams.Error.ToArray(), ps.Streams.Warning.Select(w => w.Message).ToArray(),
                ps.Streams.Verbose.Select(v => v.Message).ToArray());
        }

        /// <summary>Runs a script that must end in a terminating error, and returns it.</summary>
        public ErrorRecord RunExpectingTerminatingError(string script)
        {
            try
            {
                var result = Run(script);
                throw new Xunit.Sdk.XunitException("Expected a terminating error; got output " + string.Join(", ", result.Output) +
                    " and errors " + string.Join(", ", result.Errors.Select(e => e.FullyQualifiedErrorId)));
            }
            catch (RuntimeException e)
            {
                return e.ErrorRecord;
            }
        }

        public void Dispose() => Runspace.Dispose();

        public sealed class Result
        {
            public Result(Collection<PSObject> output, ErrorRecord[] errors, string[] warnings, string[] verbose)
            {
                Output = output;
                Errors = errors;
                Warnings = warnings;
                Verbose = verbose;
            }

            public Collection<PSObject> Output { get; }
            public ErrorRecord[] Errors { get; }
            public string[] Warnings { get; }
            public string[] Verbose { get; }

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

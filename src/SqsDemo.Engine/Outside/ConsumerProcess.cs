using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Outside
{
    /// <summary>
    /// One run of a consumer's command line as an operating-system process: its output line by line, a graceful
    /// stop (SIGTERM) and a hard one (SIGKILL). Where setsid exists the process leads a process group of its own,
    /// so a signal reaches whatever it started too (npm start, a wrapper script), as ECS stops a whole task.
    /// </summary>
    public sealed class ConsumerProcess : IDisposable
    {
        private const string SetsidPath = "/usr/bin/setsid";
        private static readonly MethodInfo? KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

        private readonly Process _process;
        private readonly TaskCompletionSource<int> _exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly bool _leadsGroup;

        private ConsumerProcess(Process process, bool leadsGroup)
        {
            _process = process;
            _leadsGroup = leadsGroup;
        }

        public int Id { get; private set; }

        /// <summary>Completes with the exit code once the process has ended and its output is read to the end.</summary>
        public Task<int> Exited => _exited.Task;

        /// <summary>
        /// Starts <paramref name="command"/> with exactly <paramref name="environment"/> laid over this process's
        /// variables (a null value removes one). Throws <see cref="ConsumerStartException"/> when it cannot start.
        /// </summary>
        public static ConsumerProcess Start(ConsumerCommandLine command, string? workingDirectory, IReadOnlyDictionary<string, string?> environment, Action<ProcessStream, string> onLine)
        {
            var leadsGroup = PosixSignals.Available && File.Exists(SetsidPath);
            var start = new ProcessStartInfo
            {
                FileName = leadsGroup ? SetsidPath : command.Program,
                Arguments = leadsGroup ? command.QuotedProgram() + " " + command.Arguments : command.Arguments,
                WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            foreach (var variable in environment)
            {
                if (variable.Value == null) start.EnvironmentVariables.Remove(variable.Key);
                else start.EnvironmentVariables[variable.Key] = variable.Value;
            }
            if (leadsGroup) RequireProgram(command, start);
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var consumer = new ConsumerProcess(process, leadsGroup);
            process.OutputDataReceived += (_, e) => { if (e.Data != null) onLine(ProcessStream.StandardOutput, e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) onLine(ProcessStream.StandardError, e.Data); };
            process.Exited += (_, e) => consumer.OnExited();
            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                process.Dispose();
                throw new ConsumerStartException("Could not start '" + command.Program + "': " + e.Message, command, e);
            }
            consumer.Id = process.Id;
            // The consumer reads no terminal: its standard input ends at once.
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return consumer;
        }

        /// <summary>
        /// setsid would start anyway and fail later with exit code 127: look the program up first, as the runtime
        /// would, so a typo is an error at the start rather than a consumer that "crashed".
        /// </summary>
        private static void RequireProgram(ConsumerCommandLine command, ProcessStartInfo start)
        {
            if (ProgramLocator.Find(command.Program, start.WorkingDirectory, start.EnvironmentVariables["PATH"]) == null)
                throw new ConsumerStartException("Could not start '" + command.Program + "': no such program (looked in " + start.WorkingDirectory + " and on PATH).", command, null);
        }

        private void OnExited()
        {
            // The no-argument wait returns once the output streams are read to their end, so every line is in.
            _ = Task.Run(() =>
            {
                try
                {
                    _process.WaitForExit();
                }
                catch (InvalidOperationException)
                {
                }
                _exited.TrySetResult(_process.ExitCode);
            });
        }

        public bool HasExited => _exited.Task.IsCompleted;

        /// <summary>Asks the consumer to stop (SIGTERM), as ECS does first; on Windows, which has no signals, ends it.</summary>
        public void Terminate()
        {
            if (HasExited) return;
            if (!PosixSignals.Send(Id, PosixSignals.SigTerm, _leadsGroup)) Kill();
        }

        /// <summary>Ends the consumer at once (SIGKILL): nothing more of it runs.</summary>
        public void Kill()
        {
            if (HasExited) return;
            if (PosixSignals.Send(Id, PosixSignals.SigKill, _leadsGroup)) return;
            try
            {
                // Windows: the whole tree where the runtime can (Process.Kill(bool), .NET Core 3.0+), else the process.
                if (KillTree != null) KillTree.Invoke(_process, new object[] { true });
                else _process.Kill();
            }
            catch (Exception e) when (e is InvalidOperationException || e is Win32Exception || e is TargetInvocationException)
            {
                // It ended meanwhile.
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }
    }
}

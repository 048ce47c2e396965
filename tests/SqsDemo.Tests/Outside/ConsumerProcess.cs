using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Tests.Outside
{
    /// <summary>
    /// A <see cref="ConsumerProgram"/> running as a process with the seeds' variables in its environment and
    /// nothing of the machine's AWS configuration. <see cref="Terminate"/> sends SIGTERM, as ECS and Stop-Job do;
    /// dispose kills it (and its children) if it is still running.
    /// </summary>
    internal sealed class ConsumerProcess : IDisposable
    {
        private const int SigTerm = 15;

        private readonly Process _process;
        private readonly StringBuilder _output = new StringBuilder();
        // Not disposed: it has no timer, and the exit continuation may cancel it after Dispose.
        private readonly CancellationTokenSource _ended = new CancellationTokenSource();

        public ConsumerProcess(ConsumerProgram program, IReadOnlyDictionary<string, string> variables)
        {
            Program = program;
            var start = new ProcessStartInfo(program.Interpreter) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(program.Script);
            foreach (var (name, value) in variables) start.Environment[name] = value;
            var none = Path.Combine(Path.GetTempPath(), "sqsdemo-no-aws-config-" + Guid.NewGuid().ToString("N"));
            start.Environment["AWS_CONFIG_FILE"] = none;
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = none;
            start.Environment.Remove("AWS_PROFILE");
            start.Environment.Remove("AWS_SESSION_TOKEN");
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            Exited = _process.WaitForExitAsync().ContinueWith(_ => _ended.Cancel(), TaskScheduler.Default);
        }

        public ConsumerProgram Program { get; }

        /// <summary>Completes when the process has ended and its output is read.</summary>
        public Task Exited { get; }

        /// <summary>Cancelled when the process has ended.</summary>
        public CancellationToken Ended => _ended.Token;

        /// <summary>Its stdout and stderr lines, interleaved as they came.</summary>
        public string Output
        {
            get
            {
                lock (_output) return Program.Name + " said:\n" + _output;
            }
        }

        /// <summary>SIGTERM: the graceful stop.</summary>
        public void Terminate()
        {
            if (kill(_process.Id, SigTerm) != 0)
                throw new InvalidOperationException("kill -TERM " + _process.Id + " failed with errno " + Marshal.GetLastWin32Error() + "\n" + Output);
        }

        /// <summary>The exit code, once it has ended within <paramref name="bound"/>; a timeout says what it printed.</summary>
        public async Task<int> ExitCodeAsync(TimeSpan bound)
        {
            if (await Task.WhenAny(Exited, Task.Delay(bound)).ConfigureAwait(false) != Exited)
                throw new TimeoutException(Program.Name + " did not end within " + bound.TotalSeconds + " s.\n" + Output);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // ended in between
            }
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line != null) lock (_output) _output.AppendLine(line);
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}

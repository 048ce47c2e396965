using System;
using System.Runtime.InteropServices;

namespace SqsDemo.Engine.Outside
{
    /// <summary>
    /// SIGTERM and SIGKILL for a consumer process (and its process group) on Linux and macOS, where .NET's
    /// Process.Kill only sends SIGKILL to one process. Windows has no signals: callers end the process there.
    /// </summary>
    internal static class PosixSignals
    {
        public const int SigKill = 9;
        public const int SigTerm = 15;

        public static bool Available => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Signals the process group the consumer leads (kill with a negative pid) when asked and it has one, else the process alone.</summary>
        public static bool Send(int processId, int signal, bool wholeGroup)
        {
            if (!Available) return false;
            if (wholeGroup && kill(-processId, signal) == 0) return true;
            return kill(processId, signal) == 0;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}

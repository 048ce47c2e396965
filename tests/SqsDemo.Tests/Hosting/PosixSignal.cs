using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Xunit;

namespace SqsDemo.Tests.Hosting
{
    /// <summary>Sends a signal to another process as kill(1) does: libc's kill(2), so no child process is needed to deliver it.</summary>
    public static class PosixSignal
    {
        public const int SIGTERM = 15;

        [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
        private static extern int Kill(int pid, int signal);

        public static void Send(int pid, int signal)
        {
            if (Kill(pid, signal) != 0)
                throw new Win32Exception(Marshal.GetLastWin32Error(), "kill(" + pid + ", " + signal + ") failed");
        }
    }

    /// <summary>A theory about POSIX signals: skipped on Windows, which has none to send.</summary>
    public sealed class PosixTheoryAttribute : TheoryAttribute
    {
        public PosixTheoryAttribute()
        {
            if (OperatingSystem.IsWindows()) Skip = "SIGTERM is a POSIX signal; Windows has none to send.";
        }
    }
}

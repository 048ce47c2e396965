using System;
using System.IO;

namespace SqsDemo.Engine.Outside
{
    /// <summary>Finds a program as the process start would: a path as given (from the working directory), else on PATH.</summary>
    internal static class ProgramLocator
    {
        public static string? Find(string program, string workingDirectory, string? path)
        {
            if (program.IndexOf('/') >= 0 || program.IndexOf('\\') >= 0)
            {
                var full = Path.Combine(workingDirectory, program);
                return File.Exists(full) ? full : null;
            }
            foreach (var directory in (path ?? "").Split(Path.PathSeparator))
            {
                if (directory.Length == 0) continue;
                var candidate = Path.Combine(directory, program);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }
    }
}

using System;
using System.IO;

namespace SqsDemo.Tests.Hosting
{
    /// <summary>Where the repository and the laid-out module are, found from the test assembly.</summary>
    public static class RepoPaths
    {
        public static string Root { get; } = FindRoot();

        public static string LaidOutManifest => Path.Combine(Root, "out", "SqsDemo", "SqsDemo.psd1");

        public static string RootManifest => Path.Combine(Root, "SqsDemo.psd1");

        public static string Scenarios => Path.Combine(Root, "scenarios");

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SqsDemo.slnx")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("The repository root (the folder holding SqsDemo.slnx) was not found above " + AppContext.BaseDirectory);
        }
    }
}

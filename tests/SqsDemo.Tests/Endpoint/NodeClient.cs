using System;
using System.IO;
using System.Linq;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Endpoint
{
    /// <summary>
    /// A fact that runs node. Where node or npm is missing it is skipped with the reason, except under CI (CI=true),
    /// where it runs and fails: CI must not pass by skipping the JavaScript SDK's test (the rule the moto tests follow).
    /// </summary>
    public sealed class NodeFactAttribute : FactAttribute
    {
        public NodeFactAttribute()
        {
            if (NodeClient.SkipReason is string reason) Skip = reason;
        }
    }

    /// <summary>
    /// tests/clients/node: the AWS SDK for JavaScript v3, pinned by its package-lock.json and installed there by
    /// <c>npm ci</c> (build.ps1's Test task runs Restore-NodeClient.ps1 there, which runs it when node_modules is missing or older than the lock file).
    /// </summary>
    public static class NodeClient
    {
        public static string Folder => Path.Combine(RepoPaths.Root, "tests", "clients", "node");

        /// <summary>node on PATH, or null.</summary>
        public static string? Node { get; } = FindOnPath("node", "node.exe");

        private static readonly string? Npm = FindOnPath("npm", "npm.cmd");

        public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        public static string? SkipReason => IsCi || (Node != null && Npm != null)
            ? null
            : "Node.js and npm are not installed (apt-get install -y nodejs npm; CI=true fails instead of skipping).";

        /// <summary>
        /// Why the SDK in node_modules cannot be used as the lock file pins it, or null when it can: npm ci writes
        /// node_modules/.package-lock.json last, so a missing one means no (or an interrupted) install, and an older
        /// one an install from before the lock file changed.
        /// </summary>
        public static string? InstallProblem()
        {
            if (Node == null) return "node is not on PATH: install Node.js 18 or later with npm (CI=true needs it).";
            var installed = Path.Combine(Folder, "node_modules", ".package-lock.json");
            var pinned = Path.Combine(Folder, "package-lock.json");
            var what = !File.Exists(installed) ? "are not installed"
                : File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(pinned) ? "are older than package-lock.json"
                : null;
            return what == null ? null
                : "The AWS SDK for JavaScript packages in " + Folder + " " + what + ": run `npm ci --no-audit --no-fund` there, or tests/clients/node/Restore-NodeClient.ps1 (./build.ps1 -Task Test does).";
        }

        private static string? FindOnPath(params string[] names) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Where(folder => folder.Length > 0)
                .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
                .FirstOrDefault(File.Exists);
    }
}

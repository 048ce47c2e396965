using System;
using System.IO;

namespace SqsDemo.Shell;

/// <summary>
/// Finds the SqsDemo module manifest. The order goes from most to least explicit:
/// 1. $env:SQSDEMO_MODULE, a path to a .psd1 (an explicit choice: if it is wrong, that is an error, no fallback);
/// 2. Modules/SqsDemo/SqsDemo.psd1 beside the executable (what the build and publish copy there);
/// 3. the first out/SqsDemo/SqsDemo.psd1 walking up from the executable (the module's own build
///    layout in the repository, so a shell built before the module still finds it).
/// </summary>
internal static class ModuleLocator
{
    public const string EnvironmentVariable = "SQSDEMO_MODULE";

    /// <summary>Returns the manifest path, or null with <paramref name="problem"/> saying why.</summary>
    public static string? Find(out string problem)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            string path = Path.GetFullPath(fromEnvironment);
            problem = File.Exists(path) ? string.Empty : $"${EnvironmentVariable} points to '{path}', which does not exist.";
            return File.Exists(path) ? path : null;
        }

        string baseDirectory = AppContext.BaseDirectory;
        string besideExecutable = Path.Combine(baseDirectory, "Modules", "SqsDemo", "SqsDemo.psd1");
        if (File.Exists(besideExecutable))
        {
            problem = string.Empty;
            return besideExecutable;
        }

        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "out", "SqsDemo", "SqsDemo.psd1");
            if (File.Exists(candidate))
            {
                problem = string.Empty;
                return candidate;
            }
        }

        problem = $"The SqsDemo module was not found: set ${EnvironmentVariable} to its .psd1, or build it so that "
            + $"'{besideExecutable}' or an out/SqsDemo/SqsDemo.psd1 above '{baseDirectory}' exists. "
            + "Use -NoModule to run without it.";
        return null;
    }
}

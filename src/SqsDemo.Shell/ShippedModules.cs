using System;
using System.IO;

namespace SqsDemo.Shell;

/// <summary>
/// The modules the shell ships beside its executable (Modules/: SqsDemo and ThreadJob). The SDK's own
/// $PSHOME/Modules lies under runtimes/ and holds only Utility, Management, Security and Host, so
/// the shell puts its folder first on PSModulePath: `Import-Module SqsDemo` by name and
/// Start-ThreadJob's autoloading then work as in pwsh, and child runspaces inherit the path.
/// </summary>
internal static class ShippedModules
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Modules");

    public static void AddToModulePath()
    {
        string? current = Environment.GetEnvironmentVariable("PSModulePath");
        if (current is not null && Array.IndexOf(current.Split(Path.PathSeparator), Folder) >= 0)
        {
            return;
        }

        Environment.SetEnvironmentVariable("PSModulePath",
            string.IsNullOrEmpty(current) ? Folder : Folder + Path.PathSeparator + current);
    }
}

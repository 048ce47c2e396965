using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace SqsDemo
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has no binding redirects for a module's own
    /// dependencies: System.Text.Json and System.Memory ask for versions of their
    /// netstandard helpers other than the ones shipped beside them. Resolve those by simple
    /// name from the module's folder. PowerShell 7 resolves them itself and never asks.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;

        /// <summary>Also stops the session's endpoints: once the module is gone no cmdlet could, and their ports would stay taken.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            Session.DemoSession.Current.StopEndpoints();
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleDirectory;
        }

        private static Assembly? ResolveFromModuleDirectory(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (string.IsNullOrEmpty(name)) return null;
            var path = Path.Combine(ModuleDirectory, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}

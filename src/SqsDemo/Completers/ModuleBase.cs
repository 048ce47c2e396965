namespace SqsDemo.Completers
{
    /// <summary>
    /// Where the module was loaded from, for code that runs outside a cmdlet (the scenario completer).
    /// Not known at import: every SqsDemo cmdlet remembers it as it begins (<see cref="Infrastructure.DemoCmdlet"/>),
    /// so it is null until the first one has run, and callers fall back to the assembly's directory.
    /// </summary>
    public static class ModuleBase
    {
        private static string? _path;

        public static void Remember(string? path)
        {
            if (!string.IsNullOrEmpty(path)) _path = path;
        }

        public static string? Find() => _path;
    }
}

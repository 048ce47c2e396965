using System;
using System.Linq;
using SqsDemo.Engine.Scenarios;

namespace SqsDemo.Scenarios
{
    /// <summary>A scenario script whose .NOTES line "Proves: ..." names no failure mode: the catalog refuses to load it.</summary>
    public sealed class ScenarioDeclarationException : Exception
    {
        public ScenarioDeclarationException(string path, string declared)
            : base($"Scenario script '{path}' declares 'Proves: {declared}' in its .NOTES, which names no failure mode. "
                + $"The failure modes: {string.Join(", ", Enum.GetNames(typeof(FailureMode)))}.")
        {
            Path = path;
            Declared = declared;
        }

        /// <summary>The script that declares it.</summary>
        public string Path { get; }

        /// <summary>What follows "Proves:", as written.</summary>
        public string Declared { get; }
    }
}

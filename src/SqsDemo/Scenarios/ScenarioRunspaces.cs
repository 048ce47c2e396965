using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using SqsDemo.Engine.Backends;

namespace SqsDemo.Scenarios
{
    /// <summary>What a scenario's own runspace needs to run Invoke-DemoScenario as the caller asked.</summary>
    public static class ScenarioRunspaces
    {
        // Chosen per scenario by the runner, or not passed on (each runspace runs one scenario, one at a time).
        private static readonly HashSet<string> NotPassedOn = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase)
        {
            "Name", "Path", "TimelinePath", "ThrottleLimit", "Backend",
            "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "WarningVariable", "InformationVariable",
            "OutVariable", "OutBuffer", "PipelineVariable", "ProgressAction",
        };

        /// <summary>The manifest the caller's module was imported from (its format and help come along), else the module's own file.</summary>
        public static string ModuleManifest(PSModuleInfo? module)
        {
            var assembly = typeof(ScenarioRunspaces).Assembly.Location;
            if (module == null) return assembly;
            var manifest = Path.Combine(module.ModuleBase, module.Name + ".psd1");
            return File.Exists(manifest) ? manifest : module.Path;
        }

        /// <summary>
        /// The caller's parameters for every scenario's Invoke-DemoScenario: Seed, TimeScale, Parameters, Verbose,
        /// and the backend the caller's call runs on, so that each run is a fresh run of the same connection.
        /// </summary>
        public static IDictionary ArgumentsFor(IDictionary<string, object> bound, DemoRun backend)
        {
            var arguments = new Hashtable(System.StringComparer.OrdinalIgnoreCase) { ["Backend"] = backend };
            foreach (var parameter in bound)
                if (!NotPassedOn.Contains(parameter.Key)) arguments[parameter.Key] = parameter.Value;
            return arguments;
        }
    }
}

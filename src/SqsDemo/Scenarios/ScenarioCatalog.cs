using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using SqsDemo.Engine.Scenarios;

namespace SqsDemo.Scenarios
{
    /// <summary>A scenario script and what its comment-based help says of it.</summary>
    public sealed class ScenarioInfo
    {
        public string Name { get; set; } = "";
        /// <summary>Fast or Slow, from the script's .NOTES ("Speed: Slow").</summary>
        public string Speed { get; set; } = "Fast";
        public string Synopsis { get; set; } = "";
        public string Description { get; set; } = "";
        public string Path { get; set; } = "";
        /// <summary>The script's parameters, which Invoke-DemoScenario -Parameters can set.</summary>
        public string[] Parameters { get; set; } = Array.Empty<string>();
        /// <summary>
        /// Whether Invoke-DemoScenario -Consumer can run it against your consumer process: its param block declares
        /// [string] $Consumer. One that needs SqsDemo's own consumer's knobs (-Handler, -BatchSize, ...) does not.
        /// </summary>
        public bool JudgesYourConsumer { get; set; }
        /// <summary>
        /// The failure mode it proves, from the script's .NOTES ("Proves: DuplicateDelivery"): Test-DemoConsumer groups its
        /// checks under it. Baseline for a script of your own that declares none.
        /// </summary>
        public FailureMode Proves { get; set; } = FailureMode.Baseline;

        public override string ToString() => Name;
    }

    /// <summary>The scenarios shipped in the module's scenarios folder; the source of truth for names and completion.</summary>
    public static class ScenarioCatalog
    {
        /// <summary>The parameter through which Invoke-DemoScenario -Consumer hands a scenario your consumer's command line.</summary>
        public const string ConsumerParameter = "Consumer";

        private static readonly Regex SpeedPattern = new Regex(@"Speed\s*:\s*(Fast|Slow)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex ProvesPattern = new Regex(@"^\s*Proves\s*:\s*(.*?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline);

        /// <summary>The scenarios folder beside the module manifest, or, failing that, beside the assembly.</summary>
        public static string Directory(string? moduleBase)
        {
            var candidates = new List<string>();
            if (!string.IsNullOrEmpty(moduleBase)) candidates.Add(System.IO.Path.Combine(moduleBase, "scenarios"));
            var assemblyDir = System.IO.Path.GetDirectoryName(typeof(ScenarioCatalog).Assembly.Location) ?? "";
            candidates.Add(System.IO.Path.Combine(assemblyDir, "scenarios"));
            return candidates.FirstOrDefault(System.IO.Directory.Exists) ?? candidates[0];
        }

        /// <exception cref="ScenarioDeclarationException">A script's .NOTES names no failure mode after "Proves:".</exception>
        public static IReadOnlyList<ScenarioInfo> List(string? moduleBase)
        {
            var directory = Directory(moduleBase);
            if (!System.IO.Directory.Exists(directory)) return Array.Empty<ScenarioInfo>();
            return System.IO.Directory.GetFiles(directory, "*.ps1")
                // By name, not by file name: "poison.ps1" sorts after "poison-partial-batch.ps1", "poison" before "poison-partial-batch".
                .OrderBy(p => System.IO.Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
                .Select(Describe)
                .ToArray();
        }

        /// <exception cref="ScenarioDeclarationException">The script's .NOTES names no failure mode after "Proves:".</exception>
        public static ScenarioInfo Describe(string path)
        {
            var ast = Parser.ParseFile(path, out _, out _);
            var help = ast.GetHelpContent();
            var notes = help?.Notes ?? "";
            var speed = SpeedPattern.Match(notes);
            return new ScenarioInfo
            {
                Name = System.IO.Path.GetFileNameWithoutExtension(path),
                Speed = speed.Success ? char.ToUpperInvariant(speed.Groups[1].Value[0]) + speed.Groups[1].Value.Substring(1).ToLowerInvariant() : "Fast",
                Synopsis = (help?.Synopsis ?? "").Trim(),
                Description = (help?.Description ?? "").Trim(),
                Path = path,
                Parameters = ast.ParamBlock?.Parameters.Select(p => p.Name.VariablePath.UserPath).ToArray() ?? Array.Empty<string>(),
                JudgesYourConsumer = ast.ParamBlock?.Parameters.Any(TakesConsumerCommand) ?? false,
                Proves = ProvedBy(path, notes),
            };
        }

        /// <summary>The failure mode the .NOTES declare, by its exact name: a misspelt one would file the checks under the wrong verdict.</summary>
        private static FailureMode ProvedBy(string path, string notes)
        {
            var declared = ProvesPattern.Match(notes);
            if (!declared.Success) return FailureMode.Baseline;
            var name = declared.Groups[1].Value;
            var mode = Enum.GetValues(typeof(FailureMode)).Cast<FailureMode>()
                .Where(m => string.Equals(m.ToString(), name, StringComparison.OrdinalIgnoreCase)).Cast<FailureMode?>().FirstOrDefault();
            return mode ?? throw new ScenarioDeclarationException(path, name);
        }

        /// <summary>[string] $Consumer: a command line. A $Consumer of another type (a count, say) is not the contract.</summary>
        private static bool TakesConsumerCommand(ParameterAst parameter) =>
            string.Equals(parameter.Name.VariablePath.UserPath, ConsumerParameter, StringComparison.OrdinalIgnoreCase)
            && parameter.StaticType == typeof(string);
    }
}

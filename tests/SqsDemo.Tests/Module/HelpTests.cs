using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Module
{
    /// <summary>
    /// The module's help, read through Get-Help as a user reads it, in the style of
    /// PSScriptAnalyzer's ModuleHelp.Tests.ps1: every exported command (enumerated from the
    /// module) has a real synopsis, a description, examples with code, and documents exactly
    /// its own parameters, as the code declares them. The same checks in Pester are in
    /// tests/SqsDemo.Help.Tests.ps1.
    /// </summary>
    public sealed class HelpTests : IClassFixture<ModuleSession>
    {
        /// <summary>Parameters PowerShell adds to every cmdlet (and to ShouldProcess ones): not the module's to describe.</summary>
        private static readonly HashSet<string> CommonParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
            "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        };

        /// <summary>Get-Help's object, flattened to plain values so the assertions read simply.</summary>
        private const string ReadHelp = @"
$help = Get-Help -Name $name -Full
function Text($items) { (@($items) | Where-Object { $_ } | ForEach-Object { if ($_.Text) { $_.Text } else { ""$_"" } }) -join ""`n"" }
[pscustomobject]@{
    Synopsis    = ""$($help.Synopsis)"".Trim()
    Description = (Text $help.description).Trim()
    SyntaxItems = @(@($help.syntax.syntaxItem) | Where-Object { $_ }).Count
    Examples    = @(@($help.examples.example) | Where-Object { $_ } | ForEach-Object {
        [pscustomobject]@{ Title = ""$($_.title)""; Code = ""$($_.code)"".Trim(); Remarks = (Text $_.remarks).Trim() }
    })
    Parameters  = @(@($help.parameters.parameter) | Where-Object { $_ } | ForEach-Object {
        [pscustomobject]@{
            Name = ""$($_.name)""; Description = (Text $_.description).Trim(); Required = ""$($_.required)""
            Position = ""$($_.position)""; PipelineInput = ""$($_.pipelineInput)""; Type = ""$($_.type.name)""
        }
    })
}";

        private readonly ModuleSession _session;

        public HelpTests(ModuleSession session) => _session = session;

        /// <summary>The commands the module exports, from the module itself.</summary>
        public static TheoryData<string> ExportedCommands()
        {
            using var session = new ModuleSession();
            var data = new TheoryData<string>();
            var names = session.Run("(Get-Module SqsDemo).ExportedCommands.Keys").NoErrors().Output.Select(o => o.ToString());
            foreach (var name in names.OrderBy(n => n, StringComparer.Ordinal)) data.Add(name);
            return data;
        }

        [Fact]
        public void The_module_exports_commands_to_check()
        {
            var count = (int)_session.Run("(Get-Module SqsDemo).ExportedCommands.Count").NoErrors().Output.Single().BaseObject;
            Assert.True(count >= 16, $"the module exports {count} commands: the theories below would check too few");
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Has_a_synopsis_that_is_not_the_generated_syntax(string command)
        {
            var help = Help(command);
            Assert.False(string.IsNullOrWhiteSpace(help.Synopsis), command + " has no synopsis");
            // Without a help file, Get-Help makes the synopsis from the syntax: "Name [-Param <T>] [<CommonParameters>]".
            Assert.DoesNotContain("[<CommonParameters>]", help.Synopsis);
            Assert.False(help.Synopsis.StartsWith(command, StringComparison.OrdinalIgnoreCase), command + "'s synopsis is its syntax: " + help.Synopsis);
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Has_a_description(string command)
        {
            var help = Help(command);
            Assert.False(string.IsNullOrWhiteSpace(help.Description), command + " has no description");
            Assert.NotEqual(help.Synopsis, help.Description);
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Has_at_least_two_examples_with_code_and_remarks(string command)
        {
            var help = Help(command);
            Assert.True(help.Examples.Count >= 2, $"{command} has {help.Examples.Count} example(s)");
            foreach (var example in help.Examples)
            {
                Assert.False(string.IsNullOrWhiteSpace(example.Code), $"{command}: {example.Title} has no code");
                Assert.False(string.IsNullOrWhiteSpace(example.Remarks), $"{command}: {example.Title} has no remarks");
            }
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Has_examples_that_parse_and_give_SqsDemo_cmdlets_only_parameters_they_have(string command)
        {
            // Help outlives renames: an example calling a parameter that no longer exists teaches what fails.
            var help = Help(command);
            var exported = new HashSet<string>(_session.Run("(Get-Module SqsDemo).ExportedCommands.Keys").NoErrors().Output.Select(o => o.ToString()), StringComparer.OrdinalIgnoreCase);
            foreach (var example in help.Examples)
            {
                var ast = Parser.ParseInput(example.Code, out _, out var errors);
                Assert.True(errors.Length == 0, $"{command}: {example.Title} does not parse: {string.Join("; ", errors.Select(e => e.Message))}\n{example.Code}");
                foreach (var call in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>())
                {
                    var called = call.GetCommandName();
                    if (called == null || !exported.Contains(called)) continue;
                    var names = ParameterNamesAndAliases(called);
                    foreach (var given in call.CommandElements.OfType<CommandParameterAst>().Select(p => p.ParameterName))
                    {
                        // PowerShell binds a unique prefix of a name too.
                        var matches = names.Where(n => n.StartsWith(given, StringComparison.OrdinalIgnoreCase)).ToArray();
                        Assert.True(matches.Contains(given, StringComparer.OrdinalIgnoreCase) || matches.Length == 1,
                            $"{command}: {example.Title} calls {called} -{given}, which {called} does not have");
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Describes_every_parameter(string command)
        {
            var help = Help(command);
            foreach (var parameter in OwnParameters(command))
            {
                var documented = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                Assert.True(documented != null, $"{command} -{parameter.Name} is not in the help");
                Assert.False(string.IsNullOrWhiteSpace(documented!.Description), $"{command} -{parameter.Name} has no description");
            }
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Documents_no_parameter_the_command_does_not_have(string command)
        {
            var help = Help(command);
            var actual = Command(command).Parameters.Keys;
            foreach (var documented in help.Parameters)
                Assert.True(actual.Contains(documented.Name, StringComparer.OrdinalIgnoreCase), $"{command}'s help documents -{documented.Name}, which it does not have");
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Documents_each_parameter_as_the_code_declares_it(string command)
        {
            var help = Help(command);
            foreach (var parameter in OwnParameters(command))
            {
                var documented = help.Parameters.Single(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                var sets = parameter.ParameterSets.Values.ToArray();
                var where = $"{command} -{parameter.Name}";
                Assert.True(TypeName(parameter.ParameterType) == documented.Type, $"{where}: help says type {documented.Type}, code {TypeName(parameter.ParameterType)}");
                // A parameter mandatory in some sets only has no single answer; the syntax shows it per set.
                if (sets.All(s => s.IsMandatory) || sets.All(s => !s.IsMandatory))
                    Assert.True(string.Equals(sets[0].IsMandatory ? "true" : "false", documented.Required, StringComparison.OrdinalIgnoreCase), $"{where}: help says required {documented.Required}");
                if (sets.Select(s => s.Position).Distinct().Count() == 1)
                {
                    var position = sets[0].Position == int.MinValue ? "named" : sets[0].Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(string.Equals(position, documented.Position, StringComparison.OrdinalIgnoreCase), $"{where}: help says position {documented.Position}, code {position}");
                }
                Assert.True(PipelineInput(sets) == documented.PipelineInput, $"{where}: help says pipeline input {documented.PipelineInput}, code {PipelineInput(sets)}");
            }
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Shows_one_syntax_per_parameter_set(string command)
        {
            var help = Help(command);
            Assert.Equal(Command(command).ParameterSets.Count, help.SyntaxItems);
        }

        [Theory]
        [MemberData(nameof(ExportedCommands))]
        public void Answers_Get_Help_Parameter_for_each_parameter(string command)
        {
            foreach (var parameter in OwnParameters(command))
            {
                var found = _session.Run($"Get-Help -Name {Quote(command)} -Parameter {Quote(parameter.Name)}").NoErrors().Output;
                Assert.True(found.Count == 1, $"Get-Help {command} -Parameter {parameter.Name} found {found.Count} parameter(s)");
            }
        }

        [Fact]
        public void Start_DemoConsumer_help_names_every_environment_variable_of_the_option_table()
        {
            var help = _session.Run("Get-Help Start-DemoConsumer -Full | Out-String -Width 4096").NoErrors().Output.Single().ToString();
            var variables = SqsDemo.Engine.Work.ConsumerOptionTable.Rows.Select(row => row.Variable).OfType<string>().ToArray();
            Assert.NotEmpty(variables);
            var missing = variables.Where(variable => !help.Contains(variable, StringComparison.Ordinal)).ToArray();
            Assert.True(missing.Length == 0, "Not named in Start-DemoConsumer's help: " + string.Join(", ", missing));
        }

        [Fact]
        public void Every_parameter_of_the_option_table_is_a_parameter_of_Start_DemoConsumer()
        {
            var parameters = Command("Start-DemoConsumer").Parameters.Keys;
            var inTable = SqsDemo.Engine.Work.ConsumerOptionTable.Rows.Select(row => row.Parameter).OfType<string>().ToArray();
            Assert.NotEmpty(inTable);
            var missing = inTable.Where(name => !parameters.Contains(name)).ToArray();
            Assert.True(missing.Length == 0, "Not parameters of Start-DemoConsumer: " + string.Join(", ", missing));
        }

        [Fact]
        public void The_about_topic_is_found()
        {
            var text = string.Join("\n", _session.Run("Get-Help -Name about_SqsDemo").NoErrors().Output.Select(o => o.ToString()));
            Assert.Contains("about_SqsDemo", text);
            Assert.Contains("SHORT DESCRIPTION", text);
            Assert.Contains("WRITING A SCENARIO", text);
            Assert.Contains("ERROR IDS", text);
        }

        [Fact]
        public void The_about_topic_explains_the_backends_the_scenario_clock_and_how_to_write_a_scenario()
        {
            var text = string.Join("\n", _session.Run("Get-Help -Name about_SqsDemo").NoErrors().Output.Select(o => o.ToString()));
            string Section(string heading)
            {
                var start = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
                Assert.True(start >= 0, "about_SqsDemo has no section " + heading);
                var next = System.Text.RegularExpressions.Regex.Match(text.Substring(start + heading.Length + 2), @"\n[A-Z][A-Z ]+\n");
                return next.Success ? text.Substring(start, heading.Length + 2 + next.Index) : text.Substring(start);
            }
            var backends = Section("BACKENDS");
            foreach (var way in new[] { "Embedded", "-EndpointUrl", "LocalStack", "moto", "ElasticMQ", "-Region", "-ProfileName", "-TerraformOutput", "-Backend" })
                Assert.Contains(way, backends);
            var clock = Section("THE SCENARIO CLOCK");
            foreach (var word in new[] { "-TimeScale", "Wait-DemoClock", "wall" })
                Assert.Contains(word, clock);
            var writing = Section("WRITING A SCENARIO");
            foreach (var word in new[] { ".SYNOPSIS", "Speed: Slow", "New-DemoCheck", "Write-DemoPhase", "Invoke-DemoScenario -Path", "-Parameters", "default cmdlets", "[PASS]", "[FAIL]" })
                Assert.Contains(word, writing);
            foreach (var command in _session.Run("(Get-Module SqsDemo).ExportedCommands.Keys").NoErrors().Output.Select(o => o.ToString()))
                Assert.True(text.Contains(command), "about_SqsDemo does not name " + command);
        }

        [Fact]
        public void The_about_topic_names_every_error_id_of_the_module()
        {
            var text = string.Join("\n", _session.Run("Get-Help -Name about_SqsDemo").NoErrors().Output.Select(o => o.ToString()));
            var ids = _session.Run("[SqsDemo.Infrastructure.ErrorIds].GetFields() | ForEach-Object { $_.GetValue($null) }").NoErrors().Output.Select(o => o.ToString()).ToArray();
            Assert.NotEmpty(ids);
            foreach (var id in ids) Assert.True(text.Contains(id), "about_SqsDemo does not name the error id " + id);
        }

        // Get-Help looks for a cmdlet's help file under its module's ModuleBase (or beside a nested
        // module's file) and for about topics under loaded modules' ModuleBase: with the root manifest
        // that is the repository root, where no en-US folder may be. It works once SqsDemo.psd1 nests
        // the laid-out manifest (NestedModules = @(..., 'out/SqsDemo/SqsDemo.psd1') instead of RootModule).
        [Fact]
        public void Help_is_found_when_the_module_is_imported_from_the_root_manifest()
        {
            using var root = ModuleSession.Importing(RepoPaths.RootManifest);
            var synopsis = root.Run("(Get-Help -Name Invoke-DemoScenario).Synopsis").NoErrors().Output.Single().ToString();
            Assert.DoesNotContain("[<CommonParameters>]", synopsis);
            Assert.NotEmpty(root.Run("Get-Help -Name about_SqsDemo").NoErrors().Output);
        }

        private IEnumerable<ParameterMetadata> OwnParameters(string command) =>
            Command(command).Parameters.Values.Where(p => !CommonParameters.Contains(p.Name));

        private readonly Dictionary<string, string[]> _parameterNames = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

        private string[] ParameterNamesAndAliases(string command)
        {
            if (!_parameterNames.TryGetValue(command, out var names))
            {
                names = Command(command).Parameters.Values.SelectMany(p => new[] { p.Name }.Concat(p.Aliases)).ToArray();
                _parameterNames[command] = names;
            }
            return names;
        }

        private CommandInfo Command(string command) =>
            _session.Run($"Get-Command -Name {Quote(command)} -Module SqsDemo").NoErrors().Single<CommandInfo>();

        private CommandHelp Help(string command)
        {
            // The fixture's variables need Set-Variable, a Utility cmdlet the SDK's runspace lacks: the name goes in the script.
            var help = _session.Run("$name = " + Quote(command) + ReadHelp).NoErrors().Output.Single();
            return new CommandHelp(help);
        }

        private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

        /// <summary>How help names a type: its full name; Nullable&lt;T&gt; as System.Nullable`1[T].</summary>
        private static string TypeName(Type type)
        {
            var inner = Nullable.GetUnderlyingType(type);
            return inner != null ? "System.Nullable`1[" + inner.FullName + "]" : type.FullName!;
        }

        private static string PipelineInput(IEnumerable<ParameterSetMetadata> sets)
        {
            var kinds = new List<string>();
            if (sets.Any(s => s.ValueFromPipeline)) kinds.Add("ByValue");
            if (sets.Any(s => s.ValueFromPipelineByPropertyName)) kinds.Add("ByPropertyName");
            return kinds.Count == 0 ? "False" : "True (" + string.Join(", ", kinds) + ")";
        }

        private sealed class CommandHelp
        {
            public CommandHelp(PSObject help)
            {
                Synopsis = (string)help.Properties["Synopsis"].Value;
                Description = (string)help.Properties["Description"].Value;
                SyntaxItems = (int)help.Properties["SyntaxItems"].Value;
                Examples = Items(help, "Examples").Select(e => new ExampleHelp(Text(e, "Title"), Text(e, "Code"), Text(e, "Remarks"))).ToList();
                Parameters = Items(help, "Parameters").Select(p => new ParameterHelp(Text(p, "Name"), Text(p, "Description"), Text(p, "Required"),
                    Text(p, "Position"), Text(p, "PipelineInput"), Text(p, "Type"))).ToList();
            }

            public string Synopsis { get; }
            public string Description { get; }
            public int SyntaxItems { get; }
            public IReadOnlyList<ExampleHelp> Examples { get; }
            public IReadOnlyList<ParameterHelp> Parameters { get; }

            private static IEnumerable<PSObject> Items(PSObject help, string name) =>
                ((IEnumerable)PSObject.AsPSObject(help.Properties[name].Value).BaseObject).Cast<object>().Select(PSObject.AsPSObject);

            private static string Text(PSObject item, string name) => item.Properties[name].Value?.ToString() ?? "";
        }

        private sealed record ExampleHelp(string Title, string Code, string Remarks);

        private sealed record ParameterHelp(string Name, string Description, string Required, string Position, string PipelineInput, string Type);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using System.Text;

namespace SqsDemo.Scenarios
{
    /// <summary>
    /// Reads the environments the scenario scripts create, from the scripts' syntax trees: every New-DemoEnvironment
    /// call, its -Name and switches, and the numbers it passes where they are constants or variables with one constant
    /// value (a parameter's default, or a single assignment).
    /// </summary>
    public static class ScenarioEnvironments
    {
        private static readonly HashSet<string> Switches = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Fifo", "ContentBasedDeduplication", "Ledger", "Results", "StoreResults", "WhatIf", "Confirm", "Force", "PassThru", "Verbose", "Debug",
        };

        /// <summary>Every call of every script in <paramref name="scenariosFolder"/> (the catalog: ScenarioCatalog.Directory).</summary>
        public static IReadOnlyList<EnvironmentCall> InCatalog(string scenariosFolder) =>
            Directory.EnumerateFiles(scenariosFolder, "*.ps1").OrderBy(f => f, StringComparer.Ordinal).SelectMany(Read).ToList();

        public static IReadOnlyList<EnvironmentCall> Read(string path)
        {
            var ast = Parser.ParseFile(path, out _, out var errors);
            if (errors.Length > 0) throw new InvalidOperationException(path + " does not parse: " + errors[0].Message);
            var known = KnownValues(ast);
            // Consumers that store results (Start-DemoConsumer -StoreResults or -ResultsTable) need the results
            // table, which comes with a -Ledger environment: the script's ledger environments must have it.
            var storesResults = ast.FindAll(a => a is CommandAst c && string.Equals(c.GetCommandName(), "Start-DemoConsumer", StringComparison.OrdinalIgnoreCase)
                && c.CommandElements.OfType<CommandParameterAst>().Any(p => p.ParameterName.Equals("StoreResults", StringComparison.OrdinalIgnoreCase) || p.ParameterName.Equals("ResultsTable", StringComparison.OrdinalIgnoreCase)), true).Any();
            var calls = new List<EnvironmentCall>();
            foreach (var command in ast.FindAll(a => a is CommandAst c && string.Equals(c.GetCommandName(), "New-DemoEnvironment", StringComparison.OrdinalIgnoreCase), true).Cast<CommandAst>())
            {
                var call = new EnvironmentCall { Script = Path.GetFileName(path), Line = command.Extent.StartLineNumber };
                var arguments = Arguments(command);
                if (arguments.TryGetValue("Name", out var name) && name != null)
                {
                    call.NameText = name.Extent.Text;
                    call.Name = Value(name, known, 0) as string;
                }
                call.Fifo = IsOn(arguments, "Fifo", known);
                call.ContentBasedDeduplication = IsOn(arguments, "ContentBasedDeduplication", known);
                call.Ledger = IsOn(arguments, "Ledger", known);
                call.Results = IsOn(arguments, "Results", known) || (storesResults && call.Ledger);
                foreach (var number in new[] { "VisibilityTimeout", "MaxReceiveCount", "ReceiveWaitTime" })
                {
                    if (arguments.TryGetValue(number, out var argument) && argument != null && Value(argument, known, 0) is object value
                        && long.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var whole))
                        call.Numbers[number] = whole;
                }
                calls.Add(call);
            }
            return calls;
        }

        /// <summary>Named parameters and their argument (null for a switch given bare); the first positional is Name.</summary>
        private static Dictionary<string, ExpressionAst?> Arguments(CommandAst command)
        {
            var arguments = new Dictionary<string, ExpressionAst?>(StringComparer.OrdinalIgnoreCase);
            var elements = command.CommandElements;
            var positional = 0;
            for (var i = 1; i < elements.Count; i++)
            {
                if (elements[i] is CommandParameterAst parameter)
                {
                    if (parameter.Argument != null || Switches.Contains(parameter.ParameterName))
                    {
                        arguments[parameter.ParameterName] = parameter.Argument;
                    }
                    else if (i + 1 < elements.Count && elements[i + 1] is ExpressionAst value)
                    {
                        arguments[parameter.ParameterName] = value;
                        i++;
                    }
                }
                else if (elements[i] is ExpressionAst expression && positional++ == 0)
                {
                    arguments["Name"] = expression;
                }
            }
            return arguments;
        }

        private static bool IsOn(Dictionary<string, ExpressionAst?> arguments, string name, Dictionary<string, ExpressionAst?> known) =>
            arguments.TryGetValue(name, out var argument) && (argument == null || Value(argument, known, 0) is bool on && on);

        /// <summary>Variables with exactly one assignment in the script (a parameter's default counts as one).</summary>
        private static Dictionary<string, ExpressionAst?> KnownValues(Ast ast)
        {
            var assignments = new Dictionary<string, List<ExpressionAst?>>(StringComparer.OrdinalIgnoreCase);
            void Add(string name, ExpressionAst? value)
            {
                if (!assignments.TryGetValue(name, out var list)) assignments[name] = list = new List<ExpressionAst?>();
                list.Add(value);
            }
            foreach (var parameter in ast.FindAll(a => a is ParameterAst, true).Cast<ParameterAst>())
                Add(parameter.Name.VariablePath.UserPath, parameter.DefaultValue);
            foreach (var assignment in ast.FindAll(a => a is AssignmentStatementAst, true).Cast<AssignmentStatementAst>())
            {
                var target = assignment.Left is ConvertExpressionAst convert ? convert.Child : assignment.Left;
                if (target is VariableExpressionAst variable)
                    Add(variable.VariablePath.UserPath, assignment.Operator == TokenKind.Equals && assignment.Right is CommandExpressionAst c ? c.Expression : null);
            }
            return assignments.Where(a => a.Value.Count == 1).ToDictionary(a => a.Key, a => a.Value[0], StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The value of a constant expression, or of a variable or string built from such; null when not known statically.</summary>
        private static object? Value(ExpressionAst expression, Dictionary<string, ExpressionAst?> known, int depth)
        {
            if (depth > 10) return null;
            switch (expression)
            {
                case StringConstantExpressionAst text:
                    return text.Value;
                case ConstantExpressionAst constant:
                    return constant.Value;
                case ConvertExpressionAst convert:
                    return Value(convert.Child, known, depth + 1);
                case VariableExpressionAst variable:
                    if (variable.VariablePath.UserPath.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
                    if (variable.VariablePath.UserPath.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
                    return known.TryGetValue(variable.VariablePath.UserPath, out var value) && value != null ? Value(value, known, depth + 1) : null;
                case ExpandableStringExpressionAst expandable:
                    var result = new StringBuilder();
                    var rest = expandable.Extent.Text.Substring(1, expandable.Extent.Text.Length - 2);
                    var offset = expandable.Extent.StartOffset + 1;
                    var at = 0;
                    foreach (var nested in expandable.NestedExpressions)
                    {
                        if (Value(nested, known, depth + 1) is not object part) return null;
                        var start = nested.Extent.StartOffset - offset;
                        result.Append(rest, at, start - at).Append(Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture));
                        at = nested.Extent.EndOffset - offset;
                    }
                    result.Append(rest, at, rest.Length - at);
                    return result.ToString();
                default:
                    return null;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using SqsDemo.Tests.Hosting;

namespace SqsDemo.Tests.Terraform
{
    /// <summary>One entry of terraform/scenarios.json's "scenarios" map.</summary>
    public sealed class MapEntry
    {
        public string Name { get; set; } = "";
        public bool Fifo { get; set; }
        public bool ContentBasedDeduplication { get; set; }
        public bool Ledger { get; set; }
        public bool Results { get; set; }
        public long? VisibilityTimeout { get; set; }
        public long? ReceiveWaitTime { get; set; }
        public long? MaxReceiveCount { get; set; }
        /// <summary>The shared dead-letter queue's key, or null for one of its own.</summary>
        public string? DeadLetterQueue { get; set; }
    }

    /// <summary>
    /// terraform/ as the tests read it: scenarios.json (which Terraform reads too, with jsondecode), and the few facts of
    /// the .tf files that must agree with the module, read as text (no provider is needed for that).
    /// </summary>
    public static class TerraformFiles
    {
        public static string Folder => Path.Combine(RepoPaths.Root, "terraform");

        public static string Text(string file) => File.ReadAllText(Path.Combine(Folder, file));

        public static JsonDocument ScenariosJson() => JsonDocument.Parse(Text("scenarios.json"));

        public static IReadOnlyDictionary<string, MapEntry> Map()
        {
            using var json = ScenariosJson();
            var map = new Dictionary<string, MapEntry>(StringComparer.Ordinal);
            foreach (var entry in json.RootElement.GetProperty("scenarios").EnumerateObject())
            {
                var e = entry.Value;
                map[entry.Name] = new MapEntry
                {
                    Name = entry.Name,
                    Fifo = e.GetProperty("fifo").GetBoolean(),
                    ContentBasedDeduplication = e.TryGetProperty("content_based_deduplication", out var cbd) && cbd.GetBoolean(),
                    Ledger = e.GetProperty("ledger").GetBoolean(),
                    Results = e.GetProperty("results").GetBoolean(),
                    VisibilityTimeout = e.TryGetProperty("visibility_timeout", out var v) ? v.GetInt64() : (long?)null,
                    ReceiveWaitTime = e.TryGetProperty("receive_wait_time", out var w) ? w.GetInt64() : (long?)null,
                    MaxReceiveCount = e.TryGetProperty("max_receive_count", out var m) ? m.GetInt64() : (long?)null,
                    DeadLetterQueue = e.TryGetProperty("dead_letter_queue", out var d) ? d.GetString() : null,
                };
            }
            return map;
        }

        public static IReadOnlyList<string> OutputFields()
        {
            using var json = ScenariosJson();
            return json.RootElement.GetProperty("output_fields").EnumerateArray().Select(f => f.GetString()!).ToList();
        }

        /// <summary>The text of a top-level block (e.g. <c>output "scenarios"</c>), braces matched.</summary>
        public static string Block(string file, string header)
        {
            var text = Text(file);
            var start = Regex.Match(text, "^" + Regex.Escape(header) + @"\s*\{", RegexOptions.Multiline);
            if (!start.Success) throw new InvalidOperationException($"terraform/{file} has no block {header}.");
            return Braced(text, start.Index + start.Length - 1);
        }

        /// <summary>From the opening brace at <paramref name="open"/> to its closing one (strings and comments are not special: the files here need no more).</summary>
        public static string Braced(string text, int open)
        {
            var depth = 0;
            for (var i = open; i < text.Length; i++)
            {
                if (text[i] == '{') depth++;
                else if (text[i] == '}' && --depth == 0) return text.Substring(open, i - open + 1);
            }
            throw new InvalidOperationException("Unbalanced braces from offset " + open + ".");
        }

        /// <summary>The attribute names set directly inside an object or block body (one level deep).</summary>
        public static IReadOnlyList<string> Keys(string braced)
        {
            var keys = new List<string>();
            var depth = 0;
            foreach (var line in braced.Split('\n'))
            {
                if (depth == 1)
                {
                    var key = Regex.Match(line, @"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=[^=>]");
                    if (key.Success) keys.Add(key.Groups[1].Value);
                }
                depth += line.Count(c => c == '{') - line.Count(c => c == '}');
            }
            return keys;
        }

        /// <summary>Every top-level block of every .tf file of terraform/ (resource, data, locals, variable, ...), structurally read.</summary>
        public static IReadOnlyList<HclBlock> Configuration() =>
            Directory.GetFiles(Folder, "*.tf").OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany(f => Hcl.Parse(File.ReadAllText(f), Path.GetFileName(f)).Blocks)
                .ToList();

        /// <summary>The <c>resource "type" "name"</c> blocks of every file.</summary>
        public static IReadOnlyList<HclBlock> Resources(string type) =>
            Configuration().Where(b => b.Type == "resource" && b.Label(0) == type).ToList();

        /// <summary>The <c>data "type" "name"</c> blocks of every file.</summary>
        public static IReadOnlyList<HclBlock> DataSources(string type) =>
            Configuration().Where(b => b.Type == "data" && b.Label(0) == type).ToList();

        /// <summary>The attributes of every <c>locals</c> block, by name.</summary>
        public static IReadOnlyDictionary<string, string> Locals() =>
            Configuration().Where(b => b.Type == "locals").SelectMany(b => b.Body.Attributes)
                .ToDictionary(a => a.Name, a => a.Expression, StringComparer.Ordinal);

        /// <summary>A whole number written as a literal, a local holding one, or a variable's default; null for anything else.</summary>
        public static long? WholeNumber(string expression)
        {
            var e = expression.Trim();
            if (long.TryParse(e, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
            var local = Regex.Match(e, @"^local\.([A-Za-z_][A-Za-z0-9_]*)$");
            if (local.Success) return Locals().TryGetValue(local.Groups[1].Value, out var held) ? WholeNumber(held) : null;
            var variable = Regex.Match(e, @"^var\.([A-Za-z_][A-Za-z0-9_]*)$");
            if (variable.Success) return VariableDefault(variable.Groups[1].Value);
            return null;
        }

        /// <summary>A variable's default number in variables.tf.</summary>
        public static long VariableDefault(string variable)
        {
            var block = Block("variables.tf", $"variable \"{variable}\"");
            var match = Regex.Match(block, @"^\s*default\s*=\s*([0-9]+)\s*$", RegexOptions.Multiline);
            if (!match.Success) throw new InvalidOperationException($"variable \"{variable}\" has no whole-number default.");
            return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

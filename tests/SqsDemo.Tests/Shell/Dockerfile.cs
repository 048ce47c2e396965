using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SqsDemo.Tests.Hosting;

namespace SqsDemo.Tests.Shell;

/// <summary>One instruction of a Dockerfile: its keyword (upper case) and the rest of its line, continuations joined.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>A build stage: its FROM (image, name after AS, flags such as --platform) and the instructions under it.</summary>
public sealed record DockerStage(string Image, string? Name, IReadOnlyDictionary<string, string> Flags, IReadOnlyList<DockerInstruction> Instructions)
{
    /// <summary>The FROM's --platform, or null: the target platform (docker build --platform).</summary>
    public string? Platform => Flags.TryGetValue("platform", out string? platform) ? platform : null;

    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
}

/// <summary>
/// The repository's Dockerfile, read as far as the tests need: stages, COPY sources, ENV, USER, and the exec-form
/// ENTRYPOINT (a JSON array). There is no Docker engine here, so what the image would run is checked by running the
/// same command on the published shell (<see cref="PublishedShellTests"/>).
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public static string PathInRepository => System.IO.Path.Combine(RepoPaths.Root, "Dockerfile");

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>The stage the image is made of: the last one.</summary>
    public DockerStage Final => Stages[^1];

    public static Dockerfile Load() => Parse(File.ReadAllText(PathInRepository));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string? image = null, name = null;
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new StringBuilder();
        int startLine = 0, lineNumber = 0;
        foreach (string raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (pending.Length == 0)
            {
                startLine = lineNumber;
            }

            if (line.EndsWith('\\'))
            {
                pending.Append(line, 0, line.Length - 1).Append(' ');
                continue;
            }

            pending.Append(line);
            string instruction = pending.ToString().Trim();
            pending.Clear();
            int space = instruction.IndexOfAny(new[] { ' ', '\t' });
            string keyword = (space < 0 ? instruction : instruction.Substring(0, space)).ToUpperInvariant();
            string arguments = space < 0 ? "" : instruction.Substring(space + 1).Trim();
            if (keyword == "FROM")
            {
                if (current is not null)
                {
                    stages.Add(new DockerStage(image!, name, flags, current));
                }

                // FROM [--platform=<platform>] <image> [AS <name>]
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                flags = new Dictionary<string, string>(StringComparer.Ordinal);
                while (parts.Count > 0 && parts[0].StartsWith("--", StringComparison.Ordinal))
                {
                    string[] flag = parts[0].Substring(2).Split('=', 2);
                    flags[flag[0]] = flag.Length > 1 ? flag[1] : "";
                    parts.RemoveAt(0);
                }

                if (parts.Count == 0)
                {
                    throw new FormatException($"Dockerfile line {startLine}: FROM names no image.");
                }

                image = parts[0];
                name = parts.Count >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                current = new List<DockerInstruction>();
                continue;
            }

            if (current is null)
            {
                throw new FormatException($"Dockerfile line {startLine}: {keyword} before any FROM.");
            }

            current.Add(new DockerInstruction(keyword, arguments, startLine));
        }

        if (current is not null)
        {
            stages.Add(new DockerStage(image!, name, flags, current));
        }

        return new Dockerfile(stages);
    }

    /// <summary>A COPY's flags (--from=...), sources and destination, in shell form.</summary>
    public static (IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Sources, string Destination) Copy(DockerInstruction copy)
    {
        var words = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (words.Count > 0 && words[0].StartsWith("--", StringComparison.Ordinal))
        {
            string[] flag = words[0].Substring(2).Split('=', 2);
            flags[flag[0]] = flag.Length > 1 ? flag[1] : "";
            words.RemoveAt(0);
        }

        return (flags, words.Take(words.Count - 1).ToList(), words[^1]);
    }

    /// <summary>The ENV of a stage as name => value (the KEY=VALUE form, unquoted values).</summary>
    public static IReadOnlyDictionary<string, string> Environment(DockerStage stage)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DockerInstruction env in stage.All("ENV"))
        {
            foreach (string pair in env.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = pair.Split('=', 2);
                if (parts.Length != 2)
                {
                    throw new FormatException($"Dockerfile line {env.Line}: ENV is read in its KEY=VALUE form only.");
                }

                variables[parts[0]] = parts[1].Trim('"');
            }
        }

        return variables;
    }

    /// <summary>The final stage's ENTRYPOINT in exec form (a JSON array of strings).</summary>
    public IReadOnlyList<string> Entrypoint()
    {
        DockerInstruction entrypoint = Final.All("ENTRYPOINT").Last();
        return JsonSerializer.Deserialize<string[]>(entrypoint.Arguments)
            ?? throw new FormatException($"Dockerfile line {entrypoint.Line}: ENTRYPOINT is not a JSON array.");
    }
}

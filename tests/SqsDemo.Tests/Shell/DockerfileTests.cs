using System;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using SqsDemo.Tests.Hosting;
using Xunit;

namespace SqsDemo.Tests.Shell;

/// <summary>
/// What can be checked of the Dockerfile without a Docker engine: it copies files that exist and that .dockerignore
/// lets through, its images match the shell's target framework, it publishes the shell and runs it as a non-root user,
/// and its ENTRYPOINT is a command the shell can parse that runs the consumer from the environment. That the command
/// works is <see cref="PublishedShellTests"/>'s.
/// </summary>
public sealed class DockerfileTests
{
    private readonly Dockerfile _dockerfile = Dockerfile.Load();

    [Fact]
    public void Every_COPY_from_the_build_context_names_files_that_exist_and_dockerignore_lets_through()
    {
        string[] ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();
        // Above all, no bin/ or obj/: their project.assets.json name this machine's paths and would break the restore.
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);

        var copies = _dockerfile.Stages.SelectMany(s => s.All("COPY")).Select(Dockerfile.Copy).Where(c => !c.Flags.ContainsKey("from")).ToList();
        Assert.NotEmpty(copies);
        foreach (var (_, sources, _) in copies)
        {
            foreach (string source in sources)
            {
                string path = Path.Combine(RepoPaths.Root, source.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: no such file or folder in the repository");
                string top = source.Split('/')[0] + "/";
                Assert.DoesNotContain(top, ignored);
            }
        }
    }

    [Fact]
    public void It_publishes_the_shell_on_the_SDK_and_runs_it_on_the_runtime_of_its_target_framework_as_a_non_root_user()
    {
        string project = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "SqsDemo.Shell", "SqsDemo.Shell.csproj"));
        string version = Regex.Match(project, "<TargetFramework>net([0-9.]+)</TargetFramework>").Groups[1].Value;
        Assert.NotEqual("", version);

        Assert.Equal(2, _dockerfile.Stages.Count);
        DockerStage build = _dockerfile.Stages[0];
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:" + version, build.Image);
        Assert.Contains(build.All("RUN"), r => r.Arguments.StartsWith("dotnet publish src/SqsDemo.Shell/SqsDemo.Shell.csproj ", StringComparison.Ordinal)
                                             && r.Arguments.Contains("--output /app", StringComparison.Ordinal));

        DockerStage final = _dockerfile.Final;
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:" + version, final.Image);
        Assert.Null(final.Platform);
        var fromBuild = final.All("COPY").Select(Dockerfile.Copy).Single();
        Assert.Equal(build.Name, fromBuild.Flags["from"]);
        Assert.Equal(new[] { "/app" }, fromBuild.Sources);

        string user = final.All("USER").Last().Arguments;
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        // The .NET images' unprivileged user (APP_UID is 1654 in them); any other user would have to be made first.
        Assert.Equal("$APP_UID", user);
    }

    [Fact]
    public void The_build_stage_runs_on_the_builders_platform_and_publishes_portable_output_for_the_target_platforms_runtime()
    {
        // An ARM machine building the linux/amd64 image runs the SDK natively rather than under emulation...
        DockerStage build = _dockerfile.Stages[0];
        Assert.Equal("$BUILDPLATFORM", build.Platform);
        // ...which is right only while the publish is portable: a runtime identifier (here or in the project) would
        // build for the builder's platform, not the image's. The final stage takes the target platform.
        DockerInstruction publish = build.All("RUN").Single(r => r.Arguments.StartsWith("dotnet publish ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"(^|\s)(-r|--runtime|-a|--arch|--os|--self-contained|--sc|-p:PublishAot=true)(\s|=|$)", publish.Arguments);
        string project = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "SqsDemo.Shell", "SqsDemo.Shell.csproj"));
        Assert.DoesNotMatch("<(RuntimeIdentifiers?|SelfContained|PublishAot|PublishSingleFile)>", project);
        Assert.Null(_dockerfile.Final.Platform);
    }

    [Fact]
    public void The_parser_reads_FROM_flags_apart_from_the_image_and_its_name()
    {
        var parsed = Dockerfile.Parse("FROM --platform=$BUILDPLATFORM example/sdk:1 AS build\nRUN true\nFROM example/runtime:1\nCOPY --from=build /app ./\n");
        Assert.Equal(2, parsed.Stages.Count);
        Assert.Equal("example/sdk:1", parsed.Stages[0].Image);
        Assert.Equal("build", parsed.Stages[0].Name);
        Assert.Equal("$BUILDPLATFORM", parsed.Stages[0].Platform);
        Assert.Equal("example/runtime:1", parsed.Stages[1].Image);
        Assert.Null(parsed.Stages[1].Name);
        Assert.Null(parsed.Stages[1].Platform);
    }

    [Fact]
    public void The_ENTRYPOINT_runs_the_shell_with_a_command_that_connects_by_region_and_consumes_from_the_environment()
    {
        var entrypoint = _dockerfile.Entrypoint();
        Assert.Equal(new[] { "dotnet", "SqsDemo.Shell.dll", "-Command" }, entrypoint.Take(3));
        Assert.Equal(4, entrypoint.Count);

        var ast = Parser.ParseInput(entrypoint[3], out _, out ParseError[] errors);
        Assert.Empty(errors);
        var commands = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().ToList();
        Assert.Equal(new[] { "Connect-DemoBackend", "Start-DemoConsumer" }, commands.Select(c => c.GetCommandName()));
        Assert.Contains(commands[0].CommandElements.OfType<CommandParameterAst>(), p => p.ParameterName == "Region");
        Assert.Contains(commands[1].CommandElements.OfType<CommandParameterAst>(), p => p.ParameterName == "FromEnvironmentVariables");
        // The region is the task definition's: terraform/ecs.tf sets AWS_REGION.
        Assert.Contains("$env:AWS_REGION", entrypoint[3], StringComparison.Ordinal);
    }
}
